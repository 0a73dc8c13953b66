#!/bin/bash
# Debian kernels from suites other than the host's, without installing
# anything of theirs on the host:
#
#   kfetch.sh --resolve DISTRO ERE   prints the newest kernel (uname -r)
#                                    whose image package is linux-image-ERE
#                                    and whose headers are in DISTRO's
#                                    suites (cached in build/kernels/resolved)
#   kfetch.sh KVER                   fetches KVER's image, modules and
#                                    headers (first use only) and prints
#                                    "ROOT CHROOT": the unpacked image
#                                    (ROOT/boot/vmlinuz-KVER,
#                                    ROOT/lib/modules/KVER with depmod's
#                                    indexes) and the debootstrap chroot
#                                    of DISTRO holding the headers at
#                                    /lib/modules/KVER/build, with the
#                                    compiler and sparse they want, and
#                                    DKMS
#   kfetch.sh --chroot KVER          prints CHROOT only (nothing fetched)
#   kfetch.sh --where KVER           prints "ROOT CHROOT" if fetched, else
#                                    fails (nothing fetched)
#
# Packages come through a private apt configuration per distro
# (build/kernels/apt/DISTRO: its own sources list, lists and cache; the
# host's apt state is not read or written) and are unpacked with
# dpkg-deb -x. The chroot (build/chroot/DISTRO) is made by debootstrap
# from the same archive; the headers are unpacked into it and built
# against there (tests/lib/kmake.sh), since their compiler (gcc-10 for
# bullseye, gcc-14 for trixie) and their tools' C library differ from
# the host's. Everything lives under build/; `make clean` removes it.
#
# Environment: P2PF_MIRROR (default http://deb.debian.org/debian),
# P2PF_SECURITY_MIRROR (default http://deb.debian.org/debian-security).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kb=$top/build/kernels
mirror=${P2PF_MIRROR:-http://deb.debian.org/debian}
secmirror=${P2PF_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
log() { echo "kfetch: $*" >&2; }

# The apt suites of each distro (a chroot's sources too).
sources() {
	case $1 in
	bullseye)
		echo "deb [signed-by=$keyring] $mirror bullseye main"
		echo "deb [signed-by=$keyring] $secmirror bullseye-security main"
		;;
	trixie)
		echo "deb [signed-by=$keyring] $mirror trixie main"
		echo "deb [signed-by=$keyring] $mirror trixie-updates main"
		echo "deb [signed-by=$keyring] $secmirror trixie-security main"
		echo "deb [signed-by=$keyring] $mirror trixie-backports main"
		;;
	sid)
		echo "deb [signed-by=$keyring] $mirror sid main"
		;;
	*) log "unknown distro $1"; exit 2 ;;
	esac
}

mkdir -p "$kb/apt/empty.d"

# apt_ DISTRO apt-get|apt-cache ARGS...: with the distro's private state.
apt_() {
	local d=$kb/apt/$1 tool=$2
	shift 2
	"$tool" -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts="$kb/apt/empty.d" \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache="$d/cache" -o Dir::State::status="$d/status" \
		-o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts="$kb/apt/empty.d" -o APT::Sandbox::User=root \
		-o APT::Architecture=amd64 -o Debug::NoLocking=1 -q "$@"
}
apt_ready() {
	local d=$kb/apt/$1
	[ -f "$d/updated" ] && return 0
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
	sources "$1" >"$d/sources.list"
	: >"$d/status"
	log "apt-get update ($1, private configuration under build/kernels/apt)"
	apt_ "$1" apt-get update -qq >"$d/update.log" 2>&1 || { cat "$d/update.log" >&2; return 1; }
	touch "$d/updated"
}

# cached DISTRO ERE: the kernel resolved before, if any.
cached() {
	D=$1 R=$2 awk -F '\t' '$1 == ENVIRON["D"] && $2 == ENVIRON["R"] { k = $3 } END { print k }' \
		"$kb/resolved" 2>/dev/null || true
}

