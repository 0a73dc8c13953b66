#!/bin/bash
# Enforcement end to end in QEMU: tests/vm/enforce/e2e.sh on every kernel
# of tests/lib/kernels.sh, routed and bridged, then the robustness script
# (load/unload under traffic, namespaces, policy races, a flood against
# the event rate limit) on the newest kernel with slub_debug, to keep the
# suite's time in bounds. ENFORCE_ROBUST=all runs it on every kernel,
# ENFORCE_ROBUST=0 not at all.
# check-seconds: 429 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.."

fails=0
kernels=$(tests/lib/kernels.sh)
if [ -z "$kernels" ]; then
	echo "SKIP: vm-enforce no kernel with image and headers (run tests/lib/deps.sh)"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! ls tests/vectors/*.vec >/dev/null 2>&1; then
	echo "FAIL: vm-enforce no tests/vectors/*.vec to build handshakes from"
	exit 1
fi
if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-enforce mkpcaps.py: $out"
	exit 1
fi
mkdir -p "$work/benign"
cp tests/corpus/benign/*.pcap "$work/benign/" 2>/dev/null
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

# run LABEL VAR=VALUE... -- SCRIPT FILES...: one VM boot; its PASS/FAIL
# lines pass through, prefixed with the kernel; a boot that fails without
# a FAIL line is one failure.
run() {
	label=$1
	shift
	log=$work/log
	env "$@" tests/vm/run "${script[@]}" >"$log" 2>"$work/err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $label /p" "$log"
	grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' "$log" | sed "s/^/  [$label] /"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL: ' "$log"; then
		echo "FAIL: $label vm exited $rc: $(tail -n 15 "$work/err" | tr '\n' ' ')"
	fi
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
}

last=$(echo "$kernels" | tail -n 1)
for k in $kernels; do
	for topo in routed bridged; do
		script=(tests/vm/enforce/e2e.sh "$work/pcaps" "$work/benign" "$work/real")
		run "$k" KVER="$k" VM_TOPOLOGY="$topo" VM_TIMEOUT=600
	done
	case ${ENFORCE_ROBUST:-1} in
	0) continue ;;
	all) ;;
	*) [ "$k" = "$last" ] || continue ;;
	esac
	script=(tests/vm/enforce/robust.sh "$work/pcaps")
	extra=
	[ "$k" = "$last" ] && extra=slub_debug=FZPU
	run "$k robust" KVER="$k" VM_TIMEOUT=900 VM_APPEND="$extra"
done
[ "$fails" -eq 0 ]
