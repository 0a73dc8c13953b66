#!/bin/bash
# Enforcement end to end, inside the VM (tests/vm/run, routed or bridged):
# handshakes from the tagged camera are dropped and counted per protocol,
# and so are its LAN search/announce messages toward the internet; the
# same from the untagged LAN host and toward the LAN pass, monitor and
# allow pass, flows are remembered, punched ports too, and forgotten after
# the timeout; a MAC-tagged camera stays blocked on a new IPv6 address;
# benign traffic passes; real clients' packets are all dropped; garbage
# does not hurt. Files: pcaps/ with manifest (from mkpcaps.py),
# benign/*.pcap, real/*.pcap (what each real client sent).
. ./lib.sh
set -u

T=$VM_TOPOLOGY
P=pcaps

# Counters of the camera device: dev FIELD; namespace-wide: glob FIELD.
# (jq takes seconds to start under TCG: jnum of lib.sh reads flat
# counters, and a snapshot runs jq once for every protocol.)
dev() { cli -s -j device show cam | jnum "$1"; }
# snap FILE: the camera's per-protocol counters now, "PROTO dropped
# detected" lines; from FILE PROTO FIELD: one of them.
snap() {
	cli -s -j device show cam | jq -r '.[0].stats.by_proto | to_entries[] |
		"\(.key) \(.value.dropped) \(.value.detected)"' >"$1"
}
from() {
	awk -v p="$2" -v f="$3" '$1 == p { print (f == "dropped" ? $2 : $3); n = 1 }
		END { if (!n) print 0 }' "$1"
}

# A window: a sink in namespace $1 counts while the script replays; then
# `received` lets in-flight datagrams land, stops it and prints its count.
# ($2, seconds, only bounds a window that is never closed.)
sink_out=/tmp/window.out
window() {
	rm -f /tmp/window.ready "$sink_out"
	ip netns exec "$1" udpsink -w /tmp/window.ready 300 >"$sink_out" 2>&1 &
	sink_pid=$!
	wait_for 5 test -e /tmp/window.ready
}
received() {
	sleep 0.5
	kill -TERM "$sink_pid" 2>/dev/null
	# Called in $(...): a subshell cannot wait for it, so poll its line.
	wait_for 10 grep -q '^received' "$sink_out"
	sed -n 's/^received \([0-9]*\)$/\1/p' "$sink_out"
}

# Per-family destination, so that families never share a flow.
fam_addr4() { echo "198.51.100.$((20 + $1))"; }
fam_addr6() { echo "2001:db8:100::$((20 + $1))"; }

families=$(awk '$1 == "hs" { print $2 }' $P/manifest)
lanfams=$(awk '$1 == "lan" { print $2 }' $P/manifest)
count_of() { awk -v k="$1" -v p="$2" '$1 == k && $2 == p { print $3 }' $P/manifest; }
lan_total=$(awk '$1 == "lan" { n += $3 } END { print n + 0 }' $P/manifest)
neg_total=$(awk '$1 == "negative" { print $2 }' $P/manifest)
hs_total=$(awk '$1 == "hs" { n += $3 } END { print n + 0 }' $P/manifest)

check "$T setup: device add cam by MAC, block" cli device add cam mac "$CAM_MAC" mode block
check "$T setup: event rate high" cli config set event-rate 100000

# --- Block: every family over IPv4 and IPv6, LAN-only kinds, negatives.
mon=/tmp/monitor.json
in_ns fw p2pfence -j monitor >"$mon" 2>/tmp/monitor.err &
monpid=$!
sleep 1
snap /tmp/before.json
window wan 8
# LAN-kind messages (LAN search/announce) toward an internet address are
# P2P leaving the LAN and are dropped like any handshake; negatives pass.
# Both go first: a punch handshake below makes its local port remembered,
# and these reuse such ports.
lan_sent=0 i=0
for f in $lanfams; do
	# Own destination and no flows left: drops count under their family.
	i=$((i + 1))
	cli flows flush
	n=$(replay cam -d "198.51.100.$((40 + i))" $P/lan-$f.pcap)
	eval "lan_$f=\$n"
	lan_sent=$((lan_sent + n))
done
neg_sent=$(replay cam -d 198.51.100.98 $P/negative.pcap)
i=0
for f in $families; do
	i=$((i + 1))
	# Punched ports of one family must not count as drops of the next.
	cli flows flush
	s4=$(replay cam -d "$(fam_addr4 $i)" $P/hs-$f.pcap)
	s6=$(replay cam -d "$(fam_addr6 $i)" $P/hs-$f.pcap)
	eval "sent_$f=\$((s4 + s6))"
