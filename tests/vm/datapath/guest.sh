#!/bin/bash
# The paths a packet takes on a real firewall box, inside the VM
# (tests/vm/run, routed or bridged; files from mkpcaps.py in dp/):
#  routed:  camera behind a LAN bridge br0, br_netfilter off then on;
#           non-linear (paged) skbs; UDP GSO trains; IPv4 and IPv6
#           fragments; an NFQUEUE acceptor ahead of the module.
#  bridged: br_netfilter loaded (each packet judged once); non-linear and
#           GSO; fragments through br_netfilter; 802.1Q and 802.1ad/QinQ
#           tagged camera traffic, with and without vlan_filtering.
# Every case: the tagged camera's handshakes never reach WAN and its
# counters move by exactly what was sent; benign datagrams all arrive.
. ./lib.sh
set -u

T=$VM_TOPOLOGY
D=dp
dev() { cli -s -j device show cam | jnum "$1"; }
n_of() { awk -v n="$1" '$1 == n { print $2 }' $D/manifest; }
rx_of() { in_ns fw cat "/sys/class/net/$1/statistics/rx_packets"; }
# A fresh remote per case (new_remote, outside any subshell), so flow
# memory of one case never decides the next.
case_no=0
new_remote() { case_no=$((case_no + 1)); }

check "$T setup: device add cam by MAC, block" cli device add cam mac "$CAM_MAC" mode block
check "$T setup: event rate high" cli config set event-rate 100000

# Address families each case sends (4, 6 or both); udpsink options at WAN.
FAMS="4 6"
SINK_OPTS=
# send [udpreplay options] PCAP: to a fresh remote in each family of FAMS;
# prints the datagrams sent.
send() {
	_n=0
	for _f in $FAMS; do
		_d=198.51.100.$((100 + case_no))
		[ "$_f" = 6 ] && _d=2001:db8:100::$((100 + case_no))
		_n=$((_n + $(replay cam -d "$_d" "$@")))
	done
	echo "$_n"
}
expect() { echo $(($(echo "$FAMS" | wc -w) * $(n_of "${1%.pcap}"))); }

# run_case NAME PCAP [udpreplay options]: the camera sends PCAP to a
# fresh remote while WAN counts; leaves the datagrams sent in $_s, those
# that arrived in $_got, the camera's packets and dropped counters before
# in $_p0 and $_d0, and checks that everything was sent and counted once.
run_case() {
	_name=$1 _pcap=$2
	shift 2
	cli flows flush
	by_proto >/tmp/proto0
	_p0=$(dev packets) _d0=$(dev dropped)
	# shellcheck disable=SC2086
	sink_start wan 120 $SINK_OPTS
	new_remote
	_s=$(send "$@" "$D/$_pcap")
	sleep 0.5
	_got=$(sink_stop)
	echo "# $_name: $SECONDS s"
	assert_eq "$T $_name: all sent" "$(expect "$_pcap")" "$_s"
	assert_eq "$T $_name: packets counted once each" "$_s" $(($(dev packets) - _p0))
}

# by_proto: the camera's dropped counters per protocol, "PROTO N" lines.
by_proto() {
	cli -s -j device show cam | jq -r '.[0].stats.by_proto | to_entries[] |
		select(.value.dropped > 0) | "\(.key) \(.value.dropped)"' | sort
}
# proto_exact NAME PCAP: the camera's per-protocol drops since run_case
# began are those protoexpect.py computed for PCAP and FAMS.
proto_exact() {
	_fams=$(echo "$FAMS" | tr -d ' ')
	awk -v p="$2" -v f="$_fams" '$1 == p && $2 == f { print $3, $4 }' $D/proto-expect >/tmp/proto-want
	by_proto >/tmp/proto1
	awk 'FILENAME == ARGV[1] { n[$1] = $2; next } $2 != n[$1] { print $1, $2 - n[$1] }' \
		/tmp/proto0 /tmp/proto1 | sort >/tmp/proto-got
	if [ -s /tmp/proto-want ] && cmp -s /tmp/proto-want /tmp/proto-got; then
		pass "$1: per-protocol drops exact ($(tr '\n' ' ' </tmp/proto-got | sed 's/ $//'))"
	else
		fail "$1: per-protocol drops" "(want $(tr '\n' ' ' </tmp/proto-want) got $(tr '\n' ' ' </tmp/proto-got))"
	fi
}

