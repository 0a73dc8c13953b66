#!/bin/bash
# The other tested kernels (tests/lib/kernels.sh --extra: Debian's 5.10,
# 6.12-rt and newest 7.x, fetched and unpacked under build/ on first use)
# get the short VM run, the full suites staying on 6.1 and 6.12: load,
# unload and the foundation checks (30-vm-foundation), enforcement end to
# end for every family, routed and bridged, IPv4 and IPv6
# (40-vm-enforce), the demo and its claims (35-demo); a PREEMPT_RT kernel,
# whose softirqs are preemptible threads, the robustness run too (load and
# unload under traffic, policy races, with slub_debug).
# Each suite runs as it does for 6.1 and 6.12, for one kernel (KVERS);
# every line is prefixed with the kernel, and each kernel's time printed.
# KERNELS="5.10 7.3" picks a subset (tests/lib/kernels.sh).
# check-seconds: 910 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1
# One compound command: safe against edits of this file while it runs.
{
log=$(mktemp)
tmp_err=$(mktemp)
trap 'rm -f "$log" "$tmp_err"' EXIT
kernels=$(tests/lib/kernels.sh --extra 2>"$tmp_err") || { echo "FAIL: vm-kernels cannot list the kernels"; exit 1; }
# A series the archive does not answer for (offline, or gone from it)
# fails here rather than shrinking the run.
rc=0
while read -r line; do
	echo "FAIL: vm-kernels $line"
	rc=1
done < <(grep 'cannot resolve' "$tmp_err")
if [ -z "$kernels" ]; then
	echo "SKIP: vm-kernels no extra kernel selected (KERNELS='${KERNELS:-}')"
	exit $rc
fi
for k in $kernels; do
	start=$(date +%s)
	# Fetch, unpack and build first, so that a kernel the archive no
	# longer has fails once and clearly.
	if ! out=$(make -s module KVER="$k" 2>&1); then
		echo "FAIL: $k: build ($(echo "$out" | grep -m 3 -E 'error|kfetch|kmake' | tr '\n' ' '))"
		rc=1
		continue
	fi
	echo "PASS: $k: module builds"
	robust=0
	case $k in *-rt-*) robust=all ;; esac
	for suite in 30-vm-foundation 40-vm-enforce 35-demo; do
		t=$(date +%s)
		# 30 and 40 name the kernel in their lines already; 35 does not.
		KVERS=$k ENFORCE_ROBUST=$robust "tests/check.d/$suite.sh" 2>&1 |
			K=$k awk '{
				if (match($0, /^(PASS|FAIL|SKIP): /) && index($0, ENVIRON["K"]) != RLENGTH + 1)
					$0 = substr($0, 1, RLENGTH) ENVIRON["K"] ": " substr($0, RLENGTH + 1)
				print
				fflush()
			}' | tee "$log"
		src=${PIPESTATUS[0]}
		if [ "$src" -ne 0 ]; then
			rc=1
			grep -q '^FAIL: ' "$log" || echo "FAIL: $k: $suite exited $src"
		fi
		echo "# $k: $suite: exit $src ($(( $(date +%s) - t )) s)"
	done
	echo "# $k: $(( $(date +%s) - start )) s in all"
done
exit $rc
}
