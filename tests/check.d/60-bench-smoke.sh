#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Smoke test of `make bench`: the same path (sender, guest script, report)
# with two short rounds of every configuration, 1000 devices and 64-byte
# frames, and the memory run on a 4-CPU guest, so that the bench cannot
# rot. The guest is made to crash once the first round has ended, as
# QEMU's icount mode made it crash: the bench must resume in a fresh boot
# and count whole rounds only (an icount fault may add a resume of its
# own; the bench tells it apart). Checks that every figure is in
# results.json with a sane value from both rounds; asserts nothing about
# speed.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass() { echo "PASS: bench-smoke $1"; }
fail() { echo "FAIL: bench-smoke $1 ${2:-}"; failed=1; }

if BENCH_PACKETS=2000 BENCH_RUNS=2 BENCH_SIZES=64 BENCH_DEVICES=1000 BENCH_MEMORY_CPUS=4 BENCH_RESUMES=3 \
	BENCH_TEST_CRASH_AFTER=0 BENCH_CLASSIFY=0 BENCH_OUT="$tmp/out" BENCH_LOG="$tmp/fwbench.log" \
	tests/bench/vm/run-bench.sh >"$tmp/run.out" 2>&1; then
	pass "run (VM, every configuration, report)"
else
	fail "run" "($(grep -E 'FAIL|bench:|fwbench|vm:' "$tmp/run.out" "$tmp/fwbench.log" 2>/dev/null | tail -n 4 | tr '\n' ' '))"
fi
# The guest's own checks: every configuration forwarded or dropped as
# it should (fwbench prints FAIL: lines otherwise).
if [ -f "$tmp/fwbench.log" ] && ! grep -q '^FAIL' "$tmp/fwbench.log" &&
	grep -q 'figure=fwd' "$tmp/fwbench.log"; then
	pass "dispositions (forwarded vs dropped per configuration)"
else
	fail "dispositions" "($(grep '^FAIL' "$tmp/fwbench.log" 2>/dev/null | head -n 3 | tr '\n' ' '))"
fi

# The crash and the resume: said on the terminal and in the table, and the
# first boot's partial second round left out.
if grep -q 'bench: the guest died after round 0 .*resuming at round 1' "$tmp/run.out" &&
	grep -q '^the guest died after round 0 (rc [0-9]*, test-crash): resumed in a fresh boot' "$tmp/run.out" &&
	[ "$(grep -c '^BENCH-ROUND done' "$tmp/fwbench.log")" = 2 ]; then
	pass "guest crash after round 0: resumed at round 1 in a fresh boot"
else
	fail "guest crash after round 0" "($(grep -E 'bench:|died' "$tmp/run.out" | head -n 3 | tr '\n' ' '))"
fi

json=$tmp/out/results.json
if [ ! -s "$json" ]; then
	fail "results.json" "(not written)"
	exit 1
fi
python3 - "$json" <<'PY' || failed=1
import json, sys
d = json.load(open(sys.argv[1]))
figs = {f["name"]: f for f in d["figures"]}
CONFIGS = ("c1", "c2", "c3", "c4", "c5", "c6", "p1", "p2", "p3", "n2", "n3", "n4", "n5")
want = ["fwd/%s/64B" % c for c in CONFIGS]
want += ["cpu/%s/64B" % c for c in CONFIGS]
want += ["p2pfence_vs_nft/c%d/64B" % k for k in (2, 3, 4, 5)]
want += ["p2pfence_vs_nft_cpu/c%d/64B" % k for k in (2, 3, 4, 5)]
want += ["prefix_vs_exact/p%d/64B" % k for k in (1, 2, 3)]
want += ["restore_time/1001_devices", "device_show_json/1001_devices", "memory_per_device",
         "nft_load_time/2002_elements"]
want += ["memory_per_device/4_cpus", "memory_per_device_per_extra_cpu"]
def sane(f):
    v = f["value"]
    if v is None or not f["runs"] or not isinstance(f["unit"], str):
        return False
    if f["unit"] == "packets/s":
        return 0 < v < 1e9 and f["ratio"] is not None and 0 < f["ratio"] < 100
    if f["unit"] == "ns/packet":
        return 0 < v < 1e8 and f["ratio"] is not None and 0 < f["ratio"] < 100
    if f["name"] == "memory_per_device_per_extra_cpu":
        return abs(v) <= 1 << 20	# a difference: any sign
    if f["unit"] == "bytes":
        return 8 <= v <= 1 << 20
    if f["unit"] == "s":
        return 0 < v < 600
    return 0 < v < 1000
bad = 0
for n in want:
    f = figs.get(n)
    if f is None:
        print("FAIL: bench-smoke figure %s (missing)" % n); bad = 1
    elif not sane(f):
        print("FAIL: bench-smoke figure %s (value %r %s)" % (n, f["value"], f["unit"])); bad = 1
    else:
        print("PASS: bench-smoke figure %s" % n)
short = [n for n in figs if n.startswith("fwd/") and len(figs[n]["runs"]) != 2]
if short:
    print("FAIL: bench-smoke both rounds in every fwd figure (not in %s)" % ", ".join(short)); bad = 1
else:
    print("PASS: bench-smoke both rounds in every fwd figure (the crash lost none, added none)")
# The injected crash, once; any other death must be the emulator's (a
# register dump no CPU can produce: run-bench.sh's death_cause), never an
# unexplained one.
res = d["setup"].get("resumed", [])
ours = [r for r in res if r.get("cause") != "emulator"]
if [(r.get("after_run"), r.get("cause")) for r in ours] != [("0", "test-crash")]:
    print("FAIL: bench-smoke results.json records the resume (%r)" % res); bad = 1
else:
    print("PASS: bench-smoke results.json records the resume (and %d emulator fault(s))"
          % (len(res) - 1))
if figs.get("fwd/c1/64B", {}).get("ratio") != 1.0:
    print("FAIL: bench-smoke c1 is its own baseline (ratio %r)" % figs.get("fwd/c1/64B", {}).get("ratio")); bad = 1
else:
    print("PASS: bench-smoke c1 is its own baseline")
sys.exit(bad)
PY
# Why each boot died, for whoever reads a failure above.
grep 'bench: the guest died' "$tmp/run.out" | sed 's/^/  /'
if command -v gnuplot >/dev/null; then
	if [ -s "$tmp/out/ratios.png" ] && [ "$(head -c 4 "$tmp/out/ratios.png" | od -An -tx1 | tr -d ' ')" = 89504e47 ]; then
		pass "chart (ratios.png)"
	else
		fail "chart" "(no PNG written)"
	fi
else
	echo "SKIP: bench-smoke chart (no gnuplot)"
fi
exit "$failed"
