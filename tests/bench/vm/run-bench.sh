#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# `make bench`: boots the VM once and runs tests/bench/vm/fwbench.sh in
# it (forwarding through NS_FW: no module, module, 10 000 devices, the
# nftables equivalent), runs `make bench-classify` on the host, and
# writes bench/results.json, bench/ratios.png and the table.
#
# Environment: KVER (kernel), BENCH_PACKETS, BENCH_RUNS, BENCH_SIZES,
# BENCH_DEVICES, BENCH_PREFIXES, BENCH_THREADS, BENCH_CONFIGS,
# BENCH_TEST_CRASH_AFTER (passed to the guest, see fwbench.sh),
# BENCH_MEMORY_CPUS (CPUs of the memory run below, 0: none),
# BENCH_RESUMES (below), BENCH_ICOUNT=0 (real time instead of instruction
# time), BENCH_OUT (default: bench/), BENCH_CLASSIFY=0 skips the
# recogniser bench, BENCH_LOG (default: build/bench/fwbench.log).
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
here=$top/tests/bench/vm
out=${BENCH_OUT:-$top/bench}
build=$top/build/bench
log=${BENCH_LOG:-$build/fwbench.log}
mkdir -p "$build" "$out"

if ! command -v gnuplot >/dev/null; then
	echo "bench: installing gnuplot-nox for the chart" >&2
	if [ "$(id -u)" -eq 0 ]; then sudo_=; else sudo_=sudo; fi
	DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends \
		gnuplot-nox >/dev/null 2>&1 || echo "bench: no gnuplot: no chart" >&2
fi

# The sender, static: the initramfs carries no libraries for it.
make -s -C "$top/tests/bench" pktblast

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$build/pktblast" "$stage/"
knobs=$(for v in BENCH_PACKETS BENCH_RUNS BENCH_SIZES BENCH_DEVICES BENCH_PREFIXES BENCH_THREADS BENCH_CONFIGS BENCH_TEST_CRASH_AFTER; do
	if [ -n "${!v:-}" ]; then printf '%s=%q\n' "$v" "${!v}"; fi
done)

# Time limit: 110 runs of BENCH_PACKETS at a pessimistic 2000 packets/s
# under TCG, plus restores and nft loads.
packets=${BENCH_PACKETS:-30000} runs=${BENCH_RUNS:-5}
timeout=$(( 300 + 22 * runs * packets / 2000 + 90 * runs ))
echo "bench: VM run, about $(( 22 * runs ))x$packets packets (limit ${timeout}s); log in $log" >&2
# Deterministic time (BENCH_ICOUNT=1, the default): with -icount shift=0
# the guest's clock advances one nanosecond per emulated instruction, so
# packets/s in the guest measure instructions per packet, whatever else
# the host is doing. icount needs single-threaded TCG.
clock=real
plain_qemu_opts=${VM_QEMU_OPTS:-}
if [ "${BENCH_ICOUNT:-1}" = 1 ]; then
	clock=icount
	export VM_ACCEL=tcg,thread=single
	export VM_QEMU_OPTS="-icount shift=0 ${VM_QEMU_OPTS:-}"
