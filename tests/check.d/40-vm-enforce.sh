#!/bin/bash
# Enforcement end to end in QEMU: tests/vm/enforce/e2e.sh on every kernel
# of tests/lib/kernels.sh, routed and bridged, then the robustness script
# (load/unload under traffic, namespaces, policy races, a flood against
# the event rate limit) on the newest kernel with slub_debug, to keep the
# suite's time in bounds. ENFORCE_ROBUST=all runs it on every kernel,
# ENFORCE_ROBUST=0 not at all.
# check-seconds: 429 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-enforce
if ! ls tests/vectors/*.vec >/dev/null 2>&1; then
	echo "FAIL: vm-enforce no tests/vectors/*.vec to build handshakes from"
	exit 1
fi
vm_pcaps
vm_benign
# The packets the real clients sent (tests/corpus/real/*/expect), one pcap
# per capture, for the camera to replay.
mkdir -p "$work/real"
for e in tests/corpus/real/*/expect; do
	[ -f "$e" ] || continue
	while read -r file _ clients _; do
		case $file in '' | '#'*) continue ;; esac
		filter=$(echo "$clients" | sed 's/,/ or src host /g')
		out=$work/real/${e%/expect}
		out=${out##*/}-$file
		if ! tcpdump -r "${e%/expect}/$file" -w "$work/real/$out" "udp and (src host $filter)" 2>"$work/err"; then
			echo "FAIL: vm-enforce real client packets of $file: $(tail -n 1 "$work/err")"
			exit 1
		fi
	done <"$e"
done

last=$(echo "$kernels" | tail -n 1)
for k in $kernels; do
	for topo in routed bridged; do
		KVER=$k VM_TOPOLOGY=$topo VM_TIMEOUT=600 \
			vm_boot "$k" tests/vm/enforce/e2e.sh "$work/pcaps" "$work/benign" "$work/real"
	done
	case ${ENFORCE_ROBUST:-1} in
	0) continue ;;
	all) ;;
	*) [ "$k" = "$last" ] || continue ;;
	esac
	extra=
	[ "$k" = "$last" ] && extra=slub_debug=FZPU
	KVER=$k VM_TIMEOUT=900 VM_APPEND=$extra vm_boot "$k robust" tests/vm/enforce/robust.sh "$work/pcaps"
done
[ "$fails" -eq 0 ]
