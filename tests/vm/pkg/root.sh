# shellcheck shell=bash
# A throwaway root for installing packages without touching the host:
# an overlay whose lower layer is the host's / (read only) and whose upper
# layer is a tmpfs, so every write lands in memory and vanishes with the
# mount namespace. Source it from a process that runs in its own private
# mount namespace (unshare -m --propagation private); needs overlayfs.
#
#   root_up DIR [LOWER]  mounts the root at DIR/root (upper layer DIR/upper)
#                    over LOWER (default /: the host; or a debootstrap
#                    chroot of another Debian suite)
#   in_root CMD...   runs CMD chrooted there, with a clean environment
#   root_changes     lists, one per line, what differs from the host:
#                    "added PATH", "changed PATH", "removed PATH"

ROOT='' ROOT_UPPER=

root_up() {
	local dir=$1 lower=${2:-/}
	mkdir -p "$dir"
	mount -t tmpfs -o size=4g,mode=0755 p2pf-root "$dir" || return 1
	mkdir "$dir/upper" "$dir/work" "$dir/root"
	mount -t overlay p2pf-root -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$dir/root" || return 1
	ROOT=$dir/root ROOT_UPPER=$dir/upper
	# Kernel file systems, and empty /run and /tmp: no systemd, no host
	# sockets or locks are visible inside.
	mount --rbind /dev "$ROOT/dev"
	mount -t proc proc "$ROOT/proc"
	mount --rbind /sys "$ROOT/sys"
	mount -t tmpfs tmpfs "$ROOT/run"
	mount -t tmpfs tmpfs "$ROOT/tmp"
	# Debian's way to keep maintainer scripts from starting services in
	# a chroot.
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}

in_root() {
	chroot "$ROOT" /usr/bin/env -i HOME=/root LC_ALL=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive \
		PATH="${ROOT_PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}" "$@"
}

# Whiteouts (character devices 0:0) are deletions of host files; anything
# else in the upper layer was written, and counts when it is new or its
# content (or link target, or mode) differs from the host's.
root_changes() {
	local rel host up
	(cd "$ROOT_UPPER" && find . -mindepth 1 \( -type f -o -type l -o -type c -o -type d \) -print) |
		LC_ALL=C sort | while IFS= read -r rel; do
		rel=${rel#.}
		host=$rel up=$ROOT_UPPER$rel
		if [ -c "$up" ] && [ "$(stat -c %t:%T "$up")" = 0:0 ]; then
			echo "removed $rel"
		elif [ ! -e "$host" ] && [ ! -L "$host" ]; then
			echo "added $rel"
		elif [ -L "$up" ]; then
			[ "$(readlink "$up")" = "$(readlink "$host")" ] || echo "changed $rel"
		elif [ -d "$up" ]; then
			[ "$(stat -c %a "$up")" = "$(stat -c %a "$host")" ] || echo "changed $rel"
		elif [ -f "$up" ]; then
			cmp -s "$up" "$host" || echo "changed $rel"
		fi
	done
}
