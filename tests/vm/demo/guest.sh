#!/bin/bash
# The story `make demo` tells, inside the VM (run by tests/demo.sh through
# tests/vm/run). Optional file: pcaps/ from tests/vm/enforce/mkpcaps.py
# (hs-PROTO.pcap handshakes); without it the handshake part is left out.
. ./lib.sh

say() { printf '\n==> %s\n' "$*"; }
# `$ fw# command` then its output; the demo stops at the first failure.
on() {
	ns=$1
	shift
	printf '%s# %s\n' "$ns" "$*"
	in_ns "$ns" "$@" || { echo "demo: '$*' failed in $ns"; exit 1; }
}

say "A small network in one VM ($KVER, $VM_TOPOLOGY): network namespaces as hosts."
cat <<EOF
    cam  a camera to fence in     $CAM_IP4  $CAM_IP6  MAC $CAM_MAC
    lan  another LAN host         $LAN_IP4  $LAN_IP6
    fw   the router/firewall: p2pfence.ko is loaded here (and everywhere)
    wan  "the internet": answers on every address of $WAN_NET4 and $WAN_NET6
EOF

say "The module is loaded; the CLI talks to it over generic netlink."
grep '^p2pfence ' /proc/modules
on fw p2pfence proto list

if [ -f pcaps/hs-pppp.pcap ] && [ -f pcaps/hs-tutk.pcap ]; then
	say "Which devices speak P2P? Discovery watches untagged ones (it never drops)."
	on fw p2pfence discover on
	n=$(replay cam -d 198.51.100.21 pcaps/hs-pppp.pcap)
	n=$((n + $(replay cam -d 198.51.100.22 pcaps/hs-tutk.pcap)))
	l=$(replay lan -d 198.51.100.23 demo.pcap)
	echo "(the camera sent $n PPPP and TUTK handshake datagrams, the LAN host $l ordinary ones)"
	on fw p2pfence discover show
	on fw p2pfence discover show --suggest
	on fw p2pfence discover off
fi

say "Tag the camera by its MAC: its P2P traffic to the internet will be blocked."
on fw p2pfence device add cam mac "$CAM_MAC" mode block
on fw p2pfence device show

say "Ordinary UDP from the camera still reaches the internet and the LAN."
sink_start wan 60
wan_sink=$SINK
sink_start lan 60
lan_sink=$SINK
sent=$(replay cam -d "$WAN_IP4" -P 5000 demo.pcap)
sent6=$(replay cam -d "$WAN_IP6" -P 5000 demo.pcap)
sentl=$(replay cam -d "$LAN_IP4" -P 5000 demo.pcap)
sleep 0.3
echo "cam -> wan: sent $((sent + sent6)) (IPv4 and IPv6), wan received $(sink_stop "$wan_sink")"
echo "cam -> lan: sent $sentl, lan received $(sink_stop "$lan_sink")"

if ls pcaps/hs-*.pcap >/dev/null 2>&1; then
	say "Now P2P handshakes (real vectors) from the camera: dropped at fw."
	for f in pcaps/hs-pppp.pcap pcaps/hs-tutk.pcap; do
		[ -f "$f" ] || continue
		sink_start wan 60
		n=$(replay cam -d "$WAN_IP4" "$f")
		sleep 0.3
		echo "$(basename "$f" .pcap): cam sent $n, wan received $(sink_stop)"
	done
	say "The same handshakes from the untagged LAN host pass untouched."
	sink_start wan 60
	n=$(replay lan -d "$WAN_IP4" pcaps/hs-pppp.pcap)
	sleep 0.3
	echo "hs-pppp from lan: sent $n, wan received $(sink_stop)"
fi

say "Per-device statistics: what fw inspected, detected and dropped."
on fw p2pfence -s device show
on fw p2pfence stats

say "Clean up: the device goes, the module unloads cleanly at the end."
on fw p2pfence device del cam
on fw p2pfence device show

# --- Enforcement story: PPPP and TUTK handshakes, monitor then block.
if [ -f pcaps/hs-pppp.pcap ] && [ -f pcaps/hs-tutk.pcap ]; then
	say "Monitor first: the camera's PPPP and TUTK handshakes are seen, reported, and passed."
	on fw p2pfence device add cam mac "$CAM_MAC" mode monitor proto pppp,tutk
	on fw p2pfence config set event-rate 1000
	in_ns fw p2pfence monitor >/tmp/demo-events.txt 2>&1 &
	monpid=$!
	sleep 1
	sink_start wan 60
	n=$(replay cam -d 198.51.100.31 pcaps/hs-pppp.pcap)
	n=$((n + $(replay cam -d 198.51.100.32 pcaps/hs-tutk.pcap)))
	sleep 0.3
	echo "monitor: cam sent $n PPPP+TUTK handshake datagrams, wan received $(sink_stop)"
	sleep 0.5
	kill "$monpid" 2>/dev/null
	echo "fw# p2pfence monitor   (what it printed meanwhile, first lines)"
	head -n 6 /tmp/demo-events.txt

	say "Block: the same handshakes are dropped at fw, and so is the session behind them."
	on fw p2pfence device set cam mode block
	in_ns fw p2pfence monitor >/tmp/demo-events.txt 2>&1 &
	monpid=$!
	sleep 1
	sink_start wan 60
	n=$(replay cam -d 198.51.100.33 pcaps/hs-pppp.pcap)
	n=$((n + $(replay cam -d 198.51.100.34 pcaps/hs-tutk.pcap)))
	o=0
	[ -f pcaps/opaque-remote.pcap ] && o=$(replay cam -d 198.51.100.33 pcaps/opaque-remote.pcap)
	sleep 0.3
	echo "block: cam sent $n handshake datagrams and $o opaque session datagrams, wan received $(sink_stop)"
	sleep 0.5
	kill "$monpid" 2>/dev/null
	echo "fw# p2pfence monitor   (first lines)"
	head -n 6 /tmp/demo-events.txt
	on fw p2pfence -s device show cam

	say "The camera stays reachable from the LAN, and can reach the LAN host."
	sink_start cam 60
	n=$(replay lan -d "$CAM_IP4" pcaps/hs-pppp.pcap)
	sleep 0.3
	echo "lan -> cam: sent $n, cam received $(sink_stop)"
	sink_start lan 60
	n=$(replay cam -d "$LAN_IP4" pcaps/hs-tutk.pcap)
	sleep 0.3
	echo "cam -> lan (P2P LAN traffic is never dropped): sent $n, lan received $(sink_stop)"
	on fw p2pfence device del cam
fi
echo
echo "demo: done"
