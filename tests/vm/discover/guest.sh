#!/bin/bash
# Discovery end to end, inside the VM (tests/vm/run, routed): the camera
# is left untagged. Off: nothing is recorded while P2P flows. On: the
# camera appears with its protocols, addresses and remotes, the LAN host
# (benign traffic, LAN-kind messages and handshakes toward the LAN) does
# not, nothing is dropped, an event is sent; --suggest fed to restore blocks the camera;
# expiry, flush and switching off empty the table; rmmod with entries is
# clean; reloaded with max_discovered=16, a flood of spoofed MACs leaves
# 16 entries and counts the rest as refused.
# Files (from tests/vm/enforce/mkpcaps.py): pcaps/, benign/.
. ./lib.sh
set -u

P=pcaps
# entries: how many sources `discover show -j` lists.
entries() { cli -j discover show | grep -o '"mac":' | wc -l; }
no_entries() { [ "$(entries)" = 0 ]; }
# header FIELD: the number before "source(s)" or "refused" in the text
# header line.
header() { cli discover show | head -n 1 | grep -o "[0-9]* $1" | cut -d' ' -f1; }
# state on|off: 1 when the header says discovery is on|off.
state() { cli discover show | head -n 1 | grep -c "^discovery $1,"; }
hex_mac() { echo "$1" | tr -d ':'; }

# A window: a sink in namespace $1 counts while the script sends;
# `received` lets in-flight datagrams land, then stops it and prints.
window() { sink_start "$1" 300; }
received() { sleep 0.5; sink_stop; }

D4=198.51.100.50
D6=2001:db8:100::50
cam_hs() { # the camera's PPPP and TUTK handshakes, IPv4 and IPv6
	echo $(($(replay cam -d $D4 $P/hs-pppp.pcap $P/hs-tutk.pcap) +
		$(replay cam -d $D6 $P/hs-pppp.pcap $P/hs-tutk.pcap)))
}

# --- Off (the default): nothing recorded while P2P traffic flows.
assert_eq "off: discovery off by default" 1 "$(state off)"
window wan
sent=$(cam_hs)
assert_eq "off: camera handshakes reach WAN" "$sent" "$(received)"
assert_eq "off: table empty" 0 "$(entries)"
assert_eq "off: text header says 0 sources" 0 "$(header source)"