done
got=$(received)
snap /tmp/after.json
assert_eq "$T block: WAN receives only the negative datagrams (LAN kinds toward WAN dropped)" \
	"$neg_sent" "$got"
assert_eq "$T block: all LAN-kind vectors sent" "$lan_total" "$lan_sent"
assert_eq "$T block: all negative vectors sent" "$neg_total" "$neg_sent"
for f in $(echo $families $lanfams | tr ' ' '\n' | sort -u); do
	eval "s=\${sent_$f:-0} l=\${lan_$f:-0}"
	n=$(count_of hs "$f")
	assert_eq "$T block $f: IPv4+IPv6 handshakes sent" $((2 * ${n:-0})) "$s"
	assert_eq "$T block $f: per-protocol drop counter (handshakes + LAN kinds)" \
		$((s + l)) \
		$(($(from /tmp/after.json "$f" dropped) - $(from /tmp/before.json "$f" dropped)))
done

# --- Events: one per first detection of a flow, each reported.
sleep 1
kill "$monpid" 2>/dev/null
wait "$monpid" 2>/dev/null
lines=$(grep -c '^{' "$mon")
assert_eq "$T events: monitor lines == events sent" "$(glob events)" "$lines"
assert_eq "$T events: none suppressed under a high rate" 0 "$(glob events_suppressed)"
for f in $families; do
	if grep -q "\"$f\"" "$mon" && grep "\"$f\"" "$mon" | grep -q '"drop"'; then
		pass "$T events $f: reported as dropped"
	else
		fail "$T events $f: no drop event" "($(head -c 300 "$mon"))"
	fi
done

# --- The same packets from the untagged LAN host, and toward the LAN.
window wan 8
sent=$(replay lan -d "$(fam_addr4 1)" $P/hs-*.pcap)
sent=$((sent + $(replay lan -d "$(fam_addr6 1)" $P/hs-*.pcap)))
assert_eq "$T untagged LAN host: all handshakes reach WAN" "$sent" "$(received)"
assert_eq "$T untagged LAN host: sent everything" $((2 * hs_total)) "$sent"

window lan 8
sent=$(replay cam -d "$LAN_IP4" $P/hs-*.pcap $P/lan-*.pcap)
sent=$((sent + $(replay cam -d "$LAN_IP6" $P/hs-*.pcap $P/lan-*.pcap)))
assert_eq "$T camera to LAN host: all handshakes and LAN-kind messages arrive" "$sent" "$(received)"
assert_eq "$T camera to LAN host: sent everything" $((2 * (hs_total + lan_total))) "$sent"

