#!/bin/bash
# Config reloads in QEMU: tests/vm/restore/guest.sh on every kernel of
# tests/lib/kernels.sh: 100 restores swapping between two configurations
# while the tagged camera sends handshakes (none may reach WAN), a kept
# device's remembered flows surviving a restore, restores killed with
# SIGKILL at random points (state wholly old or wholly new) and one killed
# while its replacement is pending in the kernel (the old state whole),
# two restores at once. 10 000 devices per configuration on every kernel.
# check-seconds: 355 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-restore no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-restore mkpcaps.py: $out"
	exit 1
fi
fails=0
for k in $kernels; do
	n=10000
	printf 'RESTORE_DEVICES=%s\nRESTORES=100\n' "$n" >"$work/restore.env"
	log=$work/log
	KVER=$k VM_TIMEOUT=1200 tests/vm/run tests/vm/restore/guest.sh \
		"$work/pcaps" "$work/restore.env" >"$log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $k restore: /p" "$log"
	grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$k] /"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: $k restore: vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
	fi
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
done
[ "$fails" -eq 0 ]
