#!/bin/bash
# Device selectors end to end, inside the VM (routed or bridged): a camera
# fenced by source prefix and by ingress interface (its handshakes
# dropped, its benign datagrams and the LAN host untouched), an allow
# exception by MAC inside a fenced prefix, the lookup order MAC > exact
# address > longest prefix > interface case by case with one device
# counting each packet, the LAN-wide default with exceptions, discovery of
# untagged sources only, save/restore of the selectors, and what "ingress
# interface" means on each path. Files: pcaps/ from enforce/mkpcaps.py.
. ./lib.sh
set -u

T=$VM_TOPOLOGY
P=pcaps
HS=$P/hs-tutk.pcap
hs_n=$(awk '$1 == "hs" && $2 == "tutk" { print $3 }' $P/manifest)
neg_n=$(awk '$1 == "negative" { print $2 }' $P/manifest)

# A prefix holding the camera. Routed, the camera has a subnet of its own
# (the LAN host is in another one); bridged, both share 192.168.1.0/24,
# so the camera's prefix is its host route there.
if [ "$T" = routed ]; then
	P4=192.168.1.0/24 P6=fd00:1::/64
else
	P4=$CAM_IP4/32 P6=$CAM_IP6/128
fi

# sent_to NS DST PCAP [NS2 DST2 PCAP2]: replays PCAP from NS toward DST
# (flows forgotten first) while a sink counts in the namespace that owns
# DST; prints "sent received".
sink_ns() { case $1 in 192.168.* | fd00:*) echo lan ;; *) echo wan ;; esac; }
sent_to() {
	cli flows flush
	sink_start "$(sink_ns "$2")" 120
	_s=$(replay "$1" -d "$2" "$3")
	sleep 0.5
	echo "$_s $(sink_stop)"
}
# dev NAME FIELD: a counter of one device (0 when it is gone).
dev() { _v=$(cli -s -j device show "$1" 2>/dev/null | jnum "$2"); echo "${_v:-0}"; }

# fenced LABEL DEV: the camera's handshakes (IPv4, IPv6) never reach the
# WAN and DEV counts every one as dropped; its benign datagrams arrive.
fenced() {
	_d0=$(dev "$2" dropped)
	set -- "$1" "$2" $(sent_to cam "$WAN_IP4" $HS) $(sent_to cam "$WAN_IP6" $HS)
	assert_eq "$T $1: handshakes sent (IPv4+IPv6)" $((2 * hs_n)) $(($3 + $5))
	assert_eq "$T $1: none reaches the WAN" 0 $(($4 + $6))
	assert_eq "$T $1: $2 counts each as dropped" $(($3 + $5)) $(($(dev "$2" dropped) - _d0))
	set -- "$1" $(sent_to cam "$WAN_IP4" $P/negative.pcap)
	assert_eq "$T $1: benign datagrams all arrive" "$neg_n $neg_n" "$2 $3"
}
# open LABEL NS: handshakes from NS all reach the WAN.
open() {
	set -- "$1" $(sent_to "$2" "$WAN_IP4" $HS)
	assert_eq "$T $1: handshakes all reach the WAN" "$hs_n $hs_n" "$2 $3"
}

check "$T setup: event rate high" cli config set event-rate 100000

# --- A camera fenced by prefix.
check "$T prefix: device add iot prefix $P4 prefix $P6" \
	cli device add iot prefix "$P4" prefix "$P6" mode block
j=$(cli -j device show iot)
case $j in
*"\"prefix\":[\"$P4\",\"$P6\"]"*'"iif":null'*) pass "$T prefix: -j device show gives prefix and iif" ;;
*) fail "$T prefix: -j device show gives prefix and iif" "$j" ;;
esac
check "$T prefix: discover on" cli discover on
in_ns fw p2pfence -j monitor --count 1 --timeout 120 >/tmp/ev.json 2>&1 &
mon=$!
sleep 1
fenced "prefix" iot
wait "$mon"
case $(cat /tmp/ev.json) in
*'"device":"iot"'*'"action":"drop"'*) pass "$T prefix: events name the entry" ;;
*) fail "$T prefix: events name the entry" "$(cat /tmp/ev.json)" ;;
esac
if [ "$T" = routed ]; then
	open "prefix: the LAN host outside the prefix" lan
