#!/bin/bash
# vmlinux.sh IMAGE OUT: writes the uncompressed kernel (ELF) held inside
# IMAGE (a bzImage such as /boot/vmlinuz-KVER) to OUT, when it has a PVH entry point. QEMU then
# starts it directly (PVH boot) instead of running the bzImage's own
# decompressor, which costs several seconds under TCG. Exits non-zero
# (and writes nothing) when that is not possible; the caller then boots
# the bzImage. Cached: redone only when the image is newer than OUT.
set -euo pipefail
img=$1 out=$2
[ -r "$img" ] || exit 1
[ -s "$out" ] && [ "$out" -nt "$img" ] && exit 0
command -v readelf >/dev/null || exit 1

tmp=$out.tmp
# The payload starts at the first compressed-stream signature that
# decompresses to an ELF file.
for sig in 'fd377a585a00:xz -dcq' '28b52ffd:zstd -dcq' '1f8b0800:gzip -dcq' \
	'5d000000:xz -dcq --format=lzma'; do
	magic=$(echo "${sig%%:*}" | sed 's/../\\x&/g')
	cmd=${sig#*:}
	for pos in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1 | head -n 3); do
		tail -c +$((pos + 1)) "$img" | $cmd >"$tmp" 2>/dev/null || true
		if [ "$(head -c 4 "$tmp" | od -An -c | tr -d ' ')" = '177ELF' ] &&
			readelf -n "$tmp" 2>/dev/null | grep -q 'Xen.*0x00000012\|Unknown note type: (0x00000012)'; then
			mv "$tmp" "$out"
			exit 0
		fi
	done
done
rm -f "$tmp"
exit 1
