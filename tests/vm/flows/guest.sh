#!/bin/bash
# Flow memory under a flood (issue 12), inside the VM (tests/vm/run,
# routed). Each part reloads the module with its own parameters:
#  share:   the camera `cam` opens sessions, then the LAN host, tagged as
#           `spoofed` by its MAC, sends FLOOD_HS distinct handshakes
#           (flood.pcap to FLOOD_DSTS addresses; default 200000) while
#           and after which the camera's opaque session packets, also of
#           sessions opened after the flood, are all dropped; the table
#           keeps cam's flows plus spoofed's share,
#           nothing is refused, and Slab stays within a computed bound.
#  full:    flow_max=1000, flow_max_per_device=400: three LAN devices fill
#           the table, the camera keeps its sessions; a device holding
#           none takes a flooder's room and its sessions are remembered;
#           idle entries expire; deleting a device frees exactly its own.
#  lru:     flow_max_per_device=4: a new session evicts the device's
#           least recently used one, not the oldest inserted.
#  spoof:   the LAN host floods with the camera's own MAC while the camera
#           keeps using its sessions: they survive (second chance).
#  flush:   max_devices=100016: DEVICES devices (default 100000) restored,
#           16 of them fill the 65536-flow table (ceil(flow_max / share)
#           devices), `flows flush` is timed, the table filled again, a
#           17th device takes room, then `device flush` is timed (under
#           FLUSH_SECS, default 1; measured again, twice at most, when
#           over), and once more without flows.
# Files (from tests/vm/enforce/mkpcaps.py): pcaps/.
. ./lib.sh
set -u

