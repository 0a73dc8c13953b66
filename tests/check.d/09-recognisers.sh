#!/bin/bash
# Recogniser vectors and de-obfuscation self-tests (tests/unit/test_vectors.c)
# under ASan+UBSan: every tests/vectors/*.vec line is one test case, and
# every prefix of every vector is classified from an exact-size heap copy.
set -u
cd "$(dirname "$0")/../.."

out=build/unit
bin=$out/test_vectors
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! make -s -C tests/unit test_vectors >"$log" 2>&1; then
	echo "FAIL: recognisers-build $(head -c 2000 "$log" | tr '\n' ' ')"
	exit 1
fi
echo "PASS: recognisers-build"

# A sanitizer report stops the run with its own exit status (3/4), so it
# cannot be mistaken for the runner's "some vector failed" (1).
ASAN_OPTIONS=detect_leaks=1:exitcode=3 UBSAN_OPTIONS=halt_on_error=1:exitcode=4:print_stacktrace=1 \
	"$bin" tests/vectors
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
	echo "FAIL: recognisers-run exited $rc (sanitizer report or crash above)"
	exit 1
fi
exit "$rc"
