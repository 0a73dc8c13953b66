#!/bin/bash
# Flow memory under a flood (issue 12) in QEMU: tests/vm/flows/guest.sh,
# one routed boot per kernel of tests/lib/kernels.sh (per-device share
# against a spoofed tagged MAC with 200000 handshakes, full table, least
# recently used eviction, the camera's own MAC spoofed, flush of 100000
# devices with a full table in under a second).
# check-seconds: 595 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-flows no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-flows mkpcaps.py: $out"
	exit 1
fi

fails=0
for k in $kernels; do
	log=$work/log
	KVER=$k VM_TIMEOUT=1200 tests/vm/run \
		tests/vm/flows/guest.sh "$work/pcaps" >"$log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $k flows: /p" "$log"
	grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$k] /"
	grep '^# ' "$log" | sed "s/^# /  [$k] /"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: $k flows: vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
	fi
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
done
[ "$fails" -eq 0 ]
