# Sourced by the host-side CLI suites: build_cli_variants NAME builds the
# CLI plainly and with ASan+UBSan (make -C userspace SAN=1), prints a
# PASS/FAIL line for each, named NAME, and sets $bins to
# "plain:PATH [asan:PATH]". Needs $top, $tmp and the suite's pass/fail.
# Returns non-zero when even the plain build fails.
build_cli_variants() {
	if make -s -C userspace >"$tmp/build.log" 2>&1; then
		pass "$1: build"
	else
		fail "$1: build" "$(tail -n 3 "$tmp/build.log" | tr '\n' ' ')"
		return 1
	fi
	bins="plain:$top/userspace/p2pfence"
	if make -s -C userspace SAN=1 >"$tmp/build-san.log" 2>&1; then
		pass "$1: build ASan+UBSan"
		bins="$bins asan:$top/build/asan/p2pfence"
	else
		fail "$1: build ASan+UBSan" "$(tail -n 3 "$tmp/build-san.log" | tr '\n' ' ')"
	fi
}
