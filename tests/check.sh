#!/bin/bash
# Runs every test suite in tests/check.d/ in order and prints the total.
#
# A suite is an executable that prints one line per test case:
#   PASS: name      FAIL: name [why]      SKIP: name why
# and exits non-zero if anything failed. A suite that exits non-zero
# without printing a FAIL line counts as one failure, so a crash cannot
# pass silently. Suite output is shown as it runs.
set -u
cd "$(dirname "$0")/.."

tests/lib/deps.sh || { echo "FAIL: dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for suite in tests/check.d/[0-9]*; do
	[ -x "$suite" ] || continue
	echo "=== ${suite##*/}"
	start=$(date +%s)
	"$suite" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: ${suite##*/} exited $rc"
		f=1
	fi
	echo "--- ${suite##*/}: $p passed, $f failed, $s skipped ($(( $(date +%s) - start )) s)"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
