#!/bin/bash
# Installs what building and testing need on Debian 12, when missing:
# compilers and libraries, Debian's 6.1 kernel (bookworm) and 6.12 kernel
# (bookworm-backports) with headers, QEMU and the initramfs tools, and
# debootstrap (the kernels of other suites are fetched into build/ on
# first use, never installed here: tests/lib/kfetch.sh).
set -eu
export DEBIAN_FRONTEND=noninteractive

# Packages from bookworm (the main suite).
PKGS="build-essential pkg-config clang llvm libclang-rt-14-dev valgrind
 libmnl-dev libpcap-dev libpcap0.8-dev sparse linux-source-6.1
 linux-image-amd64 linux-headers-amd64 qemu-system-x86 busybox-static systemd prometheus
 iproute2 kmod cpio gzip tcpdump libndpi-bin python3 python3-yaml nftables
 bash-completion debhelper dh-dkms dkms lintian dpkg-dev fakeroot
 ethtool libnetfilter-queue-dev debootstrap xz-utils zstd"

missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
	done
}

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

updated=
apt_update() {
	[ -n "$updated" ] && return 0
	echo "deps: apt-get update" >&2
	sudo_ apt-get update -qq >/dev/null 2>&1 || true
	updated=1
}

# bookworm-backports carries the 6.12 kernel.
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: adding bookworm-backports" >&2
	sudo_ tee /etc/apt/sources.list.d/p2pfence-backports.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt_update
fi

# shellcheck disable=SC2086
need=$(missing $PKGS)
if [ -n "$need" ]; then
	apt_update
	echo "deps: installing" $need >&2
	# shellcheck disable=SC2086
	sudo_ apt-get install -y -qq --no-install-recommends $need >/dev/null
	# The tests need promtool only; Debian's prometheus package also
	# enables and starts a Prometheus server, which a test box should not run.
	case " $need " in
	*" prometheus "*)
		if [ -d /run/systemd/system ]; then
			sudo_ systemctl disable --now prometheus.service >/dev/null 2>&1 || true
		fi ;;
	esac
fi

# The 6.12 kernel: image and headers from backports, beside 6.1.
if ! ls -d /lib/modules/6.12.*/build >/dev/null 2>&1 || ! ls /boot/vmlinuz-6.12.* >/dev/null 2>&1; then
	apt_update
	echo "deps: installing the 6.12 kernel from bookworm-backports" >&2
	sudo_ apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		linux-image-amd64 linux-headers-amd64 >/dev/null
fi

# checkpatch.pl ships inside the linux-source tarball.
if [ ! -x build/checkpatch/scripts/checkpatch.pl ]; then
	tarball=$(ls /usr/src/linux-source-6.1*.tar.* 2>/dev/null | head -n 1)
	if [ -n "$tarball" ]; then
		mkdir -p build/checkpatch
		top=$(tar -tf "$tarball" | head -n 1 | cut -d/ -f1)
		tar -xf "$tarball" -C build/checkpatch --strip-components=1 \
			"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
			"$top/scripts/const_structs.checkpatch"
	fi
fi
exit 0