P=pcaps
FLOOD_DSTS=${FLOOD_DSTS:-100}
DEVICES=${DEVICES:-100000}
FLUSH_SECS=${FLUSH_SECS:-1}
dev() { cli -s -j device show "$1" | jnum "$2"; }
# Centiseconds: the guest's date prints whole seconds only.
now() { cut -d' ' -f1 /proc/uptime; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
slab() { sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
reload() {
	rmmod p2pfence 2>/dev/null
	insmod "$P2PF_KO" "$@" || fail "reload $*" "(insmod failed)"
}
flood_flows=$(awk '$1 == "flood" { print $3 }' $P/manifest)

# A window: a sink at WAN counts whatever passes while the script sends.
window() { sink_start wan 900; }
received() { sleep 0.5; sink_stop; }

# cam_open N...: the camera's handshake to 198.51.100.N (one flow each).
cam_open() {
	for n in "$@"; do
		replay cam -d 198.51.100."$n" $P/remote-hs.pcap >/dev/null
	done
}
# cam_opaque N...: opaque session packets to those remotes; prints the
# number sent.
cam_opaque() {
	_s=0
	for n in "$@"; do
		_s=$((_s + $(replay cam -d 198.51.100."$n" $P/opaque-remote.pcap)))
	done
	echo "$_s"
}
SESSIONS="31 32 33 34"

# ---------------------------------------------------------------- share
reload
share=4096 fmax=65536
check "share: device add cam" cli device add cam mac "$CAM_MAC" mode block
check "share: device add spoofed" cli device add spoofed mac "$LAN_MAC" mode block
cam_open $SESSIONS
ncam=$(glob flows)
assert_eq "share: the camera's sessions are remembered" 4 "$ncam"
sleep 1
slab0=$(slab)
f0=$(dev cam flow_dropped)
window
# The flood in the background, the camera's session packets meanwhile.
(
	n=0
	for i in $(seq 1 "$FLOOD_DSTS"); do
		n=$((n + $(replay lan -d 198.51.100.$((100 + i)) $P/flood.pcap)))
	done
	echo "$n" >/tmp/flood.sent
) &
floodpid=$!
t0=$(now)
during=0 rounds=0
while kill -0 "$floodpid" 2>/dev/null; do
	during=$((during + $(cam_opaque $SESSIONS)))
	rounds=$((rounds + 1))
	sleep 1
done
wait "$floodpid"
t1=$(now)
fs=$(cat /tmp/flood.sent)
# Sessions opened after the flood are remembered too: the flood could
# only evict spoofed's own entries, so there is room.
cam_open 35 36
ncam=$((ncam + 2))
after=$(cam_opaque $SESSIONS 35 36)
passed=$(received)
flows=$(glob flows)
sp=$((flows - ncam))
el=$(secs "$t0" "$t1")
echo "# share: $fs handshakes from spoofed in ${el} s; camera sent $during session packets in $rounds rounds during it, $after after (2 sessions opened after it)"
assert_eq "share: flood of $fs distinct handshakes sent" $((FLOOD_DSTS * flood_flows)) "$fs"
assert_eq "share: camera's $((during + after)) session packets (old and new sessions) and the flood: 0 reach WAN" 0 "$passed"
assert_eq "share: camera's session packets all dropped by flow memory" \
	$((during + after)) $(($(dev cam flow_dropped) - f0))
assert_eq "share: every handshake of the flood dropped" "$fs" "$(dev spoofed dropped)"
if [ "$flows" -le "$fmax" ] && [ "$sp" -le "$share" ]; then
	pass "share: table holds $flows flows <= $fmax, spoofed $sp <= share $share (cam $ncam)"
else
	fail "share: bounds" "($flows flows, spoofed $sp, cam $ncam)"
fi
assert_eq "share: spoofed holds exactly its share" "$share" "$sp"
assert_eq "share: nothing refused" 0 "$(glob flows_refused)"
# Entries of 96 bytes (kmalloc-96/128): allow 256 bytes per flow kept
# plus 4 MiB for everything else (sockets, page tables of the replays);
# the 196000 evicted entries are freed by RCU, which is waited for.
bound=$((flows * 256 / 1024 + 4096))
ok=0
for _ in $(seq 1 20); do
	d=$(( $(slab) - slab0 ))
	[ "$d" -le "$bound" ] && { ok=1; break; }
	sleep 1
done
if [ "$ok" = 1 ]; then
	pass "share: Slab grew $d kB <= $bound kB after $fs handshakes ($flows flows kept)"
else
	fail "share: Slab bounded" "(grew $d kB > $bound kB)"
fi

# ---------------------------------------------------------------- full
reload flow_max=1000 flow_max_per_device=400
in_ns lan ip addr add 192.168.2.3/24 dev eth0
in_ns lan ip addr add 192.168.2.4/24 dev eth0
check "full: device add cam" cli device add cam mac "$CAM_MAC" mode block
check "full: device add lan4" cli device add lan4 ip "$LAN_IP4" mode block
check "full: device add lan6" cli device add lan6 ip "$LAN_IP6" mode block
check "full: device add lan4b" cli device add lan4b ip 192.168.2.3 mode block
check "full: device add late" cli device add late ip 192.168.2.4 mode block
cam_open $SESSIONS
replay lan -d 198.51.100.60 $P/flood.pcap >/dev/null
assert_eq "full: lan4 flooding holds its share" 404 "$(glob flows)"
replay lan -d 2001:db8:100::60 $P/flood.pcap >/dev/null
assert_eq "full: lan6 flooding holds its share" 804 "$(glob flows)"
replay lan -s 192.168.2.3 -d 198.51.100.61 $P/flood.pcap >/dev/null
assert_eq "full: lan4b fills the table to flow_max" 1000 "$(glob flows)"
assert_eq "full: no refusal: lan4b replaced its own" 0 "$(glob flows_refused)"
window
o=$(cam_opaque $SESSIONS)
assert_eq "full: the camera's $o session packets still all dropped" 0 "$(received)"
# A device holding nothing while three flood the table full: it takes
# the room of a flooder's entry (p2pf_flow_steal), so its sessions are
# remembered, and no one's is refused.
d0=$(dev late dropped)
window
s=$(replay lan -s 192.168.2.4 -d 198.51.100.62 $P/remote-hs.pcap)
s=$((s + $(replay lan -s 192.168.2.4 -d 198.51.100.63 $P/remote-hs.pcap)))
o=$(replay lan -s 192.168.2.4 -d 198.51.100.62 $P/opaque-remote.pcap)
assert_eq "full: late device's handshakes remembered, none refused" 0 "$(glob flows_refused)"
assert_eq "full: its $o session packets dropped too (room taken from a flooder)" 0 "$(received)"
assert_eq "full: its dropped counter: $s handshakes + $o session packets" $((s + o)) $(($(dev late dropped) - d0))
assert_eq "full: table stays at flow_max" 1000 "$(glob flows)"
# The flooders took room from each other, never from the camera.
window
o=$(cam_opaque $SESSIONS)
assert_eq "full: the camera's $o session packets still all dropped after the stealing" 0 "$(received)"
# Deleting a device frees exactly its own entries (the camera's 4).
check "full: device del cam" cli device del cam
assert_eq "full: cam's 4 flows gone" 996 "$(glob flows)"
check "full: device add cam again" cli device add cam mac "$CAM_MAC" mode block
# Idle entries expire: the sweep walks every device's list.
# The sweep follows a changed timeout from the next new flow on.
check "full: flow-timeout 1" cli config set flow-timeout 1
sleep 1.5
cam_open 35
wait_for 10 sh -c '[ "$(ip netns exec fw p2pfence -j stats | grep -o "\"flows\": *[0-9]*" | grep -o "[0-9]*$")" = 0 ]'
assert_eq "full: idle flows swept" 0 "$(glob flows)"
check "full: flow-timeout 120" cli config set flow-timeout 120
replay lan -s 192.168.2.4 -d 198.51.100.62 $P/remote-hs.pcap >/dev/null
window
o=$(replay lan -s 192.168.2.4 -d 198.51.100.62 $P/opaque-remote.pcap)
assert_eq "full: with room again, late's session is remembered ($o dropped)" 0 "$(received)"
cam_open $SESSIONS
check "full: flows flush" cli flows flush
assert_eq "full: flush leaves none" 0 "$(glob flows)"
in_ns lan ip addr del 192.168.2.3/24 dev eth0
in_ns lan ip addr del 192.168.2.4/24 dev eth0

# ---------------------------------------------------------------- lru
reload flow_max=1000 flow_max_per_device=4
check "lru: device add cam" cli device add cam mac "$CAM_MAC" mode block
cam_open $SESSIONS
sleep 0.2
# 31 (the oldest) is used, 32 is not: the next session evicts 32.
cam_opaque 31 33 34 >/dev/null
cam_open 35
assert_eq "lru: cam holds its share" 4 "$(glob flows)"
window
o=$(cam_opaque 31 33 34 35)
assert_eq "lru: the used sessions and the new one kept ($o dropped)" 0 "$(received)"
window
o=$(cam_opaque 32)
assert_eq "lru: the unused one evicted ($o passed)" "$o" "$(received)"

# ---------------------------------------------------------------- spoof
# The LAN host takes the camera's MAC: its flood and the camera's
# sessions share one device and one share. The camera hits its sessions
# more often than the flood cycles through the share, so they stay.
reload
check "spoof: device add cam" cli device add cam mac "$CAM_MAC" mode block
cam_open $SESSIONS
in_ns lan ip link set eth0 address "$CAM_MAC"
f0=$(dev cam flow_dropped)
window
(
	n=0
	for i in 1 2 3 4 5; do
		n=$((n + $(replay lan -i 300 -d 198.51.100.$((200 + i)) $P/flood.pcap)))
	done
	echo "$n" >/tmp/flood.sent
) &
floodpid=$!
during=0
while kill -0 "$floodpid" 2>/dev/null; do
	during=$((during + $(cam_opaque $SESSIONS)))
	sleep 0.2
done
wait "$floodpid"
fs=$(cat /tmp/flood.sent)
after=$(cam_opaque $SESSIONS)
passed=$(received)
in_ns lan ip link set eth0 address "$LAN_MAC"
echo "# spoof: $fs handshakes from the camera's MAC; camera sent $during session packets during, $after after"
assert_eq "spoof: the camera's $((during + after)) session packets: 0 reach WAN" 0 "$passed"
assert_eq "spoof: all dropped by flow memory" $((during + after)) $(($(dev cam flow_dropped) - f0))
assert_eq "spoof: the shared device holds its share" 4096 "$(glob flows)"

# ---------------------------------------------------------------- flush
reload max_devices=100016
conf=/tmp/many.conf
addrs=
{
	for i in $(seq 0 15); do
		a=$(printf 'fd00:1::100:%x' "$i")
		addrs="$addrs $a"
		echo "device add f$i ip $a mode block"
	done
	awk -v n=$((DEVICES - 16)) 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "device add d%d mac 02:10:00:%02x:%02x:%02x\n", i,
				int(i / 65536) % 256, int(i / 256) % 256, i % 256
	}'
} >"$conf"
for a in $addrs; do echo "addr add $a/64 dev eth0 nodad"; done | ip -n cam -b -
t0=$(now)
check "flush: restore $DEVICES devices" cli restore "$conf"
t1=$(now)
ndev=$(cli -j version | jnum devices)
assert_eq "flush: $DEVICES devices restored" "$DEVICES" "$ndev"
echo "# flush: restore of $ndev devices took $(secs "$t0" "$t1") s"
# fill: each of the 16 address-tagged devices sends 6000 handshakes.
fill() {
	i=0
	for a in $addrs; do
		for d in 1 2 3; do
			replay cam -s "$a" -d 2001:db8:100::$((i * 3 + d)):1 $P/flood.pcap >/dev/null
		done
		i=$((i + 1))
	done
}
t0=$(now)
fill
t1=$(now)
flows=$(glob flows)
echo "# flush: 16 devices sent $((16 * 3 * flood_flows)) handshakes in $(secs "$t0" "$t1") s"
assert_eq "flush: 16 devices at their share fill the table" 65536 "$flows"
assert_eq "flush: none refused on the way" 0 "$(glob flows_refused)"
t0=$(now)
check "flush: flows flush" cli flows flush
t1=$(now)
assert_eq "flush: flows flush leaves none" 0 "$(glob flows)"
pass "flows flush of $flows flows of $DEVICES devices: $(secs "$t0" "$t1") s"
fill
assert_eq "flush: the table filled again" 65536 "$(glob flows)"
check "flush: device add late (the camera)" cli device add late mac "$CAM_MAC" mode block
s=$(replay cam -d 198.51.100.64 $P/remote-hs.pcap)
assert_eq "flush: a 17th device takes room from one at its share (none of its $s refused)" 0 "$(glob flows_refused)"
assert_eq "flush: the table stays full" 65536 "$(glob flows)"
# timed_flush: `device flush`, timed; sets el.
timed_flush() {
	t0=$(now)
	check "flush: device flush" cli device flush
	t1=$(now)
	el=$(secs "$t0" "$t1")
	assert_eq "flush: no flows left" 0 "$(glob flows)"
}
timed_flush
# Other VMs share the host's CPUs and TCG runs both vCPUs on one thread:
# an over-time flush is measured again (restore, fill) twice at most.
times=$el
for _ in 1 2; do
	awk -v e="$el" -v b="$FLUSH_SECS" 'BEGIN { exit !(e >= b) }' || break
	cli restore "$conf" >/dev/null || break
	fill
	[ "$(glob flows)" = 65536 ] || break
	# After the fill: late's MAC is the one the fill's frames carry.
	cli device add late mac "$CAM_MAC" mode block >/dev/null || break
	timed_flush
	times="$times, $el"
done
if awk -v e="$el" -v b="$FLUSH_SECS" 'BEGIN { exit !(e < b) }'; then
	pass "flush of $((DEVICES + 1)) devices with $flows flows: $el s (runs: $times s)"
else
	fail "flush of $((DEVICES + 1)) devices with $flows flows" "(runs: $times s, >= $FLUSH_SECS s)"
fi
# The same without flows: what the devices cost by themselves.
check "flush: restore $DEVICES devices again" cli restore "$conf"
t0=$(now)
check "flush: device flush (no flows)" cli device flush
t1=$(now)
echo "# flush: $DEVICES devices without flows: $(secs "$t0" "$t1") s"
t0=$(now)
cli -j version >/dev/null
t1=$(now)
echo "# flush: a CLI command that does nothing takes $(secs "$t0" "$t1") s"
for a in $addrs; do echo "addr del $a/64 dev eth0"; done | ip -n cam -b -

finish