# hs_case NAME PCAP [udpreplay options]: none of the camera's handshakes
# reaches WAN, its dropped counter grows by exactly the datagrams sent,
# and its per-protocol counters by what each protocol's datagrams and the
# flows they opened account for (train-mixed: its benign datagrams go with
# the train's handshake, so only the total is checked).
hs_case() {
	run_case "$@"
	assert_eq "$T $_name: none reaches WAN" 0 "$_got"
	assert_eq "$T $_name: dropped counter exact" "$_s" $(($(dev dropped) - _d0))
	[ "$_pcap" = train-mixed.pcap ] || [ -n "${NO_PROTO:-}" ] ||
		proto_exact "$T $_name" "$_pcap"
}

# benign_case NAME PCAP [udpreplay options]: all of them arrive.
benign_case() {
	run_case "$@"
	assert_eq "$T $_name: all reach WAN" "$_s" "$_got"
}

# Kernel probes (tracefs kprobe events) show what the skbs were like when
# the module saw them. probe_start NAME SPEC; probe_stop NAME [PATTERN]
# prints the hits since (those whose trace line matches PATTERN).
TR=/sys/kernel/tracing
[ -e $TR/kprobe_events ] || mount -t tracefs nodev $TR
probe_start() {
	echo "p:p2pf/$1 $2" >>$TR/kprobe_events && : >$TR/trace &&
		echo 1 >"$TR/events/p2pf/$1/enable" || fail "$T kprobe $1 ($2)"
}
probe_stop() {
	echo 0 >"$TR/events/p2pf/$1/enable"
	grep -c " $1: .*${2:-}" $TR/trace
	echo "-:p2pf/$1" >>$TR/kprobe_events
}
# The module's own copies of payloads that are not in the linear area.
copy_probe='skb_copy_bits caller=$stack0:symbol'
copies() { probe_stop copy 'caller=p2pf_classify_packet+'; }
# The module's hook for this topology, once per skb it sees.
hook_fn=p2pf_hook_inet
[ "$T" = bridged ] && hook_fn=p2pf_hook_bridge

# WAN counts datagrams: the firewall's egress segments GSO trains.
wan_if=wan0
in_ns fw ethtool -K "$wan_if" tx-udp-segmentation off >/dev/null 2>&1

# --- Non-linear skbs: the sender's UDP_SEGMENT makes the kernel put the
# payload in page frags (only the headers are linear), and veth and the
# forwarding path keep it so. Handshakes above 512 bytes are the ones a
# bounded copy used to cut short.
# The module proves it: its copies (skb_copy_bits() called from
# p2pf_classify_packet) of paged payloads, none of linear ones.
probe_start copy "$copy_probe"
hs_case "paged: large handshakes" big-hs.pcap -g
n=$(copies)
if [ "$n" -gt 0 ]; then
	pass "$T paged: the module copied $n non-linear payloads"
else
	fail "$T paged: the payloads were linear at the module"
fi
benign_case "paged: large benign datagrams" big-benign.pcap -g
probe_start copy "$copy_probe"
hs_case "linear: large handshakes" big-hs.pcap
assert_eq "$T linear: no payload copied (they were linear)" 0 "$(copies)"