fi
# A guest that dies (QEMU's icount mode has crashed guests with impossible
# register values; a module bug could too) must neither end the bench
# silently nor bias it: the bench resumes in a fresh boot at the first
# round that had not ended, and only whole rounds count, each measured in
# one boot and in its ABBA order. A wrong disposition (a FAIL line: the
# module misbehaving) is never retried. BENCH_RESUMES (default 2) bounds
# the resumes.
part=$log.part
# death_cause LOG: why a boot died, from its kernel console.
#   test-crash  BENCH_TEST_CRASH_AFTER's sysrq crash
#   emulator    a register dump with an EFLAGS value no x86 CPU can hold
#               (a reserved bit set: 3, 5, 15 or 22-31, or bit 1 clear).
#               Seen under -icount: a spurious #DB or double fault right
#               after the slab fast path's cmpxchg16b, p2pfence loaded or
#               not. A module bug cannot forge EFLAGS.
#   unknown     anything else: ours until shown otherwise
death_cause() {
	local v
	if grep -q 'sysrq triggered crash' "$1"; then
		echo test-crash
		return
	fi
	for v in $(grep -o 'EFLAGS: [0-9a-f]*' "$1" | sed 's/EFLAGS: //'); do
		if (((16#$v & 0xffc08028) != 0 || (16#$v & 2) == 0)); then
			echo emulator
			return
		fi
	done
	echo unknown
}
: >"$log"
first=0 resumed=0
while :; do
	{ printf '%s\n' "$knobs"; echo "BENCH_CLOCK=$clock"; echo "BENCH_FIRST_RUN=$first"; } >"$stage/bench.env"
	# nf_tables for the nftables configurations; crc32c_generic first, the
	# soft dependency of nf_tables' libcrc32c that modprobe would have loaded.
	status=0
	VM_KMODS="crc32c_generic nf_tables" VM_TIMEOUT=$timeout \
		python3 "$here/hostcpu.py" "$top/tests/vm/run" "$here/fwbench.sh" "$stage/pktblast" "$stage/bench.env" \
		>"$part" 2>&1 || status=$?
	grep -E '^(FAIL|fwbench|vm:)' "$part" >&2 || true
	if [ "$status" -eq 0 ]; then
		cat "$part" >>"$log"
		break
	fi
	ended=$(grep -n '^BENCH-ROUND done' "$part" | tail -n 1 || true)
	if grep -q '^FAIL: ' "$part" || [ "$resumed" -ge "${BENCH_RESUMES:-2}" ]; then
		cat "$part" >>"$log"
		echo "bench: the VM run failed (rc=$status), see $log" >&2
		exit 1
	fi
	why=$(grep -m 1 -E 'Oops|BUG|panic|RIP:' "$part" || tail -n 1 "$part")
	cause=$(death_cause "$part")
	# The dead boot's whole log, kept for whoever looks into it.
	cp "$part" "$log.died-$resumed"
	if [ -n "$ended" ]; then
		head -n "${ended%%:*}" "$part" >>"$log"
		last=${ended##*run=}
	else
		last=$((first - 1))
	fi
	echo "BENCH figure=resumed after_run=$last rc=$status cause=$cause" >>"$log"
	echo "bench: the guest died after round $last (rc=$status, $cause: $why); resuming at round $((last + 1)) in a fresh boot" >&2
	first=$((last + 1)) resumed=$((resumed + 1))
done

# What a device costs per extra CPU: the restore's memory figure again on
# a guest with BENCH_MEMORY_CPUS (8; 0 skips it) CPUs. Memory does not
# depend on the clock: real time, and no forwarding, so it is short.
mem_cpus=${BENCH_MEMORY_CPUS:-8}
if [ "$mem_cpus" != 0 ]; then
	{ printf '%s\n' "$knobs"; echo "BENCH_MEMORY_ONLY=1"; echo "BENCH_RUNS=3"; } >"$stage/bench.env"
	echo "bench: memory per device on a $mem_cpus-CPU guest" >&2
	status=0
	VM_CPUS=$mem_cpus VM_ACCEL=tcg,thread=single VM_QEMU_OPTS=$plain_qemu_opts VM_TIMEOUT=900 \
		"$top/tests/vm/run" "$here/fwbench.sh" "$stage/pktblast" "$stage/bench.env" >"$part" 2>&1 || status=$?
	grep -E '^(FAIL|fwbench|vm:)' "$part" >&2 || true
	if [ "$status" -ne 0 ] || ! grep -q '^BENCH figure=memory ' "$part"; then
		cp "$part" "$log.memory"
		echo "bench: the $mem_cpus-CPU memory run failed (rc=$status), see $log.memory" >&2
		exit 1
	fi
	grep '^BENCH figure=memory ' "$part" >>"$log"
fi
rm -f "$part"

classify_log=-
if [ "${BENCH_CLASSIFY:-1}" != 0 ]; then
	classify_log=$build/classify.log
	echo "bench: make bench-classify" >&2
	if ! make -s -C "$top" bench-classify >"$classify_log" 2>&1; then
		tail -n 5 "$classify_log" >&2
		echo "bench: make bench-classify failed: no recogniser figures" >&2
		classify_log=-
	fi
fi
python3 "$top/tests/bench/report.py" "$log" "$classify_log" "$out"
