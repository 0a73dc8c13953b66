#!/bin/bash
# kmake.sh KVER MAKE-ARGS...: runs make with MAKE-ARGS for building
# against KVER's headers (-C /lib/modules/KVER/build M=...).
# A kernel whose headers are installed on the host builds here; one of
# the extra kernels (tests/lib/kernels.sh --extra) is fetched on first
# use (tests/lib/kfetch.sh) and built inside its suite's chroot, where
# its compiler and headers are, with this tree bound at the same path
# (so M=, paths in messages and outputs are the same inside and out).
# Anything else fails with a hint.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=$1
shift
if [ -d "/lib/modules/$kver/build" ]; then
	exec make "$@"
fi
if ! "$top/tests/lib/kfetch.sh" --chroot "$kver" >/dev/null; then
	# Not resolved yet in this tree: maybe a tested kernel all the same.
	tests_k=$(KERNELS='' "$top/tests/lib/kernels.sh" --all 2>/dev/null || true)
	if ! printf '%s\n' "$tests_k" | grep -qxF "$kver"; then
		echo "kmake: no headers for $kver in /lib/modules/$kver/build, and not a tested kernel" \
			"(tests/vm/kernels); install linux-headers-$kver" >&2
		exit 1
	fi
fi
read -r _ chroot < <("$top/tests/lib/kfetch.sh" "$kver")
exec unshare -m --propagation private /bin/bash -c '
	set -e
	chroot=$1 top=$2
	shift 2
	mkdir -p "$chroot$top"
	mount --bind "$top" "$chroot$top"
	mount --rbind /dev "$chroot/dev"
	mount -t proc proc "$chroot/proc"
	exec chroot "$chroot" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C MAKEFLAGS="${MAKEFLAGS:-}" /bin/sh -c "cd \"\$0\" && exec nice -n 10 make \"\$@\"" "$PWD" "$@"
' kmake "$chroot" "$top" "$@"
