#!/bin/bash
# Enforcement robustness, inside the VM (tests/vm/run): the event rate
# limit under a flood of new flows, a long flood on remembered flows,
# policy changes racing with traffic, namespaces coming and going, a full
# flow table, and load/unload cycles with traffic flowing. The harness
# checks the kernel log and that the module unloads. Files: pcaps/.
# FLOOD_PACKETS (default 1000000, cut to what fits in FLOOD_SECS, 30)
# sizes the long flood; CYCLES (100, within CYCLE_SECS, 150), RACE_ROUNDS
# (30) and NETNS (50) the others.
. ./lib.sh
set -u

P=pcaps
FLOOD_PACKETS=${FLOOD_PACKETS:-1000000}
FLOOD_SECS=${FLOOD_SECS:-30}
CYCLES=${CYCLES:-100}
CYCLE_SECS=${CYCLE_SECS:-150}
NETNS=${NETNS:-50}
RACE_ROUNDS=${RACE_ROUNDS:-30}
RATE=50
dev() { cli -s -j device show cam | jnum "$1"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
flood_flows=$(awk '$1 == "flood" { print $3 }' $P/manifest)
flood_proto=$(awk '$1 == "flood" { print $2 }' $P/manifest)

check "setup: device add cam" cli device add cam mac "$CAM_MAC" mode block
check "setup: event-rate $RATE" cli config set event-rate $RATE

# --- Rate limit: every flow of the flood is new; events are capped.
mon=/tmp/monitor.json
in_ns fw p2pfence -j monitor >"$mon" 2>/dev/null &
monpid=$!
sleep 1
t0=$(now)
s=$(replay cam -d 198.51.100.50 $P/flood.pcap)
t1=$(now)
sleep 1
kill "$monpid"; wait "$monpid" 2>/dev/null
ev=$(glob events)
sup=$(glob events_suppressed)
lines=$(grep -c '^{' "$mon")
el=$(secs "$t0" "$t1")
echo "# rate limit: $s new flows in ${el} s at $RATE/s: $ev events sent, $sup suppressed, $lines received by monitor"
assert_eq "rate limit: sent + suppressed == new flows" "$s" $((ev + sup))
assert_eq "rate limit: monitor received every event sent" "$ev" "$lines"
limit=$(awk -v e="$el" -v r=$RATE 'BEGIN { printf "%d", r * (e + 2) + r }')
if [ "$ev" -le "$limit" ] && [ "$ev" -ge 1 ]; then
	pass "rate limit: $ev events <= $limit"
else
	fail "rate limit: events within rate" "($ev > $limit)"
fi
if grep -q '"suppressed"' "$mon" || [ "$sup" -eq 0 ]; then
	pass "rate limit: suppressed count reported in an event"
else
	fail "rate limit: suppressed count reported in an event" "(no suppressed field)"
fi
assert_eq "flows: the flood's flows are remembered" "$s" "$(glob flows)"

# --- Long flood on remembered flows: all dropped by flow memory. TCG is
# slow: a probe measures the sending rate and the flood is cut to what
# fits in FLOOD_SECS (the output says so).
t0=$(now)
probe=$(replay cam -d 198.51.100.50 -c 5 $P/flood.pcap)
el=$(secs "$t0" "$(now)")
fit=$(awk -v n="$probe" -v e="$el" -v s="$FLOOD_SECS" 'BEGIN { printf "%d", n / (e + 0.001) * s }')
if [ "$fit" -lt "$FLOOD_PACKETS" ]; then
	echo "# flood: $probe packets took ${el} s; sized down to $fit packets (${FLOOD_SECS} s)"
	FLOOD_PACKETS=$fit
fi
reps=$(( (FLOOD_PACKETS + flood_flows - 1) / flood_flows ))
d0=$(dev dropped)
f0=$(dev flow_dropped)
e0=$(glob events)
t0=$(now)
s=$(replay cam -d 198.51.100.50 -c "$reps" $P/flood.pcap)
t1=$(now)
el=$(secs "$t0" "$t1")
echo "# flood: $s packets in ${el} s ($(awk -v n="$s" -v e="$el" 'BEGIN { printf "%d", n / e }') pkt/s)"
assert_eq "flood: all $s dropped" "$s" $(($(dev dropped) - d0))
assert_eq "flood: all by flow memory" "$s" $(($(dev flow_dropped) - f0))
assert_eq "flood: no new events for known flows" "$e0" "$(glob events)"

# --- Policy changes racing with traffic.
# Traffic at about 1000 datagrams/s: flowing, without starving TCG.
# A stop file ends it between two short replays: `wait` then means quiet.
rm -f /tmp/stop-traffic
( while [ ! -e /tmp/stop-traffic ]; do in_ns cam udpreplay -i 1000 -d 198.51.100.51 $P/hs-*.pcap >/dev/null 2>&1 || break; done ) &
trafpid=$!
ok=1
modes="block monitor allow"
for i in $(seq 1 "$RACE_ROUNDS"); do
	m=$(echo $modes | cut -d' ' -f$((i % 3 + 1)))
	cli device set cam mode "$m" >/dev/null || ok=0
	cli device set cam proto "$flood_proto" >/dev/null || ok=0
	cli flows flush >/dev/null || ok=0
	cli device set cam proto all fanout on >/dev/null || ok=0
	# A new identity: the old key set is freed after a grace period.
	cli device set cam ip 192.0.2.$((i % 250 + 1)) >/dev/null || ok=0
	if [ $((i % 10)) = 0 ]; then
		cli device del cam >/dev/null || ok=0
		cli device add cam mac "$CAM_MAC" mode block >/dev/null || ok=0
	fi
done
touch /tmp/stop-traffic; wait "$trafpid" 2>/dev/null
assert_eq "policy race: $RACE_ROUNDS rounds of changes under traffic succeed" 1 "$ok"

# --- Namespaces coming and going while loaded, some with flows.
ok=1
for i in $(seq 1 "$NETNS"); do
	ip netns add "t$i" || ok=0
	ip netns exec "t$i" p2pfence device add d$i ip 10.9.0.$((i % 250 + 1)) >/dev/null || ok=0
	ip netns exec "t$i" p2pfence config set flow-timeout 5 >/dev/null || ok=0
	ip netns del "t$i" || ok=0
done
assert_eq "netns: $NETNS namespaces created and deleted" 1 "$ok"

# --- Full flow table: bounded; a device replaces its own flows, one that
# holds none takes the room of one holding more, and when every device
# holds as few as it, it is refused and counted (flow.h).
rmmod p2pfence && insmod "$P2PF_KO" flow_max=100 || fail "flow_max: reload" ""
cli device add cam mac "$CAM_MAC" mode block >/dev/null
s=$(replay cam -d 198.51.100.52 $P/flood.pcap)
assert_eq "flow_max=100: table holds 100 flows" 100 "$(glob flows)"
assert_eq "flow_max=100: the camera replaces its own flows, none refused" 0 "$(glob flows_refused)"
assert_eq "flow_max=100: still every handshake dropped" "$s" "$(dev dropped)"
cli device add lanh mac "$LAN_MAC" mode block >/dev/null
replay lan -d 198.51.100.52 $P/remote-hs.pcap >/dev/null
assert_eq "flow_max=100: a device holding none takes the flooder's room, none refused" \
	"0 100" "$(glob flows_refused) $(glob flows)"
rmmod p2pfence && insmod "$P2PF_KO" flow_max=2 flow_max_per_device=1 || fail "flow_max: reload" ""
cli device add cam4 ip "$CAM_IP4" mode block >/dev/null
cli device add cam6 ip "$CAM_IP6" mode block >/dev/null
cli device add lanh mac "$LAN_MAC" mode block >/dev/null
replay cam -d 198.51.100.52 $P/remote-hs.pcap >/dev/null
replay lan -d 198.51.100.52 $P/remote-hs.pcap >/dev/null
n=$(replay cam -d 2001:db8:100::52 $P/remote-hs.pcap)
assert_eq "flow_max=2, 1 each: a device holding none while all hold 1 is refused, counted" \
	"$n 2" "$(glob flows_refused) $(glob flows)"

# --- Load/unload cycles with traffic flowing through the firewall.
# CYCLE_SECS bounds the time: the cycles done are printed and named.
# Each unload comes right after a change of identity and, every other
# cycle, a delete, so that it may find key sets and devices still waiting
# for their grace period (device.c frees them in batches, reap.h; module
# exit waits for them, a wait this test cannot show to be needed).
rm -f /tmp/stop-traffic
( while [ ! -e /tmp/stop-traffic ]; do in_ns cam udpreplay -i 1000 -d 198.51.100.53 $P/hs-*.pcap >/dev/null 2>&1; done ) &
trafpid=$!
ok=1
done_=0
t0=$(date +%s)
for i in $(seq 1 "$CYCLES"); do
	if [ "$i" -gt 1 ]; then
		cli device set cam ip 192.0.2.$((i % 250 + 1)) >/dev/null || ok=0
		[ $((i % 2)) = 0 ] && { cli device del cam >/dev/null || ok=0; }
	fi
	rmmod p2pfence || { ok=0; echo "# rmmod failed at cycle $i"; break; }
	insmod "$P2PF_KO" || { ok=0; echo "# insmod failed at cycle $i"; break; }
	cli device add cam mac "$CAM_MAC" mode block >/dev/null || ok=0
	done_=$i
	[ $(( $(date +%s) - t0 )) -ge "$CYCLE_SECS" ] && break
done
t1=$(date +%s)
touch /tmp/stop-traffic; wait "$trafpid" 2>/dev/null
echo "# load/unload: $done_ of $CYCLES cycles in $((t1 - t0)) s (bound ${CYCLE_SECS} s)"
assert_eq "load/unload: $done_ cycles with traffic" 1 "$ok"
grep -q '^p2pfence ' /proc/modules || insmod "$P2PF_KO"
cli device add cam mac "$CAM_MAC" mode block >/dev/null 2>&1
d0=$(dev dropped)
s=$(replay cam -d 198.51.100.54 $P/remote-hs.pcap)
assert_eq "load/unload: the last load still enforces" "$s" $(($(dev dropped) - d0))

finish
