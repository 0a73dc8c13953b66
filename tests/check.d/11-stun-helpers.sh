#!/bin/bash
# STUN helper unit tests (tests/unit/test_stun_helpers.c) under ASan+UBSan:
# the ChannelData check kept for flow memory and the attribute walk.
set -u
cd "$(dirname "$0")/../.."

out=build/unit
bin=$out/test_stun_helpers
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! make -s -C tests/unit test_stun_helpers >"$log" 2>&1; then
	echo "FAIL: stun-helpers-build $(head -c 2000 "$log" | tr '\n' ' ')"
	exit 1
fi
echo "PASS: stun-helpers-build"
ASAN_OPTIONS=detect_leaks=1:exitcode=3 UBSAN_OPTIONS=halt_on_error=1:exitcode=4 "$bin"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
	echo "FAIL: stun-helpers-run exited $rc (sanitizer report or crash above)"
	exit 1
fi
exit "$rc"
