#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# `make compare` (tests/bench/compare.py) runs: its table has a row for
# every real-client family, p2pfence detects every client flow and makes
# no false detection on the benign corpus. nDPI's figures are printed,
# not judged: they are the baseline.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! make -s compare >"$tmp/out" 2>"$tmp/err"; then
	echo "FAIL: compare: make compare ($(tail -n 2 "$tmp/err" | tr '\n' ' '))"
	exit 1
fi
sed 's/^/# /' "$tmp/out"
failed=0
for d in tests/corpus/real/*/expect; do
	fam=${d%/expect}
	fam=${fam##*/}
	row=$(grep "^| $fam |" "$tmp/out")
	IFS='|' read -r _ _ caps flows ours _ <<<"$row"
	if [ -n "$row" ] && [ "${flows// /}" -gt 0 ] && [ "${flows// /}" = "${ours// /}" ]; then
		echo "PASS: compare $fam: p2pfence detects all ${flows// /} client flows of${caps% } captures"
	else
		echo "FAIL: compare $fam: ${row:-no row}"
		failed=1
	fi
done
row=$(grep '^| benign' "$tmp/out")
IFS='|' read -r _ _ _ flows ours _ <<<"$row"
if [ -n "$row" ] && [ "${flows// /}" -gt 0 ] && [ "${ours// /}" = 0 ]; then
	echo "PASS: compare benign: no false detection by p2pfence in ${flows// /} flows"
else
	echo "FAIL: compare benign: ${row:-no row}"
	failed=1
fi
exit $failed
