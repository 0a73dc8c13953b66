#!/bin/bash
# Discovery end to end in QEMU: tests/vm/discover/guest.sh, one routed
# boot per kernel of tests/lib/kernels.sh (off/on, the camera found and the
# LAN host not, --suggest -> restore blocks, expiry, flush, off frees,
# rmmod with entries, max_discovered bound under spoofed MACs).
# check-seconds: 73 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-discover no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-discover mkpcaps.py: $out"
	exit 1
fi
mkdir -p "$work/benign"
cp tests/corpus/benign/*.pcap "$work/benign/"

fails=0
for k in $kernels; do
	log=$work/log
	KVER=$k VM_TIMEOUT=600 tests/vm/run tests/vm/discover/guest.sh \
		"$work/pcaps" "$work/benign" >"$log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $k discover: /p" "$log"
	grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$k] /"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: $k discover: vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
	fi
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
done
[ "$fails" -eq 0 ]