else
	open "prefix: the LAN host beside the camera" lan
fi
set -- $(sent_to cam "$LAN_IP4" $HS)
assert_eq "$T prefix: the camera's handshakes toward the LAN host arrive" "$hs_n $hs_n" "$1 $2"
d=$(cli -j discover show)
case $d in
*"$LAN_MAC"*) pass "$T prefix: discovery finds the untagged LAN host" ;;
*) fail "$T prefix: discovery finds the untagged LAN host" "$d" ;;
esac
case $d in
*"$CAM_MAC"*) fail "$T prefix: discovery leaves the fenced camera alone" "$d" ;;
*) pass "$T prefix: discovery leaves the fenced camera alone" ;;
esac
check "$T prefix: discover off" cli discover off
err=$(cli device add other prefix "$P4" 2>&1)
case $err in
*"source prefix belongs to another device"*) pass "$T prefix: a prefix belongs to one device" ;;
*) fail "$T prefix: a prefix belongs to one device" "$err" ;;
esac
err=$(cli device set iot prefix none 2>&1)
case $err in
*"needs a MAC address, an IP address, a source prefix or an interface"*)
	pass "$T prefix: prefix none refused when nothing else selects" ;;
*) fail "$T prefix: prefix none refused when nothing else selects" "$err" ;;
esac

# --- An allow exception by MAC inside the fenced prefix: it passes, and
# only the exception counts (one packet, one device).
check "$T exception: device add phone mac CAM_MAC mode allow" \
	cli device add phone mac "$CAM_MAC" mode allow
i0=$(dev iot packets)
set -- $(sent_to cam "$WAN_IP4" $HS)
assert_eq "$T exception: its handshakes all reach the WAN" "$hs_n $hs_n" "$1 $2"
assert_eq "$T exception: counted by phone" "$hs_n" "$(dev phone packets)"
assert_eq "$T exception: not by iot" "$i0" "$(dev iot packets)"
check "$T exception: device del phone" cli device del phone

# --- Save and restore round-trip the selectors; the restored table fences.
check "$T save: device add guests iif lan0" cli device add guests iif lan0 mode monitor
cli save >/tmp/s1
check "$T restore: selectors" cli restore /tmp/s1
cli save >/tmp/s2
if cmp -s /tmp/s1 /tmp/s2 && grep -q "^device add iot prefix $P4 prefix $P6 mode block" /tmp/s1 &&
	grep -q "^device add guests iif lan0 mode monitor" /tmp/s1; then
	pass "$T save/restore: prefix and iif round-trip"
else
	fail "$T save/restore: prefix and iif round-trip" "$(cat /tmp/s1 /tmp/s2 | tr '\n' '|')"
fi
check "$T restore: flush, then restore again" cli device flush
check "$T restore: from the file" cli restore /tmp/s1
fenced "restored prefix" iot
g0=$(dev guests packets)
open "restored iif lan0 in monitor" lan
assert_eq "$T restored iif: guests counts the LAN host" "$hs_n" $(($(dev guests packets) - g0))

# --- device set: a prefix entry becomes an interface entry.
check "$T set: guests iif none prefix (LAN host)" \
	cli device set guests iif none prefix "$LAN_IP4/32" prefix "$LAN_IP6/128"
j=$(cli -j device show guests)
case $j in
*"\"prefix\":[\"$LAN_IP4/32\",\"$LAN_IP6/128\"]"*'"iif":null'*) pass "$T set: iif none, prefixes set" ;;
*) fail "$T set: iif none, prefixes set" "$j" ;;
esac
check "$T set: iot prefix none iif cam0" cli device set iot prefix none iif cam0
check "$T set: device del guests" cli device del guests