# --- On: the camera appears, the LAN host does not, nothing is dropped.
check "on: discover on" cli discover on
assert_eq "on: show says on" 1 "$(state on)"
mon=/tmp/monitor.json
in_ns fw p2pfence -j monitor >"$mon" 2>/tmp/monitor.err &
monpid=$!
sleep 1
window wan
sent=$(cam_hs)
lan_sent=$(replay lan -d $D4 benign/*.pcap)
lan_sent=$((lan_sent + $(replay lan -d $D4 $P/negative.pcap)))
assert_eq "on: nothing dropped (camera + LAN host at WAN)" \
	$((sent + lan_sent)) "$(received)"
# Handshakes and LAN search/announce messages toward a LAN destination
# are not discovery material (toward the internet they would be).
window cam
n=$(replay lan -d "$CAM_IP4" $P/hs-pppp.pcap $P/lan-*.pcap)
assert_eq "on: LAN host's handshakes and LAN-kind messages to the camera arrive" "$n" "$(received)"
sleep 1
kill "$monpid" 2>/dev/null
wait "$monpid" 2>/dev/null

js=$(cli -j discover show)
# One jq run (2 s each under TCG): mac|protos|packets|addresses|remotes|newest remote|times ok
IFS='|' read -r j_mac j_proto j_pkts j_ip j_nrem j_rem0 j_time <<EOT
$(echo "$js" | jq -r '.[0] // {} | [.mac, (.proto // [] | sort | join(",")), .packets,
	(.ip // [] | sort | join(" ")), (.remotes // [] | length), (.remotes // [])[0],
	(.first_seen_ns > 0 and .first_seen_ns <= .last_seen_ns)] | map(tostring) | join("|")')
EOT
assert_eq "on: exactly one source" 1 "$(entries)"
assert_eq "on: it is the camera" "$CAM_MAC" "$j_mac"
assert_eq "on: protocols pppp and tutk" "pppp,tutk" "$j_proto"
assert_eq "on: packets counted" "$sent" "$j_pkts"
assert_eq "on: both addresses recorded" "$CAM_IP4 $CAM_IP6" "$j_ip"
# The ring keeps the latest 4 distinct remotes, newest first: IPv6 ones.
assert_eq "on: remote ring full" 4 "$j_nrem"
case $j_rem0 in
"[$D6]:"*) pass "on: newest remote is the last destination" ;;
*) fail "on: newest remote is the last destination" "got '$j_rem0'" ;;
esac
assert_eq "on: first seen <= last seen" true "$j_time"
assert_eq "on: LAN host absent" 0 "$(echo "$js" | grep -ci "$LAN_MAC")"
assert_eq "on: one discovered event, for the camera" 1 \
	"$(grep '"discovered"' "$mon" | grep -ci "\"$CAM_MAC\"")"
assert_eq "on: no event for the LAN host" 0 "$(grep -ci "\"$LAN_MAC\"" "$mon")"
assert_eq "on: text show names the camera" 1 \
	"$(cli discover show | grep -ci "^$CAM_MAC")"
assert_eq "on: stats count it" 1 "$(header source)"

# --- --suggest, fed to restore, blocks the camera.
name=p2p-$(hex_mac "$CAM_MAC")
cli discover show --suggest >/tmp/suggest.conf
assert_eq "suggest: one device add line for the camera" \
	"device add $name mac $CAM_MAC mode block proto all fanout off" \
	"$(grep -v '^#' /tmp/suggest.conf)"
check "suggest: restore accepts it" cli restore /tmp/suggest.conf
assert_eq "suggest: camera device exists" 1 \
	"$(cli -j device show | grep -c "\"name\": *\"$name\"")"
window wan
n=$(cam_hs)
assert_eq "suggest: camera handshakes sent" "$sent" "$n"
assert_eq "suggest: camera handshakes blocked (0 at WAN)" 0 "$(received)"
assert_eq "suggest: tagged camera is not suggested again" "" \
	"$(cli discover show --suggest | grep -v '^#')"
check "suggest: device flush" cli device flush

# --- Flush and expiry.
check "flush: discover flush" cli discover flush
assert_eq "flush: table empty" 0 "$(entries)"
cam_hs >/dev/null
assert_eq "expiry: camera back" 1 "$(entries)"
echo 2 >/sys/module/p2pfence/parameters/discover_timeout
if wait_for 25 no_entries; then
	pass "expiry: idle entry forgotten (discover_timeout=2)"
else
	fail "expiry: idle entry forgotten" "still $(entries) entries"
fi
echo 600 >/sys/module/p2pfence/parameters/discover_timeout
check "expiry: out-of-range timeout refused" sh -c \
	"! echo 0 >/sys/module/p2pfence/parameters/discover_timeout"

# --- Off frees everything; rmmod with entries is clean.
cam_hs >/dev/null
assert_eq "off: entry before switching off" 1 "$(entries)"
check "off: discover off" cli discover off
assert_eq "off: table empty after off" 0 "$(entries)"
assert_eq "off: stats count 0" 0 "$(header source)"
check "rmmod: discover on" cli discover on
cam_hs >/dev/null
assert_eq "rmmod: entry present" 1 "$(entries)"
check "rmmod: with entries" rmmod p2pfence
check "insmod: max_discovered=0 refused" sh -c "! insmod $P2PF_KO max_discovered=0"
check "insmod: max_discovered=16" insmod "$P2PF_KO" max_discovered=16
assert_eq "insmod: discovery off after reload" 1 "$(state off)"

# --- Bound: a flood of spoofed source MACs from the LAN host.
check "bound: discover on" cli discover on
lif=$(in_ns lan ip -o link show | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); print $2; exit }')
flood=40
i=0
while [ $i -lt $flood ]; do
	in_ns lan ip link set dev "$lif" address "$(printf '02:00:5e:10:%02x:%02x' $((i / 256)) $((i % 256)))"
	replay lan -d $D4 $P/punch.pcap >/dev/null
	i=$((i + 1))
done
in_ns lan ip link set dev "$lif" address "$LAN_MAC"
assert_eq "bound: table holds max_discovered entries" 16 "$(entries)"
assert_eq "bound: the rest counted as refused" $((flood - 16)) "$(header refused)"
assert_eq "bound: the first 16 sources kept" "02:00:5e:10:00:00" \
	"$(cli -j discover show | grep -o '"mac": *"[^"]*"' | head -n 1 | cut -d'"' -f4)"
check "bound: discover off" cli discover off
assert_eq "bound: table empty after off" 0 "$(entries)"
finish