# --- UDP GSO trains: one skb of 4 (or 8) datagrams crosses the firewall.
rx0=$(rx_of cam0)
hs_case "GSO train: 4 handshakes per skb" train-hs.pcap -G 4
rx1=$(rx_of cam0)
skbs=$((rx1 - rx0))
sent=$((2 * $(n_of train-hs)))
if [ "$skbs" -gt 0 ] && [ "$skbs" -le $((sent / 2)) ]; then
	pass "$T GSO train: firewall received $skbs skbs for $sent datagrams"
else
	fail "$T GSO train: trains were not kept whole" "($skbs skbs for $sent datagrams)"
fi
# A train whose first datagrams are benign and whose last is the handshake
# is one flow turning P2P: dropped whole.
hs_case "GSO train: benign then handshake" train-mixed.pcap -G 4
rx0=$(rx_of cam0)
benign_case "GSO train: benign trains of 8" train-benign.pcap -G 8
skbs=$(($(rx_of cam0) - rx0))
assert_eq "$T GSO train: benign trains crossed as one skb each" 16 "$skbs"

# --- GRO trains: the camera sends datagrams one by one, and the firewall's
# cam0 merges those of a flow (veth NAPI with GRO) into UDP GSO skbs
# (rx-udp-gro-forwarding) or frag_list chains (rx-gro-list); the module's
# hook runs once per merged skb. NAPI in its own thread, so that datagrams
# queue up while the sender runs and a poll finds several to merge (in
# softirq, the sender's own bottom half would poll after each one); the
# thread on CPU 0 beside a real-time sender there, so that it polls only
# once the sender is done, whatever the other CPU does.
napi_threads() {	# IFNAME: the pids of its NAPI threads
	for _c in /proc/[0-9]*/comm; do
		read -r _n 2>/dev/null <"$_c" || continue
		case $_n in "napi/$1-"*) _p=${_c#/proc/}; echo "${_p%/comm}" ;; esac
	done
}
gro_case() {	# NAME ETHTOOL-FEATURE
	in_ns fw ethtool -K cam0 gro on "$2" on
	in_ns fw sh -c 'echo 1 >/sys/class/net/cam0/threaded'
	_pids=$(napi_threads cam0)
	[ -n "$_pids" ] || fail "$T GRO $1: no NAPI thread for cam0"
	for _p in $_pids; do taskset -p 1 "$_p" >/dev/null; done
	REPLAY_WRAP="chrt -f 50 taskset 1"
	for p in gro-hs train-benign; do
		probe_start hook "$hook_fn"
		if [ $p = gro-hs ]; then
			hs_case "GRO $1: handshakes" $p.pcap
		else
			benign_case "GRO $1: benign" $p.pcap
		fi
		n=$(probe_stop hook)
		if [ "$n" -gt 0 ] && [ "$n" -lt "$_s" ]; then
			pass "$T GRO $1: $p: the hook saw $n skbs for $_s datagrams"
		else
			fail "$T GRO $1: $p: nothing merged" "($n skbs for $_s datagrams)"
		fi
	done
	REPLAY_WRAP=
	in_ns fw sh -c 'echo 0 >/sys/class/net/cam0/threaded'
	in_ns fw ethtool -K cam0 gro off "$2" off
}
gro_case "(rx-udp-gro-forwarding)" rx-udp-gro-forwarding
gro_case "fraglist (rx-gro-list)" rx-gro-list