# --- A camera fenced by ingress interface: the port it came in by (the
# routed box's interface; on a bridge, the bridge port).
j=$(cli -j device show iot)
case $j in
*'"prefix":[]'*'"iif":"cam0"'*) pass "$T iif: -j device show gives iif" ;;
*) fail "$T iif: -j device show gives iif" "$j" ;;
esac
assert_eq "$T iif: device show gives iif (text)" "    iif cam0" "$(cli device show iot | grep '^    iif ')"
fenced "iif cam0" iot
open "iif cam0: the LAN host (lan0)" lan
err=$(cli device add other iif cam0 2>&1)
case $err in
*"interface belongs to another device"*) pass "$T iif: an interface belongs to one device" ;;
*) fail "$T iif: an interface belongs to one device" "$err" ;;
esac
check "$T iif: device flush" cli device flush

# --- The order, case by case: MAC > exact address > longest prefix >
# shorter prefix > interface > untagged. Each device in monitor mode; the
# most specific one left counts every packet, the others none.
for d in "m mac $CAM_MAC" "a ip $CAM_IP4" "p prefix $P4" "w prefix 0.0.0.0/0" "i iif cam0"; do
	check "$T order: device add $d" cli device add $d mode monitor
done
for d in m a p w i -; do
	b=$(for x in m a p w i; do echo "$x=$(dev $x packets)"; done)
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T order: with ${d/-/none} the most specific left: all pass" "$hs_n $hs_n" "$1 $2"
	a=$(for x in m a p w i; do
		n=$(dev $x packets)
		o=$(echo "$b" | sed -n "s/^$x=//p")
		echo "$x=$((n - o))"
	done | tr '\n' ' ')
	want=$(for x in m a p w i; do
		[ "$x" = "$d" ] && echo "$x=$hs_n" || echo "$x=0"
	done | tr '\n' ' ')
	assert_eq "$T order: ${d/-/untagged} counts each packet, once" "$want" "$a"
	[ "$d" = - ] || cli device del "$d"
done

# --- Nested prefixes: a source inside the outer one but past the end of
# an inner one (and before another) is the outer one's, IPv4 and IPv6.
check "$T nested: device add outer prefix 192.168.0.0/16 prefix fd00::/16" \
	cli device add outer prefix 192.168.0.0/16 prefix fd00::/16 mode monitor
check "$T nested: device add below prefix 192.168.1.0/31 prefix fd00:1::/127" \
	cli device add below prefix 192.168.1.0/31 prefix fd00:1::/127 mode monitor
check "$T nested: device add above prefix 192.168.1.128/25 prefix fd00:1::8000/113" \
	cli device add above prefix 192.168.1.128/25 prefix fd00:1::8000/113 mode monitor
assert_eq "$T nested: device show lists the prefixes (text)" \
	"prefix 192.168.0.0/16|prefix fd00::/16" \
	"$(cli device show outer | sed -n 's/^    prefix /prefix /p' | tr '\n' '|' | sed 's/|$//')"
set -- $(sent_to cam "$WAN_IP4" $HS) $(sent_to cam "$WAN_IP6" $HS)
assert_eq "$T nested: the outer prefix counts every packet, the inner ones none" \
	"$(($1 + $3)) 0 0" "$(dev outer packets) $(dev below packets) $(dev above packets)"
check "$T nested: device flush" cli device flush

# --- The LAN-wide default in one line, and an allow exception.
check "$T everyone: device add everyone prefix 0.0.0.0/0 prefix ::/0" \
	cli device add everyone prefix 0.0.0.0/0 prefix ::/0 mode block
fenced "everyone: the camera" everyone
set -- $(sent_to lan "$WAN_IP4" $HS)
assert_eq "$T everyone: the LAN host's handshakes are dropped too" "$hs_n 0" "$1 $2"
check "$T everyone: device add lanhost mac LAN_MAC mode allow" \
	cli device add lanhost mac "$LAN_MAC" mode allow
