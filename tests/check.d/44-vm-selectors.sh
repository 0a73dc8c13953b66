#!/bin/bash
# Device selectors in QEMU: tests/vm/selectors/guest.sh (source prefixes,
# ingress interfaces, the lookup order, exceptions, the LAN-wide default,
# save/restore) on every kernel of tests/lib/kernels.sh, routed and
# bridged.
# check-seconds: 293 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-selectors no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-selectors mkpcaps.py: $out"
	exit 1
fi
fails=0
for k in $kernels; do
	for topo in routed bridged; do
		log=$work/log
		KVER=$k VM_TOPOLOGY=$topo VM_TIMEOUT=${VM_TIMEOUT:-900} \
			tests/vm/run tests/vm/selectors/guest.sh "$work/pcaps" >"$log" 2>"$work/err"
		rc=$?
		sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $k selectors: /p" "$log"
		grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$k $topo] /"
		if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
			echo "FAIL: $k selectors $topo: vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
		fi
		[ "$rc" -eq 0 ] || fails=$((fails + 1))
	done
done
[ "$fails" -eq 0 ]