# --- Fragments: the camera's path MTU below its datagrams (IPv4 at 576,
# IPv6 at its minimum of 1280), set on its routes toward WAN so that the
# link keeps IPv6; a packet socket in the firewall's namespace counts the
# fragments that came in, proof that they were fragments, and the sink at
# WAN counts those that came out: none of a handshake. $FRAG_PATH names
# what reassembles them (nothing on a bridge without br_netfilter).
FRAG_PATH=
wan_fragments() { sed -n 's/^fragments \([0-9]*\)$/\1/p' "$(cat /tmp/p2pf-last-sink)/out"; }
frag_case() {	# MTU FAMILY HANDSHAKES BENIGN
	if [ "$2" = 4 ]; then
		gw=$(in_ns cam ip -4 route show default | awk '{ print $3; exit }')
		in_ns cam ip route replace 198.51.100.0/24 via "$gw" mtu lock "$1"
	else
		gw=$(in_ns cam ip -6 route show default | awk '{ print $3; exit }')
		in_ns cam ip -6 route replace 2001:db8:100::/48 via "$gw" mtu "$1"
	fi
	rm -f /tmp/fw-sink.out /tmp/fw-sink.ready
	ip netns exec fw udpsink -i cam0 -F -w /tmp/fw-sink.ready 120 >/tmp/fw-sink.out 2>&1 &
	fwsink=$!
	wait_for 5 test -e /tmp/fw-sink.ready
	FAMS=$2
	SINK_OPTS=-F
	_fc="${FRAG_PATH}fragments (IPv$2, MTU $1)"
	probe_start later p2pf_enforce_later_fragment
	hs_case "$_fc: handshakes" "$3"
	_later=$(probe_stop later)
	assert_eq "$T $_fc: no fragment of a handshake reaches WAN" 0 "$(wan_fragments)"
	# Later fragments reach the module only where nothing reassembled them.
	if [ -n "$FRAG_PATH" ] && [ "$_later" -gt 0 ]; then
		pass "$T $_fc: $_later later fragments judged by their first fragment's verdict"
	elif [ -z "$FRAG_PATH" ] && [ "$_later" = 0 ]; then
		pass "$T $_fc: reassembled before the module (no fragment reached it)"
	else
		fail "$T $_fc: $_later later fragments reached the module"
	fi
	benign_case "$_fc: benign datagrams" "$4"
	FAMS="4 6"
	SINK_OPTS=
	kill -TERM $fwsink
	wait_for 10 grep -q '^fragments' /tmp/fw-sink.out
	frags=$(sed -n 's/^fragments \([0-9]*\)$/\1/p' /tmp/fw-sink.out)
	if [ "${frags:-0}" -gt 0 ]; then
		pass "$T $_fc: the firewall saw $frags fragments"
	else
		fail "$T $_fc: nothing was fragmented" "($(cat /tmp/fw-sink.out))"
	fi
	if [ "$2" = 4 ]; then
		in_ns cam ip route del 198.51.100.0/24
	else
		in_ns cam ip -6 route del 2001:db8:100::/48
	fi
}
# A hostile sender's fragments (udpreplay -F: built by hand, both
# families): a first fragment that ends right after the UDP header hides
# the handshake from whatever judges first fragments alone; where nothing
# reassembles, it is dropped as too short to judge (tiny_fragments), with
# the fragments after it. A first fragment of 256 bytes is judged on them,
# the rest unseen; benign datagrams split so still arrive.
tiny_cases() {
	SINK_OPTS=-F
	_tf0=$(glob tiny_fragments)
	_tc="${FRAG_PATH}first fragments of the UDP header alone"
	NO_PROTO=$FRAG_PATH hs_case "$_tc: handshakes" small-hs.pcap -F 0
	assert_eq "$T $_tc: no fragment reaches WAN" 0 "$(wan_fragments)"
	if [ -n "$FRAG_PATH" ]; then
		assert_eq "$T $_tc: counted as tiny" "$_s" $(($(glob tiny_fragments) - _tf0))
		# Mark mode marks them (and passes them); monitor passes them.
		for _mode in mark monitor; do
			cli device set cam mode $_mode
			_tf0=$(glob tiny_fragments) _m0=$(dev marked)
			NO_PROTO=1 benign_case "$_tc: $_mode mode" small-hs.pcap -F 0
			assert_eq "$T $_tc: $_mode mode: counted as tiny, none dropped" \
				"$_s 0" "$(($(glob tiny_fragments) - _tf0)) $(($(dev dropped) - _d0))"
			_want=0
			[ $_mode = mark ] && _want=$_s
			assert_eq "$T $_tc: $_mode mode: marked" "$_want" $(($(dev marked) - ${_m0:-0}))
		done
		cli device set cam mode block
	else
		assert_eq "$T $_tc: reassembled first, none tiny" 0 $(($(glob tiny_fragments) - _tf0))
	fi
	_tc="${FRAG_PATH}first fragments of 256 bytes"
	hs_case "$_tc: handshakes" big-hs.pcap -F 256
	assert_eq "$T $_tc: no fragment reaches WAN" 0 "$(wan_fragments)"
	benign_case "$_tc: benign" big-benign.pcap -F 256
	SINK_OPTS=
}
frag_cases() {
	frag_case 576 4 big-hs.pcap big-benign.pcap
	frag_case 1280 6 huge-hs.pcap huge-benign.pcap
	# Up to the largest datagram UDP carries (65 kB, 45 fragments each).
	frag_case 1500 4 huge-hs.pcap huge-benign.pcap
	tiny_cases
}