open "everyone: the allowed LAN host" lan
fenced "everyone: the camera still" everyone
check "$T everyone: device flush" cli device flush

# --- The key filter in front of the MAC/address table (keyfilter.h): the
# camera is found after the filter grew (rebuilt) for thousands of keys,
# not found once deleted (its bit stays set) and follows a changed address.
# These two sections test lookups, not paths: the routed topology only.
if [ "$T" = routed ]; then
	awk 'BEGIN { for (i = 0; i < 3000; i++)
		printf "device add k%d mac 02:20:00:00:%02x:%02x ip 10.20.%d.%d mode block\n",
			i, int(i / 256), i % 256, int(i / 256), i % 256 }' >/tmp/many.conf
	check "$T filter: restore of 3000 devices" cli restore /tmp/many.conf
	check "$T filter: device add cam mac CAM_MAC" cli device add cam mac "$CAM_MAC" mode block
	fenced "filter: by MAC after 3000 others" cam
	check "$T filter: device del cam" cli device del cam
	open "filter: deleted, the camera is open again" cam
	check "$T filter: device add camip ip CAM_IP4 (no MAC)" cli device add camip ip "$CAM_IP4" mode block
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T filter: by address, IPv4 handshakes dropped" "$hs_n 0" "$1 $2"
	check "$T filter: device set camip ip 10.99.0.1" cli device set camip ip 10.99.0.1
	open "filter: its address changed, the camera is open" cam
	check "$T filter: device set camip ip CAM_IP4" cli device set camip ip "$CAM_IP4"
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T filter: its address back, handshakes dropped" "$hs_n 0" "$1 $2"
	check "$T filter: device flush" cli device flush
	open "filter: flushed, the camera is open" cam

	# --- LAN prefixes (lan.c tests IPv4 ones by first byte, then net and
	# mask): a destination in one is never dropped, whether the prefix is the
	# namespace's or the device's, and whatever its length.
	check "$T lan: device add cam mac CAM_MAC" cli device add cam mac "$CAM_MAC" mode block
	check "$T lan: lan add 196.0.0.0/6 (holds the WAN address)" cli lan add 196.0.0.0/6
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T lan: WAN in a /6 of the global list: handshakes pass" "$hs_n $hs_n" "$1 $2"
	check "$T lan: lan del 196.0.0.0/6" cli lan del 196.0.0.0/6
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T lan: out of the list again: handshakes dropped" "$hs_n 0" "$1 $2"
	check "$T lan: device set cam lan 198.51.100.0/24" cli device set cam lan 198.51.100.0/24
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T lan: WAN in the device's own list: handshakes pass" "$hs_n $hs_n" "$1 $2"
	check "$T lan: device set cam lan none" cli device set cam lan none
	set -- $(sent_to cam "$WAN_IP4" $HS)
	assert_eq "$T lan: device list gone: handshakes dropped" "$hs_n 0" "$1 $2"
	check "$T lan: device flush" cli device flush
fi

# --- Routed traffic from a bridge: the interface is the bridge.
if [ "$T" = routed ]; then
	lan_bridge
	check "$T bridge: device add port iif cam0" cli device add port iif cam0 mode block
	open "LAN bridge: iif cam0 (a port) does not match routed traffic" cam
	check "$T bridge: device add lanbr iif br0" cli device add lanbr iif br0 mode block
	fenced "LAN bridge: iif br0 matches routed traffic from it" lanbr
else
	check "$T bridge: device add lanbr iif br0" cli device add lanbr iif br0 mode block
	open "bridged: iif br0 (the bridge) does not match bridged traffic" cam
	check "$T bridge: device add port iif cam0" cli device add port iif cam0 mode block
	fenced "bridged: iif cam0 (the port) matches" port
fi
check "$T end: device flush" cli device flush
finish