resolve() {
	local distro=$1 re=$2 k
	k=$(cached "$distro" "$re")
	if [ -z "$k" ]; then
		# One at a time per distro (suites may run side by side).
		exec 8>"$kb/.lock-$distro"
		flock 8
		k=$(cached "$distro" "$re")
	fi
	if [ -z "$k" ]; then
		apt_ready "$distro"
		# The newest whose headers are there too: a backports suite keeps
		# the signed images of older releases, but only the newest
		# release's headers and modules.
		for k in $(apt_ "$distro" apt-cache pkgnames linux-image- | sed -n "s/^linux-image-//p" |
			grep -E "^($re)\$" | sort -rV) ''; do
			[ -n "$k" ] || return 1
			apt_ "$distro" apt-cache show --no-all-versions "linux-headers-$k" >/dev/null 2>&1 && break
		done
		printf '%s\t%s\t%s\n' "$distro" "$re" "$k" >>"$kb/resolved"
	fi
	echo "$k"
}

# distro_of KVER: from the resolved list.
distro_of() {
	K=$1 awk -F '\t' '$3 == ENVIRON["K"] { d = $1 } END { print d }' "$kb/resolved" 2>/dev/null || true
}

# closure DISTRO PKG...: PKG and the linux-*-ABI packages it depends on
# (first alternatives), recursively: image, modules, headers, kbuild.
closure() {
	local distro=$1 p dep
	shift
	local -A seen=()
	local queue=("$@")
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		[ -n "${seen[$p]:-}" ] && continue
		seen[$p]=1
		echo "$p"
		for dep in $(apt_ "$distro" apt-cache show --no-all-versions "$p" |
			sed -n 's/^\(Pre-\)\?Depends: //p' | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/ //g'); do
			case $dep in
			linux-image-*|linux-headers-*|linux-kbuild-*|linux-binary-*|linux-modules-*|linux-base-*|linux-compiler-*)
				queue+=("$dep") ;;
			esac
		done
	done
}

