#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# `make demo` is README's first command: it must run to the end on every
# test kernel (tests/lib/kernels.sh) and tell the story its narration claims (camera
# discovered, its handshakes dropped in block mode and passed in monitor
# mode, the LAN host untouched, LAN traffic never dropped).
# check-seconds: 48 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1
# Not vm_boot: the demo boots through tests/demo.sh, as `make demo` does.
. tests/lib/vmsuite.sh
vm_kernels demo
out=$work/out
failed=0

# claim NAME EXTENDED-REGEX: one line of the demo's output matches.
claim() {
	if grep -qE "$2" "$out"; then
		echo "PASS: $kernel demo $1"
	else
		echo "FAIL: $kernel demo $1 (no line matching '$2')"
		failed=1
	fi
}
# sent_received NAME PREFIX WANT: "PREFIX ... sent N ..., X received M"
# with N > 0 and M = WANT (a number, or "sent" for M = N).
sent_received() {
	line=$(grep -m 1 -F "$2" "$out")
	sent=$(echo "$line" | sed -n 's/.*sent \([0-9]*\).*/\1/p')
	got=$(echo "$line" | sed -n 's/.*received \([0-9]*\)$/\1/p')
	want=$3
	[ "$want" = sent ] && want=$sent
	if [ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$got" = "$want" ]; then
		echo "PASS: $kernel demo $1 ($line)"
	else
		echo "FAIL: $kernel demo $1 (line: '$line')"
		failed=1
	fi
}

for kernel in $kernels; do
	if KVER=$kernel tests/demo.sh </dev/null >"$out" 2>&1 && grep -q '^demo: done$' "$out"; then
		echo "PASS: $kernel demo runs to the end"
	else
		echo "FAIL: $kernel demo runs to the end: $(tail -n 5 "$out" | tr '\n' ' ')"
		failed=1
		continue
	fi
	cam_mac=$(sed -n 's/.*MAC \([0-9a-f:]*\)$/\1/p' "$out" | head -n 1)
	claim "discovery lists the camera" "^$cam_mac [0-9.]+\$"
	claim "discovery names its protocols" $'^\tproto pppp,tutk '
	claim "--suggest tags it in block mode" "^device add p2p-[0-9a-f]+ mac $cam_mac mode block"
	sent_received "ordinary UDP from the camera reaches WAN" "cam -> wan:" sent
	sent_received "PPPP handshakes dropped" "hs-pppp: cam sent" 0
	sent_received "TUTK handshakes dropped" "hs-tutk: cam sent" 0
	sent_received "untagged LAN host's handshakes pass" "hs-pppp from lan:" sent
	sent_received "monitor mode passes and reports" "monitor: cam sent" sent
	claim "monitor prints events" " cam pppp [a-z]+ 198\.51\.100\.31:[0-9]+ pass$"
	sent_received "block mode drops handshakes and the session" "block: cam sent" 0
	claim "block events say drop" " cam (pppp|tutk) [a-z]+ 198\.51\.100\.3[34]:[0-9]+ drop$"
	sent_received "the camera stays reachable from the LAN" "lan -> cam:" sent
	sent_received "P2P toward the LAN is never dropped" "cam -> lan (P2P" sent
done
exit "$failed"
