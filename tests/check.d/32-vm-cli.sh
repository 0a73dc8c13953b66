#!/bin/bash
# The p2pfence CLI against the module in QEMU: tests/vm/cli/guest.sh, one
# VM boot per kernel of tests/lib/kernels.sh. Device add/set/del/show/
# flush round trips with -j checked field by field, abbreviations, errors
# (exit codes and messages), lan/config/flows/stats/proto/version,
# save -> flush -> restore -> save equality, restores refused by the parser
# and by the kernel (rolled back), 10 000 devices (timed), and monitor.
# check-seconds: 69 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-cli

# A PPPP handshake for the monitor test, built from the recogniser vectors
# (not vm_pcaps: a failure here fails one test, and the rest still run).
files=()
if python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec >"$work/mk.log" 2>&1 &&
	[ -f "$work/pcaps/hs-pppp.pcap" ]; then
	files=("$work/pcaps/hs-pppp.pcap")
else
	echo "FAIL: vm-cli building hs-pppp.pcap: $(head -c 500 "$work/mk.log" | tr '\n' ' ')"
	fails=1
fi

# 10 000 devices, each with a MAC and an address, for the timed restore.
awk 'BEGIN { print "lan set 10.0.0.0/8"
	for (i = 0; i < 10000; i++)
		printf "device add d%05d mac 02:01:00:00:%02x:%02x ip 100.%d.%d.1\n", i, int(i / 256), i % 256, int(i / 256), i % 256 }' \
	>"$work/big.conf"
files+=("$work/big.conf" userspace/p2pfence.bash-completion)

vm_show=fail vm_notes='^# figures' vm_timed=1
VM_TIMEOUT=${VM_TIMEOUT:-600} vm_each_kernel 'cli-${k%%-*}' tests/vm/cli/guest.sh "${files[@]}"
[ "$fails" -eq 0 ]
