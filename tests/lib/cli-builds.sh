# shellcheck shell=bash
# Sourced by the host-side CLI suites (12, 14, 21), from the top of the
# tree: sets $top (it), $tmp (a temporary directory removed on exit),
# failed=0, and pass NAME / fail NAME [WHY] / skip NAME WHY, which print
# the result lines (fail sets failed=1).
#
# build_cli_variants NAME builds the CLI plainly and with ASan+UBSan
# (make -C userspace SAN=1), prints a PASS/FAIL line for each, named
# NAME, and sets $bins to "plain:PATH [asan:PATH]". Returns non-zero when
# even the plain build fails.
top=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass() { echo "PASS: $1"; }
# shellcheck disable=SC2034 # failed: read by the suite
fail() { echo "FAIL: $1${2:+ ($2)}"; failed=1; }
skip() { echo "SKIP: $1 $2"; }

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
