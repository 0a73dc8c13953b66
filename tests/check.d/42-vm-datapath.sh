#!/bin/bash
# The real-box datapath in QEMU: tests/vm/datapath/guest.sh, routed and
# bridged, on every kernel of tests/lib/kernels.sh: a LAN bridge with and
# without br_netfilter, paged skbs, UDP GSO trains, IPv4/IPv6 fragments,
# NFQUEUE ahead of the module, an nftables flowtable, 802.1Q and QinQ on a (VLAN-aware) bridge.
# First, on the host: the recognisers claim every handshake of the
# captures and no benign datagram, so that a drop in the VM means what the
# test says.
# check-seconds: 220 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-datapath
dp=$work/dp
if ! out=$(python3 tests/vm/datapath/mkpcaps.py "$dp" tests/vectors/*.vec 2>&1); then
	echo "FAIL: vm-datapath mkpcaps.py: $out"
	exit 1
fi
make -s -C userspace >/dev/null 2>&1 || { echo "FAIL: vm-datapath CLI does not build"; exit 1; }
# claimed PCAP: how many datagrams of PCAP a recogniser names (classify's
# JSON kept in $dp/PCAP.json).
claimed() {
	userspace/p2pfence -j classify "$dp/$1.pcap" >"$dp/$1.json"
	grep -o '"proto": *"' "$dp/$1.json" | wc -l
}
total() { awk -v n="$1" '$1 == n { print $2 }' "$dp/manifest"; }
# The handshakes, and the protocol each dropped one is counted under (per
# family set, for the guest's per-protocol checks).
: >"$dp/proto-expect"
for p in big-hs small-hs huge-hs train-hs gro-hs; do
	if [ "$(claimed $p)" = "$(total $p)" ]; then
		echo "PASS: datapath captures: every datagram of $p.pcap is a handshake"
	else
		echo "FAIL: datapath captures: $p.pcap: $(claimed $p) of $(total $p) claimed"
		fails=$((fails + 1))
	fi
	if ! out=$(python3 tests/vm/datapath/protoexpect.py "$p.pcap" <"$dp/$p.json" 2>&1 >>"$dp/proto-expect"); then
		echo "FAIL: datapath captures: protoexpect.py $p.pcap: $out"
		fails=$((fails + 1))
	fi
done
for p in big-benign huge-benign train-benign; do
	if [ "$(claimed $p)" = 0 ]; then
		echo "PASS: datapath captures: nothing in $p.pcap is claimed"
	else
		echo "FAIL: datapath captures: $p.pcap: $(claimed $p) claimed"
		fails=$((fails + 1))
	fi
done
# A bridge without br_netfilter shows the module a fragmented datagram's
# first fragment only, with zeros for the rest (ffMTU-NAME.pcap): still
# every handshake, and no benign datagram.
for mtu in 576 1280 1500; do
	for p in "$dp"/ff$mtu-*.pcap; do
		p=$(basename "$p" .pcap)
		want=0
		case $p in *-hs) want=$(total "$p") ;; esac
		if [ "$(claimed "$p")" = "$want" ]; then
			echo "PASS: datapath captures: first fragments at MTU $mtu: $want of $(total "$p") in $p.pcap claimed"
		else
			echo "FAIL: datapath captures: $p.pcap: $(claimed "$p") of $(total "$p") claimed, want $want"
			fails=$((fails + 1))
		fi
	done
done
# Trains and flows: 3 benign datagrams, then the handshake.
for p in train-mixed flow-turns; do
	if [ "$(claimed $p)" = $(($(total $p) / 4)) ]; then
		echo "PASS: datapath captures: one handshake in four in $p.pcap"
	else
		echo "FAIL: datapath captures: $p.pcap: $(claimed $p) claimed"
		fails=$((fails + 1))
	fi
done

VM_TIMEOUT=900 VM_KMODS="br_netfilter nf_tables nft_queue nfnetlink_queue 8021q nft_flow_offload nf_flow_table_inet" \
	vm_tag='$k $topo' vm_failed='$k datapath $topo:' \
	vm_each_kernel -t "routed bridged" '$k datapath:' tests/vm/datapath/guest.sh "$dp"
[ "$fails" -eq 0 ]
