#!/bin/bash
# Builds the part of the VM's initramfs that does not change between test
# runs: busybox, bash, iproute2, kmod (modprobe) and optional tools (nft,
# jq, tcpdump, ethtool, systemd-journald and journalctl) with their shared
# libraries, the dynamically linked
# test tools (nfqaccept) with theirs, plus the kernel modules the
# topology needs (veth, bridge and whatever is asked for) with their
# dependency closure, decompressed and indexed by depmod so that the
# guest's modprobe (and the kernel's request_module) find them.
#
# usage: mkinitramfs.sh KVER OUT.cpio.gz [KMOD...]
# The archive is rebuilt only when its inputs change (stamp beside it).
set -euo pipefail

kver=$1 out=$2
shift 2
kmods="veth bridge $*"
# P2PF_KROOT: where the kernel's modules are unpacked (a kernel of another
# suite, tests/lib/kfetch.sh), instead of the host's /lib/modules.
kroot=${P2PF_KROOT:-}
moddir=$kroot/lib/modules/$kver

# Executables copied with their libraries when present on the host;
# the ones marked ! are required.
bins="!/usr/sbin/ip !/usr/bin/kmod !/bin/bash /usr/sbin/nft /usr/sbin/bridge /usr/bin/jq /usr/sbin/ethtool /usr/bin/setpriv /usr/bin/unshare /usr/bin/chrt /lib/systemd/systemd-journald /usr/bin/journalctl"

# Test tools built dynamically (tests/tools/Makefile: Debian has no static
# libnetfilter_queue stack), put on the guest's PATH in /usr/local/bin with
# their shared libraries in the places the guest's loader searches. The
# static tools (udpreplay, udpsink) come with every run (tests/vm/run).
tools_dir=$(cd "$(dirname "$0")/../tools" && pwd)
dyn_tools="$tools_dir/nfqaccept"

stamp_of() {
	{
		echo "$kver $kmods"
		sha256sum "$0"
		ls -l --time-style=+%s /bin/busybox "$moddir/modules.dep" 2>&1
		for b in $bins $dyn_tools; do ls -lL --time-style=+%s "${b#!}" 2>&1; done
	} | sha256sum | cut -d' ' -f1
}

stamp=$(stamp_of)
if [ -f "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

[ -x /bin/busybox ] || { echo "mkinitramfs: /bin/busybox missing (apt-get install busybox-static)" >&2; exit 1; }
case $(ldd /bin/busybox 2>&1 || true) in *'not a dynamic'*) ;; *) false ;; esac ||
	{ echo "mkinitramfs: /bin/busybox is not static (install busybox-static)" >&2; exit 1; }
[ -f "$moddir/modules.dep" ] || { echo "mkinitramfs: no $moddir/modules.dep" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib64,lib,proc,sys,dev,run,tmp,t,etc,var,root,mnt}
ln -s ../run "$stage/var/run"

# Copies a file to the same path inside the stage, following symlinks.
put() {
	mkdir -p "$stage$(dirname "$2")"
	cp -L "$1" "$stage$2"
}

# An executable and every shared library ldd reports for it.
put_exe() {
	local exe=$1 lib
	put "$exe" "$exe"
	for lib in $(ldd "$exe" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$stage$lib" ] || put "$lib" "$lib"
	done
}

cp /bin/busybox "$stage/bin/busybox"
for b in $bins; do
	path=${b#!}
	if [ -x "$path" ]; then
		put_exe "$path"
	elif [ "$b" != "$path" ]; then
		echo "mkinitramfs: required $path missing" >&2
		exit 1
	fi
done
for t in $dyn_tools; do
	[ -x "$t" ] || continue	# not built: tests that need it say so
	put "$t" "/usr/local/bin/$(basename "$t")"
	for lib in $(ldd "$t" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$stage$lib" ] || put "$lib" "$lib"
	done
done
# bash and ip live in /usr too on merged-/usr systems; make both paths work.
[ -e "$stage/usr/bin/bash" ] || ln -s /bin/bash "$stage/usr/bin/bash"
for t in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -sf /usr/bin/kmod "$stage/sbin/$t"
done
# /bin/sh is bash: Debian's busybox runs its own applets before PATH
# (so `ip` in a busybox script would be busybox's, which lacks veth).
ln -s bash "$stage/bin/sh"
# Every busybox applet not provided by a real tool above.
for a in $(/bin/busybox --list-full); do
	[ -e "$stage/$a" ] || [ -L "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
echo 'root:x:0:' >"$stage/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$stage/etc/hosts"
: >"$stage/etc/nsswitch.conf"

# The modules with everything they need, in load order: modprobe of the
# host's kmod resolves dependencies, soft dependencies (libcrc32c wants a
# crc32c provider) and built-ins for a kernel that is not running.
declare -A want=()
order=()
for m in $kmods; do
	if ! deps=$(modprobe ${kroot:+-d "$kroot"} -S "$kver" --show-depends "$m" 2>&1); then
		echo "mkinitramfs: kernel module $m not found for $kver: $deps" >&2
		exit 1
	fi
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue	# "builtin NAME": nothing to load
		p=${path#"$moddir/"}
		[ -n "${want[$p]:-}" ] && continue
		want[$p]=1
		order+=("/lib/modules/$kver/${p%.ko*}.ko")
	done <<<"$deps"
done
for p in "${!want[@]}"; do
	dst=$stage/lib/modules/$kver/${p%.ko*}.ko
	mkdir -p "$(dirname "$dst")"
	case $p in
	*.ko.xz)  xz -dc "$moddir/$p" >"$dst" ;;
	*.ko.zst) zstd -qdc "$moddir/$p" >"$dst" ;;
	*.ko.gz)  gzip -dc "$moddir/$p" >"$dst" ;;
	*.ko)     cp "$moddir/$p" "$dst" ;;
	esac
done
# /init inserts these in this order with busybox insmod (a static binary:
# much cheaper under TCG than modprobe's dynamic kmod).
mkdir -p "$stage/p2pf-base"
printf '%s\n' "${order[@]}" >"$stage/p2pf-base/kmods"
mkdir -p "$stage/lib/modules/$kver"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$moddir/$f" ] && cp "$moddir/$f" "$stage/lib/modules/$kver/"
done
depmod -b "$stage" "$kver"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet -R 0:0) | "$(dirname "$0")/compress" >"$out.tmp"
mv "$out.tmp" "$out"
echo "$stamp" >"$out.stamp"