# outside DISTRO PKG...: the other dependencies of PKG... (first
# alternatives, minus the closure itself and what only installing would
# need): what the chroot must have to use the unpacked packages.
outside() {
	local distro=$1
	shift
	apt_ "$distro" apt-cache show --no-all-versions "$@" | sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/(.*//; s/ //g; s/:any$//' | sort -u | grep -vxF -f <(printf '%s\n' "$@") |
		grep -vE '^(linux-base|kmod|initramfs-tools|dracut|linux-initramfs-tool|debconf)$' |
		grep -vE '^linux-(image|binary|modules|base)-' || true
}

chroot_ready() {
	local distro=$1 root=$top/build/chroot/$1
	[ -f "$root/.p2pf-ready" ] && return 0
	command -v debootstrap >/dev/null || { log "debootstrap missing (tests/lib/deps.sh installs it)"; return 1; }
	log "debootstrap $distro into build/chroot/$distro (first use only, a few minutes)"
	rm -rf "$root"
	mkdir -p "$top/build/chroot"
	if ! nice -n 10 debootstrap --variant=minbase --include=make,libc6-dev,sparse,xz-utils,zstd \
		"$distro" "$root" "$mirror" >"$top/build/chroot/$distro.log" 2>&1; then
		tail -n 20 "$top/build/chroot/$distro.log" >&2
		log "debootstrap $distro failed (log: build/chroot/$distro.log)"
		return 1
	fi
	sources "$distro" >"$root/etc/apt/sources.list"
	touch "$root/.p2pf-ready"
}

# chroot_tools DISTRO: what the packaging test uses in an overlay of the
# chroot (tests/vm/pkg/upgrade.sh): DKMS as that suite ships it.
chroot_tools() {
	local root=$top/build/chroot/$1
	[ -f "$root/.p2pf-tools" ] && return 0
	log "chroot $1: installing dkms"
	in_chroot "$root" apt-get update -qq >&2
	in_chroot "$root" nice -n 10 apt-get install -y -qq --no-install-recommends dkms openssl kmod \
		>"$root.tools.log" 2>&1 || { tail -n 20 "$root.tools.log" >&2; return 1; }
	touch "$root/.p2pf-tools"
}

# in_chroot ROOT CMD...: CMD in the chroot, in a private mount namespace
# with /dev and /proc (gone when it ends).
in_chroot() {
	local root=$1
	shift
	unshare -m --propagation private sh -c '
		root=$1; shift
		mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"' sh "$root" "$@"
}

# unpack DEB DIR: like dpkg-deb -x, but keeping the symbolic links of a
# merged-/usr root (/lib -> usr/lib) instead of replacing them.
unpack() {
	dpkg-deb --fsys-tarfile "$1" | tar -x --keep-directory-symlink -C "$2"
}

fetch() {
	local kver=$1 distro dir debs root chroot hdr img
	distro=$(distro_of "$kver")
	[ -n "$distro" ] || { log "$kver is not a kernel tests/lib/kernels.sh resolved"; exit 2; }
	dir=$kb/$kver root=$kb/$kver/root chroot=$top/build/chroot/$distro
	exec 8>"$kb/.lock-$distro"
	flock 8
	if [ -f "$dir/.ready" ] && [ -f "$chroot/.p2pf-ready-$kver" ] && [ -f "$chroot/.p2pf-tools" ]; then
		echo "$root $chroot"
		return 0
	fi
	apt_ready "$distro"
	debs=$dir/debs
	mkdir -p "$debs"
	img=$(closure "$distro" "linux-image-$kver")
	hdr=$(closure "$distro" "linux-headers-$kver" | grep -vE '^linux-(image|binary|modules|base)-')
	if [ ! -f "$dir/.ready" ]; then
		log "fetching $kver ($distro): ${img//$'\n'/ }"
		# shellcheck disable=SC2086
		(cd "$debs" && apt_ "$distro" apt-get download -qq $img >&2)
		rm -rf "$root"
		mkdir -p "$root"
		for p in $img; do unpack "$debs/${p}_"*.deb "$root"; done
		# Packages of merged-/usr suites may ship usr/lib/modules only.
		[ -e "$root/lib" ] || ln -s usr/lib "$root/lib"
		# From 7.x the image sits beside the modules; /boot is the
		# postinst's job.
		if [ ! -e "$root/boot/vmlinuz-$kver" ] && [ -e "$root/lib/modules/$kver/vmlinuz" ]; then
			mkdir -p "$root/boot"
			ln -s "../lib/modules/$kver/vmlinuz" "$root/boot/vmlinuz-$kver"
		fi
		[ -f "$root/boot/vmlinuz-$kver" ] || { log "no boot/vmlinuz-$kver in ${img//$'\n'/ }"; exit 1; }
		depmod -b "$root" "$kver"
		touch "$dir/.ready"
	fi
	if [ ! -f "$chroot/.p2pf-ready-$kver" ]; then
		chroot_ready "$distro"
		local need
		# shellcheck disable=SC2086
		need=$(outside "$distro" $hdr)
		log "chroot $distro: installing ${need//$'\n'/ } for the $kver headers"
		in_chroot "$chroot" apt-get update -qq >&2
		# shellcheck disable=SC2086
		in_chroot "$chroot" nice -n 10 apt-get install -y -qq --no-install-recommends $need >"$dir/chroot-install.log" 2>&1 ||
			{ tail -n 20 "$dir/chroot-install.log" >&2; exit 1; }
		# shellcheck disable=SC2086
		(cd "$debs" && apt_ "$distro" apt-get download -qq $hdr >&2)
		for p in $hdr; do unpack "$debs/${p}_"*.deb "$chroot"; done
		[ -d "$chroot/lib/modules/$kver/build" ] || [ -d "$chroot/usr/src/linux-headers-$kver" ] ||
			{ log "no headers for $kver in the chroot"; exit 1; }
		touch "$chroot/.p2pf-ready-$kver"
	fi
	chroot_tools "$distro"
	# Unpacked: the packages themselves are not needed any more.
	rm -rf "$debs"
	echo "$root $chroot"
}

case ${1:-} in
--resolve) resolve "$2" "$3" ;;
--chroot)
	d=$(distro_of "$2")
	[ -n "$d" ] || exit 1
	echo "$top/build/chroot/$d"
	;;
--where)
	d=$(distro_of "$2")
	[ -n "$d" ] && [ -f "$kb/$2/.ready" ] && [ -f "$top/build/chroot/$d/.p2pf-ready-$2" ] || exit 1
	echo "$kb/$2/root $top/build/chroot/$d"
	;;
-*|'') echo "usage: kfetch.sh KVER | --resolve DISTRO ERE | --chroot KVER | --where KVER" >&2; exit 2 ;;
*) fetch "$1" ;;
esac
