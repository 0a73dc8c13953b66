#!/bin/sh
# Prints the kernels the VM tests run on, one per line: the newest
# installed 6.1.x and the newest 6.12.x that have both a bootable image
# (/boot/vmlinuz-X) and headers to build against (/lib/modules/X/build).
# KVERS="a b" overrides the choice (e.g. to test a single kernel).
if [ -n "${KVERS:-}" ]; then
	printf '%s\n' $KVERS
	exit 0
fi
usable=$(for d in /lib/modules/*/build; do
	[ -d "$d" ] || continue
	k=${d#/lib/modules/}
	k=${k%/build}
	[ -f "/boot/vmlinuz-$k" ] && echo "$k"
done | sort -V)
for series in 6.1 6.12; do
	echo "$usable" | grep -E "^${series}\.[0-9]" | tail -n 1
done