# --- nftables flowtable: flows that conntrack confirmed are moved to the
# ingress fast path by `flow add` and skip FORWARD. The camera's flows
# (benign at first, then a handshake) stay on the normal path, so the
# handshakes are still dropped; the LAN host's same flows are offloaded.
flowtable_case() {
	in_ns fw nft -f - <<-EOF
	table inet ft {
		flowtable f {
			hook ingress priority 0
			devices = { cam0, lan0, wan0 }
		}
		chain forward {
			type filter hook forward priority 0;
			iifname cam0 meta l4proto udp counter
			iifname lan0 meta l4proto udp counter
			meta l4proto udp flow add @f
		}
	}
	EOF
	# fwd_count N: the Nth counter of the chain (1 camera, 2 LAN host).
	fwd_count() {
		in_ns fw nft list chain inet ft forward |
			sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | sed -n "${1}p"
	}
	# One family at a time, flows flushed between: a punched local port
	# is remembered whatever the family, and would drop the next one's
	# benign datagrams from that port.
	for FAMS in 4 6; do
		cli flows flush
		nt=$(expect flow-turns)
		d0=$(dev dropped) f0=$(fwd_count 1)
		new_remote
		sink_start wan 120
		s=$(send "$D/flow-turns.pcap")
		sleep 0.5
		got=$(sink_stop)
		assert_eq "$T flowtable (IPv$FAMS): camera sent every datagram" "$nt" "$s"
		assert_eq "$T flowtable (IPv$FAMS): only the camera's benign datagrams reach WAN" $((nt * 3 / 4)) "$got"
		assert_eq "$T flowtable (IPv$FAMS): the camera's handshakes dropped" $((nt / 4)) $(($(dev dropped) - d0))
		assert_eq "$T flowtable (IPv$FAMS): every camera packet came through FORWARD" "$nt" $(($(fwd_count 1) - f0))
	done
	FAMS="4 6"
	if in_ns fw cat /proc/net/nf_conntrack | grep "src=$CAM_IP4 " | grep -q OFFLOAD; then
		fail "$T flowtable: a camera flow was offloaded" "($(in_ns fw cat /proc/net/nf_conntrack | grep "src=$CAM_IP4 " | head -n 2))"
	else
		pass "$T flowtable: no camera flow offloaded"
	fi
	sink_start wan 120
	s=0
	for d in 198.51.100.$((100 + case_no)) 2001:db8:100::$((100 + case_no)); do
		s=$((s + $(replay lan -d $d "$D/flow-turns.pcap")))
	done
	sleep 0.5
	got=$(sink_stop)
	assert_eq "$T flowtable: the untagged LAN host's datagrams all arrive" "$s" "$got"
	lanfwd=$(fwd_count 2)
	if [ "$lanfwd" -lt "$s" ] &&
	    in_ns fw cat /proc/net/nf_conntrack | grep "src=$LAN_IP4 " | grep -q OFFLOAD; then
		pass "$T flowtable: the LAN host's flows were offloaded ($lanfwd of $s packets in FORWARD)"
	else
		fail "$T flowtable: the LAN host's flows were not offloaded" "($lanfwd of $s packets in FORWARD)"
	fi
	in_ns fw nft delete table inet ft
}

