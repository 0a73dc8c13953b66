#!/bin/bash
# Runs every test suite in tests/check.d/ in order and prints the total.
#
#   tests/check.sh          every suite (make check)
#   tests/check.sh --unit   the host suites only (make unit): 00 to 29,
#                           which boot no VM; 30 and up boot QEMU (the VM
#                           suites, the demo, packaging, the benchmark)
#
# A suite is an executable that prints one line per test case:
#   PASS: name      FAIL: name [why]      SKIP: name why
# and exits non-zero if anything failed. A suite that exits non-zero
# without printing a FAIL line counts as one failure, so a crash cannot
# pass silently. Suite output is shown as it runs.
#
# The VM suites (NN-vm-*, 35-demo) are independent of each other and each
# keeps one host CPU busy (single-threaded TCG), so CHECK_JOBS of them
# (default 2 on a machine with 2 CPUs or more, else 1) run side by side,
# the longest first; the output of such a suite is shown whole, in the
# order they started, once it has ended. Every other suite runs alone (the
# build gates, the host tests, packaging, the benchmark smoke test).
set -u
cd "$(dirname "$0")/.."
what=check
case ${1:-} in
--unit) what=unit ;;
"") ;;
*) echo "usage: tests/check.sh [--unit]" >&2; exit 2 ;;
esac

tests/lib/deps.sh || { echo "FAIL: dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }

jobs=${CHECK_JOBS:-$([ "$(nproc)" -ge 2 ] && echo 2 || echo 1)}
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every VM boot's kernel and seconds (tests/vm/run), summed per kernel at
# the end: what each kernel of the matrix costs the run.
export P2PF_VM_TIMES=$tmp/vm-times
: >"$P2PF_VM_TIMES"
check_start=$(date +%s)

# tally NAME LOG RC SECONDS: the suite's summary line; adds to the totals.
tally() {
	local name=$1 log=$2 rc=$3 secs=$4 p f s
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	s=$(grep -c '^SKIP: ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name exited $rc"
		f=1
	fi
	echo "--- $name: $p passed, $f failed, $s skipped ($secs s)"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

# Suites started in the background, oldest first: "NAME" each; their
# files in $tmp/NAME.{out,rc,time}.
queue=()

# flush [all]: prints the finished suites at the head of the queue (with
# "all": waits for every one).
flush() {
	local name
	while [ ${#queue[@]} -gt 0 ]; do
		name=${queue[0]}
		if [ ! -e "$tmp/$name.rc" ]; then
			[ "${1:-}" = all ] || return 0
			while [ ! -e "$tmp/$name.rc" ]; do wait -n 2>/dev/null || sleep 1; done
		fi
		echo "=== $name"
		cat "$tmp/$name.out"
		tally "$name" "$tmp/$name.out" "$(cat "$tmp/$name.rc")" "$(cat "$tmp/$name.time")"
		queue=("${queue[@]:1}")
	done
}

# running: how many background suites have not ended.
running() {
	local name n=0
	for name in "${queue[@]}"; do
		[ -e "$tmp/$name.rc" ] || n=$((n + 1))
	done
	echo "$n"
}

parallel_ok() {
	case ${1##*/} in
	[0-9][0-9]-vm-*|35-demo*) [ "$jobs" -gt 1 ] ;;
	*) return 1 ;;
	esac
}

# host_suite FILE: a suite numbered below 30, which needs no VM.
host_suite() {
	local n=${1##*/}
	n=${n%%-*}
	[ $((10#$n)) -lt 30 ]
}

# The suites in order, except that each run of VM suites starts the
# longest first (by the "# check-seconds: N" line each carries, its usual
# time with both jobs busy), so that the last ones to end are short ones.
ordered() {
	local s p c par=()
	for s in tests/check.d/[0-9]* ""; do
		if [ -n "$s" ]; then
			[ -x "$s" ] || continue
			[ "$what" = unit ] && ! host_suite "$s" && continue
			if parallel_ok "$s"; then par+=("$s"); continue; fi
		fi
		for p in "${par[@]}"; do
			c=$(sed -n 's/^# check-seconds: \([0-9]*\).*/\1/p' "$p" | head -n 1)
			echo "${c:-0} $p"
		done | sort -s -k1,1nr | cut -d' ' -f2-
		par=()
		[ -z "$s" ] || echo "$s"
	done
}

for suite in $(ordered); do
	name=${suite##*/}
	if parallel_ok "$suite"; then
		while [ "$(running)" -ge "$jobs" ]; do
			wait -n 2>/dev/null || sleep 1
			flush
		done
		(
			start=$(date +%s)
			"$suite" >"$tmp/$name.out" 2>&1 </dev/null
			rc=$?
			echo $(( $(date +%s) - start )) >"$tmp/$name.time"
			echo "$rc" >"$tmp/$name.rc"
		) &
		queue+=("$name")
		flush
		continue
	fi
	flush all
	echo "=== $name"
	start=$(date +%s)
	"$suite" 2>&1 | tee "$tmp/log"
	rc=${PIPESTATUS[0]}
	tally "$name" "$tmp/log" "$rc" "$(( $(date +%s) - start ))"
done
flush all
sort -k1,1V "$P2PF_VM_TIMES" | awk '{ t[$1] += $2; n[$1]++; if (!($1 in seen)) { seen[$1] = 1; k[++m] = $1 } }
	END { for (i = 1; i <= m; i++) printf "# VM time on %s: %d s in %d boots\n", k[i], t[k[i]], n[k[i]] }'
# The numbering is the rule make unit relies on: tests/vm/run notes every
# boot in $P2PF_VM_TIMES, so a host suite that boots a VM shows here.
if [ "$what" = unit ] && [ -s "$P2PF_VM_TIMES" ]; then
	echo "FAIL: unit: a suite numbered below 30 booted a VM (renumber it 30 or up)"
	fail=$((fail + 1))
fi
elapsed=$(( $(date +%s) - check_start ))
echo "# make $what: $((elapsed / 60)) min $((elapsed % 60)) s on $(nproc) CPUs"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