# --- Real clients (tests/corpus/real): every packet each unchanged client
# sent, from the tagged camera toward the internet, is dropped; from the
# untagged LAN host all of it arrives. One destination per capture, and
# flows flushed in between, so that each capture stands on its own.
if ls real/*.pcap >/dev/null 2>&1; then
	i=0 all=0
	window wan 60
	for r in real/*.pcap; do
		i=$((i + 1))
		cli flows flush
		all=$((all + $(replay cam -d "198.51.100.$((100 + i))" "$r")))
	done
	assert_eq "$T real clients: none of the camera's $all packets reach WAN" 0 "$(received)"
	window wan 60
	sent=$(replay lan -d 198.51.100.100 real/*.pcap)
	assert_eq "$T real clients: the same from the untagged LAN host all arrive" "$all" "$(received)"
	assert_eq "$T real clients: the LAN host sent them all" "$all" "$sent"
else
	skip "$T real clients" "no real/*.pcap"
fi

# --- Flow memory: opaque data after a handshake, punched local port.
check "$T flows: flush" cli flows flush
assert_eq "$T flows: none after flush" 0 "$(glob flows)"
fd0=$(dev flow_dropped)
window wan 6
replay cam -d 198.51.100.70 $P/remote-hs.pcap >/dev/null
o1=$(replay cam -d 198.51.100.70 $P/opaque-remote.pcap)
o2=0
if [ -f $P/punch.pcap ]; then
	replay cam -d 198.51.100.71 $P/punch.pcap >/dev/null
	o2=$(replay cam -d 198.51.100.72 $P/opaque-punch.pcap)
fi
assert_eq "$T flows: opaque session data after handshakes dropped" 0 "$(received)"
assert_eq "$T flows: flow_dropped counts them" $((o1 + o2)) $(($(dev flow_dropped) - fd0))
if [ -f $P/punch.pcap ]; then
	pass "$T flows: punched local port blocks other remotes"
else
	skip "$T flows: punched local port" "no punch vector"
fi

# --- Expiry: a 2 s timeout lets the session through afterwards.
check "$T expiry: flow-timeout 2" cli config set flow-timeout 2
cli flows flush
replay cam -d 198.51.100.73 $P/remote-hs.pcap >/dev/null
sleep 3
window wan 5
o=$(replay cam -d 198.51.100.73 $P/opaque-remote.pcap)
assert_eq "$T expiry: data passes after the timeout" "$o" "$(received)"
# The sweep runs every max(timeout / 2, 1 s): poll for it.
n=0
while [ "$(glob flows)" != 0 ] && [ $n -lt 40 ]; do sleep 0.25; n=$((n + 1)); done
assert_eq "$T expiry: the sweep frees idle flows" 0 "$(glob flows)"
cli config set flow-timeout 120

# --- A MAC-tagged camera keeps being blocked on a new IPv6 address.
in_ns cam ip addr add fd00:1::99/64 dev eth0 nodad
d0=$(dev dropped)
window wan 5
s=$(replay cam -s fd00:1::99 -d 2001:db8:100::77 $P/remote-hs.pcap)
s=$((s + $(replay cam -s fd00:1::99 -d 2001:db8:100::77 $P/opaque-remote.pcap)))
assert_eq "$T new IPv6 address: still blocked" 0 "$(received)"
assert_eq "$T new IPv6 address: dropped counted" "$s" $(($(dev dropped) - d0))
in_ns cam ip addr del fd00:1::99/64 dev eth0

# --- Monitor: everything passes and every handshake is counted.
check "$T monitor: mode monitor" cli device set cam mode monitor
snap /tmp/before.json
window wan 8
sent=$(replay cam -d "$(fam_addr4 1)" $P/hs-*.pcap)
assert_eq "$T monitor: all handshakes reach WAN" "$sent" "$(received)"
snap /tmp/after.json
for f in $families; do
	assert_eq "$T monitor $f: each handshake detected" "$(count_of hs "$f")" \
		$(($(from /tmp/after.json "$f" detected) - $(from /tmp/before.json "$f" detected)))
done

# --- Allow: passes, detects nothing.
check "$T allow: mode allow" cli device set cam mode allow
det0=$(dev detected)
window wan 6
sent=$(replay cam -d 198.51.100.80 $P/hs-*.pcap)
assert_eq "$T allow: all handshakes reach WAN" "$sent" "$(received)"
assert_eq "$T allow: nothing detected" "$det0" "$(dev detected)"

# --- Benign traffic from the blocked camera passes.
check "$T benign: mode block" cli device set cam mode block
if ls benign/*.pcap >/dev/null 2>&1; then
	window wan 10
	sent=$(replay cam -d "$WAN_IP4" benign/*.pcap)
	assert_eq "$T benign corpus: every datagram reaches WAN" "$sent" "$(received)"
else
	skip "$T benign corpus" "no tests/corpus/benign/*.pcap"
fi

# --- Fan-out: one port to more remotes than the threshold (2) punches.
# The third remote fires (dropped, port remembered), the rest follow it.
# (Remotes are counted in a 4096-bit hashed set: a collision among the
# first three, p < 0.1 %, would let one more through.)
check "$T fanout: device fanout on" cli device set cam fanout on
check "$T fanout: threshold 2" cli config set fanout-threshold 2
window wan 5
s=$(replay cam -d 198.51.100.95 $P/fanout.pcap)
assert_eq "$T fanout: only the first 2 of $s remotes reached" 2 "$(received)"
cli device set cam fanout off >/dev/null

# --- Prefixes of handshakes and garbage: no harm, and still enforcing.
replay cam -d 198.51.100.90 $P/prefixes.pcap >/dev/null
replay cam -d 2001:db8:100::90 $P/prefixes.pcap >/dev/null
d0=$(dev dropped)
s=$(replay cam -d 198.51.100.91 $P/remote-hs.pcap)
assert_eq "$T garbage: enforcement still works afterwards" "$s" $(($(dev dropped) - d0))

finish