routed_cases() {
	frag_cases
	flowtable_case

	# --- NFQUEUE ahead of us: nf_reinject() runs our hook in process
	# context. Two flows at once: the camera's handshakes and the LAN
	# host's benign datagrams, through a userspace acceptor.
	in_ns fw nft -f - <<-EOF
	table inet q {
		chain forward_queue {
			type filter hook forward priority -10;
			meta l4proto udp queue num 0
		}
	}
	EOF
	rm -f /tmp/nfq.ready
	ip netns exec fw nfqaccept -q 0 -w /tmp/nfq.ready 300 >/tmp/nfq.out 2>&1 &
	nfq=$!
	wait_for 5 test -e /tmp/nfq.ready
	# The trace's first flags column says 'b' when BH is off, its third
	# 's' in a softirq: the recognisers must never run with neither.
	probe_start ctx p2pf_classify_packet
	cli flows flush
	by_proto >/tmp/proto0
	p0=$(dev packets) d0=$(dev dropped)
	sink_start wan 120
	replay lan -d 198.51.100.90 -c 4 "$D/big-benign.pcap" >/tmp/lan.sent &
	lanpid=$!
	s=$(replay cam -d 198.51.100.91 "$D/small-hs.pcap")
	wait $lanpid
	sleep 1
	got=$(sink_stop)
	lan_sent=$(cat /tmp/lan.sent)
	assert_eq "$T NFQUEUE: only the LAN host's datagrams reach WAN" "$lan_sent" "$got"
	assert_eq "$T NFQUEUE: camera handshakes counted once each" "$s" $(($(dev packets) - p0))
	assert_eq "$T NFQUEUE: camera handshakes all dropped" "$s" $(($(dev dropped) - d0))
	FAMS=4 proto_exact "$T NFQUEUE" small-hs.pcap
	echo 0 >$TR/events/p2pf/ctx/enable
	awk '/ ctx: / { f = $3; if (substr(f, 3, 1) != "s") { p++; if (f !~ /^[bD]/) u++ } }
		END { print p + 0, u + 0 }' $TR/trace >/tmp/ctx
	probe_stop ctx >/dev/null
	read -r proc unsafe </tmp/ctx
	if [ "$proc" -gt 0 ] && [ "$unsafe" = 0 ]; then
		pass "$T NFQUEUE: $proc datagrams recognised after nf_reinject() in process context, all with BH off"
	else
		fail "$T NFQUEUE: recognisers outside softirq" "($proc in process context, $unsafe of them with BH on)"
	fi
	kill -TERM $nfq
	wait $nfq
	acc=$(sed -n 's/^accepted \([0-9]*\)$/\1/p' /tmp/nfq.out)
	assert_eq "$T NFQUEUE: every datagram went through the queue" $((s + lan_sent)) "$acc"
	in_ns fw nft delete table inet q

	# --- The camera behind a LAN bridge br0 that carries the router's
	# address: routed packets come in through the bridge.
	lan_bridge
	rmmod br_netfilter 2>/dev/null
	hs_case "LAN bridge, no br_netfilter: handshakes" small-hs.pcap
	benign_case "LAN bridge, no br_netfilter: benign" big-benign.pcap
	check "$T LAN bridge: modprobe br_netfilter" modprobe br_netfilter
	in_ns fw sysctl -qw net.bridge.bridge-nf-call-iptables=1 \
		net.bridge.bridge-nf-call-ip6tables=1
	hs_case "LAN bridge + br_netfilter: handshakes" small-hs.pcap
	benign_case "LAN bridge + br_netfilter: benign" big-benign.pcap
	hs_case "LAN bridge + br_netfilter: paged" big-hs.pcap -g
}

