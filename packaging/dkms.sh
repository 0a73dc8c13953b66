#!/bin/bash
# `make dkms-install` and `make dkms-uninstall`, for systems without the
# Debian packages.
#
#   packaging/dkms.sh install [KVER...]
#       copies the module's sources to /usr/src/p2pfence-VERSION, registers
#       them with DKMS and builds and installs the module for each KVER
#       (default: every kernel whose headers are installed). DKMS rebuilds
#       it when a kernel is installed later (AUTOINSTALL). With DESTDIR
#       set, only copies the sources there (for distribution packagers).
#   packaging/dkms.sh uninstall
#       removes the module from DKMS (every kernel) and the sources.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/packaging/lib.sh"
name=p2pfence
ver=$("$top/packaging/version.sh")
src=/usr/src/$name-$ver

die() { echo "dkms.sh: $*" >&2; exit 1; }

copy_sources() {
	local dest=$1
	rm -rf "$dest"
	# shellcheck disable=SC2046
	copy_files "$dest" $(module_files)
	sed "s/#MODULE_VERSION#/$ver/" "$top/dkms.conf" >"$dest/dkms.conf"
	chmod 0644 "$dest/dkms.conf"
}

# The Debian package p2pfence-dkms owns its /usr/src directory; mixing
# the two ways of installing would leave dpkg's view wrong.
refuse_if_packaged() {
	local d
	for d in "/usr/src/$name"-*; do
		[ -e "$d" ] || continue
		if dpkg-query -S "$d" >/dev/null 2>&1; then
			die "$d belongs to a Debian package ($(dpkg-query -S "$d" | cut -d: -f1)): use apt to install or remove it"
		fi
	done
}

# Versions of p2pfence that DKMS knows, one per line.
registered() {
	dkms status -m "$name" 2>/dev/null | sed -n "s|^$name/\([^,:]*\)[,:].*|\1|p" | sort -u
}

# Kernels with headers: what DKMS can build for.
kernels_with_headers() {
	local d
	for d in /lib/modules/*/build; do
		[ -e "$d/include" ] || continue
		d=${d%/build}
		echo "${d#/lib/modules/}"
	done
}

install_() {
	if [ -n "${DESTDIR:-}" ]; then
		copy_sources "$DESTDIR$src"
		echo "dkms.sh: sources in $DESTDIR$src (DESTDIR set: DKMS not run)"
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || die "run as root (it writes /usr/src, /var/lib/dkms and /lib/modules)"
	command -v dkms >/dev/null || die "dkms is not installed (Debian/Ubuntu: apt-get install dkms)"
	refuse_if_packaged
	local v k kernels built=0
	# One version at a time, as the Debian package does: an older one
	# would otherwise stay the one modprobe finds for some kernels.
	for v in $(registered); do
		echo "dkms.sh: removing $name/$v from DKMS"
		dkms remove -m "$name" -v "$v" --all
		[ "$v" = "$ver" ] || rm -rf "/usr/src/$name-$v"
	done
	copy_sources "$src"
	dkms add -m "$name" -v "$ver"
	kernels=${*:-$(kernels_with_headers)}
	[ -n "$kernels" ] || die "no kernel headers under /lib/modules/*/build: install linux-headers-$(uname -r)"
	for k in $kernels; do
		# 77: the kernel is outside BUILD_EXCLUSIVE_KERNEL.
		rc=0
		dkms build -m "$name" -v "$ver" -k "$k" || rc=$?
		case $rc in
		0) dkms install -m "$name" -v "$ver" -k "$k"; built=$((built + 1)) ;;
		77) echo "dkms.sh: $k skipped: not a tested kernel series (dkms.conf's BUILD_EXCLUSIVE_KERNEL)" ;;
		*) die "dkms build for $k failed (log: /var/lib/dkms/$name/$ver/build/make.log)" ;;
		esac
	done
	[ "$built" -gt 0 ] || die "the module was built for no kernel"
	dkms status -m "$name"
}

uninstall_() {
	[ "$(id -u)" -eq 0 ] || die "run as root"
	refuse_if_packaged
	local v found=
	if command -v dkms >/dev/null; then
		for v in $(registered); do
			dkms remove -m "$name" -v "$v" --all
			rm -rf "/usr/src/$name-$v"
			found=1
		done
	fi
	if [ -d "$src" ]; then
		rm -rf "$src"
		found=1
	fi
	[ -n "$found" ] || echo "dkms.sh: $name is not installed with DKMS"
	return 0
}

case ${1:-} in
install) shift; install_ "$@" ;;
uninstall) uninstall_ ;;
*) echo "usage: packaging/dkms.sh install [KVER...] | uninstall" >&2; exit 2 ;;
esac
