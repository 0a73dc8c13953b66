#!/bin/bash
# Runs inside the VM (tests/check.d/36-vm-hooks.sh), routed or bridged:
# which packets the hooks attribute to which device, by exact counter
# deltas. Devices are in monitor mode, so nothing is dropped.
. ./lib.sh
export LD_LIBRARY_PATH=/t
fw() { in_ns "$NS_FW" ./nlbad "$@"; }
t=$VM_TOPOLOGY

# send DST COUNT: COUNT UDP datagrams from the camera to DST.
send() {
	in_ns "$NS_CAM" bash -c "for i in \$(seq $2); do echo p2pf >/dev/udp/$1/40000; done"
}
untagged() { fw stat | awk '{ print $4 }'; }
packets() { fw stat "$1" | awk '{ print $2 }'; }

# expect_delta NAME EXPECTED READER ARGS -- ACTION...
expect_delta() {
	_name=$1 _want=$2 _reader=$3 _arg=$4
	shift 5
	_a=$($_reader $_arg)
	"$@" >/dev/null 2>&1
	_b=$($_reader $_arg)
	assert_eq "$t-$_name" "$_want" "$((_b - _a))"
}

if [ "$t" = bridged ]; then
	# br_netfilter runs the inet FORWARD hooks for bridged packets too:
	# the module must still count each packet once.
	for f in iptables ip6tables; do
		in_ns "$NS_FW" sh -c "echo 1 >/proc/sys/net/bridge/bridge-nf-call-$f" ||
			fail bridged-br-netfilter "cannot enable bridge-nf-call-$f"
	done
fi

command -v p2pfence >/dev/null || { fail "$t-cli" "no p2pfence CLI in the VM"; finish; }
fw flush
# The hooks are registered only while a device exists (or discovery is
# on): one that matches nothing here makes every source untagged.
check "$t-add-absent" cli device add absent mac 02:00:00:00:88:88 mode monitor

expect_delta untagged-udp 10 untagged "" -- send "$WAN_IP4" 10
expect_delta untagged-not-icmp 0 untagged "" -- \
	in_ns "$NS_CAM" ping -c 3 -W 1 "$WAN_IP4"

check "$t-add-by-mac" cli device add cam mac "$CAM_MAC" mode monitor
expect_delta by-mac-ipv4 10 packets cam -- send "$WAN_IP4" 10
expect_delta by-mac-ipv6 10 packets cam -- send "$WAN_IP6" 10
expect_delta by-mac-not-untagged 0 untagged "" -- send "$WAN_IP4" 5
cli device del cam

check "$t-add-by-ip" cli device add camip ip "$CAM_IP4" mode monitor
expect_delta by-ip-only 10 packets camip -- send "$WAN_IP4" 10
cli device del camip

# A MAC identifies the host: the address alone does not match a device
# registered with another MAC.
check "$t-add-other-mac" cli device add other mac 02:00:00:00:99:99 ip "$CAM_IP4" mode monitor
expect_delta other-mac-no-match 0 packets other -- send "$WAN_IP4" 10
expect_delta other-mac-untagged 10 untagged "" -- send "$WAN_IP4" 10
fw flush
finish
