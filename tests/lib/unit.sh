# shellcheck shell=bash
# Sourced by the host suites that are one unit test of tests/unit under
# ASan+UBSan (09-recognisers, 11-stun-helpers), from the repository's top.
#
# unit_test NAME LABEL [ARGS...]: builds build/unit/NAME (make -C
# tests/unit NAME: flags in userspace/cflags.mk) with a LABEL-build
# PASS/FAIL line, runs it with ARGS (it prints its own PASS/FAIL lines)
# and exits with its status: 0 all passed, 1 a case failed. A sanitizer
# report stops the run with its own exit status (3/4), so it cannot be
# mistaken for "a case failed": that, or a crash, is a FAIL line of its own.
unit_test() {
	local name=$1 label=$2 log rc
	shift 2
	log=$(mktemp)
	if ! make -s -C tests/unit "$name" >"$log" 2>&1; then
		echo "FAIL: $label-build $(head -c 2000 "$log" | tr '\n' ' ')"
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
	echo "PASS: $label-build"
	ASAN_OPTIONS=detect_leaks=1:exitcode=3 \
	UBSAN_OPTIONS=halt_on_error=1:exitcode=4:print_stacktrace=1 \
		"build/unit/$name" "$@"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		echo "FAIL: $label-run exited $rc (sanitizer report or crash above)"
		exit 1
	fi
	exit "$rc"
}