bridged_cases() {
	check "$T br_netfilter loaded" modprobe br_netfilter
	in_ns fw sysctl -qw net.bridge.bridge-nf-call-iptables=1 \
		net.bridge.bridge-nf-call-ip6tables=1
	hs_case "br_netfilter: handshakes judged once" small-hs.pcap
	benign_case "br_netfilter: benign" big-benign.pcap
	frag_cases

	# --- A bridge without br_netfilter: nothing reassembles fragments
	# before the bridge hook, which judges each datagram by its first
	# fragment and drops the rest with it.
	check "$T plain bridge: rmmod br_netfilter" rmmod br_netfilter
	FRAG_PATH="plain bridge: " frag_cases
	check "$T br_netfilter loaded again" modprobe br_netfilter
	in_ns fw sysctl -qw net.bridge.bridge-nf-call-iptables=1 \
		net.bridge.bridge-nf-call-ip6tables=1

	# --- VLANs: camera and gateway talk over VLAN 10 (802.1Q), or over
	# VLAN 10 inside service VLAN 100 (802.1ad, QinQ), across the bridge;
	# WAN counts on the innermost interface, where each datagram shows once.
	vlan_setup() {	# PROTO-OF-OUTER [INNER-ID]
		for ns in cam wan; do
			in_ns $ns ip link del eth0.v 2>/dev/null
			in_ns $ns ip link del eth0.q 2>/dev/null
		done
		if [ "$1" = 802.1Q ]; then
			inner=eth0.v
			for ns in cam wan; do
				in_ns $ns ip link add link eth0 name eth0.v type vlan id 10
			done
		else
			inner=eth0.q
			for ns in cam wan; do
				in_ns $ns ip link add link eth0 name eth0.v type vlan proto 802.1ad id 100
				in_ns $ns ip link set eth0.v up
				in_ns $ns ip link add link eth0.v name eth0.q type vlan id 10
			done
		fi
		vaddr cam "$inner" 192.168.10.2 fd00:10::2 "$WAN_MAC" 192.168.10.254 fd00:10::fe
		vaddr wan "$inner" 192.168.10.254 fd00:10::fe "$CAM_MAC" 192.168.10.2 fd00:10::2
		in_ns cam ip route replace default via 192.168.10.254
		in_ns cam ip -6 route replace default via fd00:10::fe
	}
	vaddr() {	# NS IF IP4 IP6 PEER-MAC PEER4 PEER6
		in_ns "$1" ip -b - <<-EOF
		link set $2 up
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		neigh replace $6 lladdr $5 dev $2 nud permanent
		neigh replace $7 lladdr $5 dev $2 nud permanent
		EOF
	}
	vlan_filter() {	# 0|1 PROTO VID
		in_ns fw ip link set br0 type bridge vlan_filtering 0
		[ "$1" = 1 ] || return 0
		in_ns fw ip link set br0 type bridge vlan_protocol "$2"
		for p in cam0 wan0; do
			in_ns fw bridge vlan add vid "$3" dev $p
		done
		in_ns fw ip link set br0 type bridge vlan_filtering 1
	}
	for proto in 802.1Q 802.1ad; do
		vid=10
		[ $proto = 802.1ad ] && vid=100
		vlan_setup $proto
		SINK_OPTS="-i $inner"
		for filt in 0 1; do
			vlan_filter $filt $proto $vid
			wait_for 10 in_ns cam ping -c 1 -W 1 192.168.10.254 ||
				fail "$T VLAN $proto filtering=$filt: no path"
			hs_case "VLAN $proto, vlan_filtering $filt: handshakes" small-hs.pcap
			benign_case "VLAN $proto, vlan_filtering $filt: benign" big-benign.pcap
		done
	done
	vlan_filter 0
	SINK_OPTS=
}

if [ "$T" = routed ]; then
	routed_cases
else
	bridged_cases
fi
finish
