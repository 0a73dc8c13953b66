#!/bin/bash
# Containment in QEMU: tests/vm/contain/guest.sh on every kernel of
# tests/lib/kernels.sh, with small device limits so the attack fits:
# unprivileged users refused, user namespaces bounded and charged to their
# memory cgroup, the host admin's budget untouched.
# check-seconds: 216 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-contain no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
max=250 nsmax=100
fails=0
for k in $kernels; do
	log=$work/log
	KVER=$k VM_TIMEOUT=600 P2PF_PARAMS="max_devices=$max netns_max_devices=$nsmax" \
		tests/vm/run tests/vm/contain/guest.sh >"$log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $k contain: /p" "$log"
	grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$k] /"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: $k contain: vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
	fi
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
done
[ "$fails" -eq 0 ]
