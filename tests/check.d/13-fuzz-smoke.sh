#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Fuzz smoke test: builds the libFuzzer harnesses (tests/fuzz), replays each
# saved corpus, then fuzzes each harness for FUZZ_SMOKE_SECONDS (10) s.
# A crash leaves its input in build/fuzz/crashes/<harness>/. Long runs:
# `make fuzz FUZZ_SECONDS=N`.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SMOKE_SECONDS:-10}
out=build/fuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

if make -s -C tests/fuzz all >"$tmp/build.log" 2>&1; then
	echo "PASS: fuzz: build harnesses"
else
	echo "FAIL: fuzz: build harnesses ($(tail -n 3 "$tmp/build.log" | tr '\n' ' '))"
	exit 1
fi

for h in fuzz_classify fuzz_decode fuzz_pcap; do
	crashes=$out/crashes/$h
	mkdir -p "$crashes" "$tmp/$h"
	n=$(ls tests/fuzz/corpus/$h 2>/dev/null | wc -l)
	if [ "$n" -eq 0 ]; then
		echo "FAIL: fuzz: $h saved corpus (tests/fuzz/corpus/$h is empty)"
		failed=1
	elif "$out/$h" -runs=0 -artifact_prefix="$crashes/" "tests/fuzz/corpus/$h" >"$tmp/log" 2>&1; then
		echo "PASS: fuzz: $h saved corpus ($n inputs)"
	else
		echo "FAIL: fuzz: $h saved corpus ($(grep -m1 -E 'ERROR|runtime error|deadly' "$tmp/log"))"
		failed=1
	fi
	if "$out/$h" -max_total_time="$secs" -max_len=9000 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$tmp/$h" "tests/fuzz/corpus/$h" >"$tmp/log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")
		echo "PASS: fuzz: $h ${secs} s (${runs:-?} runs)"
	else
		echo "FAIL: fuzz: $h ${secs} s ($(grep -m1 -E 'ERROR|runtime error|deadly' "$tmp/log"); input in $crashes/)"
		failed=1
	fi
done
exit $failed
