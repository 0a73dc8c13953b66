#!/bin/bash
# The p2pfence CLI against the module, inside the VM (run by
# tests/check.d/32-vm-cli.sh through tests/vm/run). Every command runs in
# the firewall namespace, where the module acts. JSON is checked as exact
# compact text (the guest has no JSON tool): the CLI's output is
# deterministic, so any field that changes shows up as a difference.
# Files beside this script: hs-pppp.pcap (a PPPP handshake, for monitor).
. ./lib.sh

pf() { ip netns exec "$NS_FW" p2pfence "$@"; }

# run NAME RC STDERR-PATTERN CMD...: exit code exactly RC and stderr
# matching the shell pattern (one line).
run() {
	_n=$1 _rc=$2 _pat=$3
	shift 3
	_err=$("$@" 2>&1 >/dev/null)
	_got=$?
	case $_err in
	$_pat) [ "$_got" -eq "$_rc" ] && { pass "$_n"; return; } ;;
	esac
	fail "$_n" "($*) rc $_got (want $_rc), stderr '$_err' (want '$_pat')"
}

# field JSON KEY: the raw value of the first "KEY": in JSON (string with
# quotes, array, object without nesting, number, true/false/null).
field() {
	printf '%s' "$1" | sed -nE "s/^[^\"]*(\"[^\"]*\"[^\"]*)*\"$2\":(\"[^\"]*\"|\[[^]]*\]|\{[^}]*\}|[a-z0-9.]+).*/\2/p" | head -n 1
}

now_cs() { cut -d' ' -f1 /proc/uptime | tr -d .; }	# centiseconds

# --- empty state -----------------------------------------------------------
pf device flush
assert_eq "empty: -j device show" "[]" "$(pf -j device show)"
assert_eq "empty: device show prints nothing" "" "$(pf device show)"

# --- add / show -----------------------------------------------------------
check "add: full" pf device add cam1 mac 02:00:00:00:00:01 ip 192.0.2.10 ip 2001:db8::10 \
	mode monitor proto pppp,tutk lan 192.168.50.0/24 fanout on
check "add: minimal" pf device add cam2 ip 198.51.100.20
j=$(pf -j device show cam1)
assert_eq "show -j cam1: exact" \
	'[{"name":"cam1","mac":"02:00:00:00:00:01","ip":["192.0.2.10","2001:db8::10"],"prefix":[],"iif":null,"mode":"monitor","proto":["pppp","tutk"],"lan":["192.168.50.0/24"],"fanout":true}]' "$j"
assert_eq "show -j cam1: name" '"cam1"' "$(field "$j" name)"
assert_eq "show -j cam1: mac" '"02:00:00:00:00:01"' "$(field "$j" mac)"
assert_eq "show -j cam1: ip" '["192.0.2.10","2001:db8::10"]' "$(field "$j" ip)"
assert_eq "show -j cam1: mode" '"monitor"' "$(field "$j" mode)"
assert_eq "show -j cam1: proto" '["pppp","tutk"]' "$(field "$j" proto)"
assert_eq "show -j cam1: lan" '["192.168.50.0/24"]' "$(field "$j" lan)"
assert_eq "show -j cam1: fanout" 'true' "$(field "$j" fanout)"
j=$(pf -j device show cam2)
assert_eq "show -j cam2: mac null" 'null' "$(field "$j" mac)"
# the default protocol set is every protocol the module lists
all=$(pf proto list | awk '{printf "%s\"%s\"", (NR > 1 ? "," : ""), $2}')
assert_eq "show -j cam2: defaults" \
	"[{\"name\":\"cam2\",\"mac\":null,\"ip\":[\"198.51.100.20\"],\"prefix\":[],\"iif\":null,\"mode\":\"block\",\"proto\":[$all],\"lan\":[],\"fanout\":false}]" "$j"
assert_eq "show: two devices, sorted" "cam1 cam2" \
	"$(pf -j device show | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ' | sed 's/ $//')"
# completion: device names from `device show`, protocols from `proto list`
if [ -f p2pfence.bash-completion ]; then
	comp() {
		ip netns exec "$NS_FW" bash -c '. ./p2pfence.bash-completion
			COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
			_p2pfence; echo "${COMPREPLY[*]}"' _ "$@"
	}
	assert_eq "completion: device names" "cam1 cam2" "$(comp p2pfence device set "")"
	assert_eq "completion: device names, abbreviated verb" "cam2" "$(comp p2pfence dev del cam2)"
	assert_eq "completion: protocols from the module" "all $(pf proto list | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')" \
		"$(comp p2pfence device set cam1 proto "")"
	assert_eq "completion: after a comma" "pppp,naxclow" "$(comp p2pfence device set cam1 proto pppp,n)"
fi
expected_text='cam1: mode monitor proto pppp,tutk fanout on
    mac 02:00:00:00:00:01
    ip 192.0.2.10
    ip 2001:db8::10
    lan 192.168.50.0/24'
assert_eq "show text cam1" "$expected_text" "$(pf device show cam1)"
js=$(pf -j -s device show cam1)
st=$(printf '%s' "$js" | sed -n 's/.*"stats":\({.*}\)}]$/\1/p')
case $st in
'{"packets":0,"detected":0,"dropped":0,'*'"by_proto":{'*) pass "show -j -s: stats object with packets, detected, dropped, by_proto" ;;
*) fail "show -j -s: stats object with packets, detected, dropped, by_proto" "got '$js'" ;;
esac
pf -s device show cam1 | grep -q '^    packets 0 detected 0 dropped 0' &&
	pass "show -s text: counters line" || fail "show -s text: counters line" "$(pf -s device show cam1)"

# --- abbreviations ---------------------------------------------------------
assert_eq "abbrev: dev sh == device show" "$(pf device show)" "$(pf dev sh)"
assert_eq "abbrev: dev == device show" "$(pf device show)" "$(pf dev)"
check "abbrev: dev a with ma/i/mo" pf dev a cam3 ma 02:00:00:00:00:03 i 203.0.113.3 mo al
assert_eq "abbrev: cam3 as typed" '"allow"' "$(field "$(pf -j dev sh cam3)" mode)"
run "abbrev: ambiguous verb" 2 'p2pfence: ambiguous verb "s": could be stats, save' pf s
run "abbrev: ambiguous command" 2 'p2pfence: ambiguous device command "s": could be set, show' pf dev s

# --- set ----------------------------------------------------------------------
check "set: mode proto fanout" pf device set cam1 mode block proto all fanout off
j=$(pf -j device show cam1)
assert_eq "set: mode changed" '"block"' "$(field "$j" mode)"
assert_eq "set: proto all" "[$all]" "$(field "$j" proto)"
assert_eq "set: fanout off" 'false' "$(field "$j" fanout)"
assert_eq "set: untouched ip kept" '["192.0.2.10","2001:db8::10"]' "$(field "$j" ip)"
assert_eq "set: untouched mac kept" '"02:00:00:00:00:01"' "$(field "$j" mac)"
check "set: ip none lan none" pf device set cam1 ip none lan none
j=$(pf -j device show cam1)
assert_eq "set: ip cleared" '[]' "$(field "$j" ip)"
assert_eq "set: lan cleared" '[]' "$(field "$j" lan)"
check "set: new ip, mac none" pf device set cam1 ip 192.0.2.11 mac none
j=$(pf -j device show cam1)
assert_eq "set: mac cleared" 'null' "$(field "$j" mac)"
assert_eq "set: ip replaced" '["192.0.2.11"]' "$(field "$j" ip)"
run "set: nothing left to recognise" 1 'p2pfence: device set: kernel: *' pf device set cam1 ip none
assert_eq "set: refused set changed nothing" '["192.0.2.11"]' "$(field "$(pf -j device show cam1)" ip)"

# --- errors -------------------------------------------------------------------
run "error: duplicate name" 1 'p2pfence: device add: kernel: *(File exists)' \
	pf device add cam1 ip 192.0.2.99
run "error: address of another device" 1 'p2pfence: device add: kernel: *(File exists)' \
	pf device add cam9 ip 198.51.100.20
run "error: MAC of another device" 1 'p2pfence: device set: kernel: *(File exists)' \
	pf device set cam2 mac 02:00:00:00:00:03
run "error: del unknown" 1 'p2pfence: device del: no device "nope"' pf device del nope
run "error: set unknown" 1 'p2pfence: device set: no device "nope"' pf device set nope mode block
run "error: show unknown" 1 'p2pfence: device show: no device "nope"' pf device show nope
run "error: bad MAC" 1 'p2pfence: device add: invalid MAC "xx": expected aa:bb:cc:dd:ee:ff' \
	pf device add cam9 mac xx
run "error: usage" 2 'p2pfence: device del: missing device name' pf device del
assert_eq "error: nothing added by failures" "cam1 cam2 cam3" \
	"$(pf -j device show | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ' | sed 's/ $//')"

# --- del / flush --------------------------------------------------------------
check "del cam3" pf device del cam3
assert_eq "del: gone" "cam1 cam2" \
	"$(pf -j device show | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ' | sed 's/ $//')"
check "flush" pf device flush
assert_eq "flush: empty" "[]" "$(pf -j device show)"

# --- proto / lan / config / flows / stats / version --------------------------
n=$(pf -j proto list | grep -o '"id":' | wc -l)
[ "$n" -ge 9 ] && [ "$n" -eq "$(pf proto list | wc -l)" ] && pf -j proto list | grep -q '{"id":1,"name":"pppp","description":"' &&
	pass "proto list: $n protocols, text == json" || fail "proto list" "$(pf -j proto list)"
def=$(pf -j lan show)
assert_eq "lan: defaults" '["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","100.64.0.0/10","169.254.0.0/16","224.0.0.0/4","255.255.255.255/32","fc00::/7","fe80::/10","ff00::/8"]' "$def"
check "lan add" pf lan add 198.18.0.0/15 2001:db8:ffff::/48
assert_eq "lan add: appended" "$(pf lan show | tail -n 2 | tr '\n' ' ')" "198.18.0.0/15 2001:db8:ffff::/48 "
run "lan add: duplicate" 1 'p2pfence: lan add: prefix "198.18.0.0/15" is already in the list' pf lan add 198.18.0.0/15
check "lan del" pf lan del 198.18.0.0/15 2001:db8:ffff::/48
assert_eq "lan del: back to defaults" "$def" "$(pf -j lan show)"
run "lan del: absent" 1 'p2pfence: lan del: prefix "198.18.0.0/15" is not in the list' pf lan del 198.18.0.0/15
check "lan set" pf lan set 10.0.0.0/8
assert_eq "lan set: replaced" '["10.0.0.0/8"]' "$(pf -j lan show)"
check "lan set none" pf lan set none
assert_eq "lan set none: empty" '[]' "$(pf -j lan show)"
pf lan set $(echo "$def" | tr -d '[]"' | tr ',' ' ')
assert_eq "lan: restored defaults" "$def" "$(pf -j lan show)"
cfg=$(pf -j config show)
case $cfg in
'{"flow_timeout":'*',"event_rate":'*',"fanout_threshold":'*',"mark":1342177280,"mark_mask":4278190080}') pass "config show -j: keys (default mark 0x50000000/0xff000000)" ;;
*) fail "config show -j: keys" "got '$cfg'" ;;
esac
check "config set" pf config set flow-timeout 77 event-rate 9 fanout-threshold 5 mark 0x100/0xf00
assert_eq "config set: applied" '{"flow_timeout":77,"event_rate":9,"fanout_threshold":5,"mark":256,"mark_mask":3840}' "$(pf -j config show)"
assert_eq "config show text" "flow-timeout 77
event-rate 9
fanout-threshold 5
mark 0x00000100/0x00000f00" "$(pf config show)"
check "flows flush" pf flows flush
check "stats" pf stats
s=$(pf -j stats)
case $s in
'{"global":{"packets":'*'"by_proto":{'*'},"devices":[]}') pass "stats -j: global and devices" ;;
*) fail "stats -j: global and devices" "got '$s'" ;;
esac
pf version | grep -q '^p2pfence .*, module ' && pass "version" || fail "version" "$(pf version 2>&1)"

# --- save / restore -----------------------------------------------------------
pf device add a1 mac 02:00:00:00:0a:01 ip 192.0.2.101 ip 2001:db8::101 mode monitor proto stun,dahua lan 192.0.2.128/25 fanout on
pf device add b2 ip 192.0.2.102 mode mark
pf device add c3 mac 02:00:00:00:0a:03 mode allow proto pppp
pf lan set 10.0.0.0/8 192.168.0.0/16 fd00::/8
pf save >/tmp/s1
pf device flush
pf lan set none
pf config set flow-timeout 1 event-rate 0 fanout-threshold 2 mark 1/1
check "restore: from file" pf restore /tmp/s1
pf save >/tmp/s2
if cmp -s /tmp/s1 /tmp/s2; then pass "save -> flush -> restore -> save: identical"
else fail "save -> flush -> restore -> save: identical" "$(diff /tmp/s1 /tmp/s2 | head -n 5 | tr '\n' '|')"; fi
grep -q '^device add a1 mac 02:00:00:00:0a:01 ip 192.0.2.101 ip 2001:db8::101 mode monitor proto stun,dahua lan 192.0.2.128/25 fanout on$' /tmp/s1 &&
	pass "save: device line in CLI grammar" || fail "save: device line in CLI grammar" "$(cat /tmp/s1)"
pf device flush
check "restore: from stdin" sh -c "ip netns exec $NS_FW p2pfence restore < /tmp/s1"
pf save >/tmp/s3
cmp -s /tmp/s1 /tmp/s3 && pass "restore stdin: identical" || fail "restore stdin: identical" "$(diff /tmp/s1 /tmp/s3 | head -n 5)"

# a bad file: the line is named and nothing changes
{ head -n 4 /tmp/s1; echo "device add bad mac 02:00:00:00:00"; tail -n +5 /tmp/s1; } >/tmp/bad1
run "restore bad file: line named" 1 "p2pfence: restore: /tmp/bad1:5: invalid MAC \"02:00:00:00:00\": expected aa:bb:cc:dd:ee:ff" \
	pf restore /tmp/bad1
pf save >/tmp/s4
cmp -s /tmp/s1 /tmp/s4 && pass "restore bad file: nothing changed" || fail "restore bad file: nothing changed" "$(diff /tmp/s1 /tmp/s4 | head -n 5)"
# --- 10 000 devices -------------------------------------------------------
# bash's `time` splits each figure: user = the CLI, sys = mostly the
# module (netlink requests and dumps run in the caller's system time).
TIMEFORMAT='%R s (user %U, sys %S)'
trest=$( { time pf restore big.conf 2>/tmp/big.err; } 2>&1 )
rc=$?
tshow=$( { time pf device show >/tmp/big.txt; } 2>&1 )
tjson=$( { time pf -j device show >/tmp/big.json; } 2>&1 )
unset TIMEFORMAT
n=$(grep -c ': mode ' /tmp/big.txt)
nj=$(grep -o '"name":' /tmp/big.json | wc -l)
[ "$rc" -eq 0 ] && assert_eq "10000 devices: restore then device show count" 10000 "$n" ||
	fail "10000 devices: restore" "rc $rc $(cat /tmp/big.err)"
assert_eq "10000 devices: -j count" 10000 "$nj"
pf save >/tmp/bigsave
assert_eq "10000 devices: save lists them" 10000 "$(grep -c '^device add' /tmp/bigsave)"
echo "# figures ($KVER): restore of 10000 devices $trest; device show $tshow; -j device show $tjson"
check "10000 devices: flush" pf device flush
pf restore /tmp/s1

# --- monitor ------------------------------------------------------------------
# feed FILE BASE: replays the handshake to fresh remotes 198.51.100.BASE+i
# until the monitor writing FILE has printed (it may still be joining the
# events group when the first packets go out).
feed() {
	_i=0
	while [ $_i -lt 40 ] && [ ! -s "$1" ]; do
		replay "$NS_CAM" -d 198.51.100.$(($2 + _i)) hs-pppp.pcap >/dev/null
		_i=$((_i + 1))
		sleep 0.25
	done
}
if [ -f hs-pppp.pcap ]; then
	pf device add camx mac "$CAM_MAC" mode block
	pf -j monitor --count 1 --timeout 60 >/tmp/mon.json 2>/tmp/mon.err &
	mpid=$!
	feed /tmp/mon.json 50
	wait "$mpid"
	mrc=$?
	line=$(head -n 1 /tmp/mon.json)
	case $line in
	'{"time":"'*'"device":"camx","mac":"'"$CAM_MAC"'","src":"'*'","dst":"198.51.100.'*'","proto":"pppp","kind":"'*'","action":"drop","suppressed":'*'}')
		[ "$mrc" -eq 0 ] && pass "monitor -j: drop event of camx" || fail "monitor -j: drop event" "rc $mrc" ;;
	*) fail "monitor -j: drop event of camx" "rc $mrc, got '$line' $(cat /tmp/mon.err)" ;;
	esac
	assert_eq "monitor --count 1: one line" 1 "$(wc -l </tmp/mon.json)"
	pf monitor --count 1 --timeout 60 >/tmp/mon.txt 2>&1 &
	mpid=$!
	feed /tmp/mon.txt 100
	wait "$mpid"
	grep -qE '^[0-9-]+T[0-9:.]+Z camx pppp [a-z-]+ 198\.51\.100\.[0-9]+:[0-9]+ drop' /tmp/mon.txt &&
		pass "monitor text: one line per event" || fail "monitor text: one line per event" "$(cat /tmp/mon.txt)"
	pf monitor --timeout 1 >/tmp/mon.none 2>&1
	assert_eq "monitor --timeout: exits after the time, no event" "0:" "$?:$(cat /tmp/mon.none)"
	# started directly (not through a shell function), so $! is the CLI
	# The CLI handles signals before it opens its socket: once the process
	# is p2pfence (ip has exec'd it) with a socket, a signal must end it
	# cleanly. --timeout only keeps a broken build from hanging the VM.
	for sig in INT TERM; do
		t0=$(now_cs)
		ip netns exec "$NS_FW" p2pfence monitor --timeout 120 >/tmp/mon.sig 2>&1 &
		mpid=$!
		wait_for 30 sh -c "grep -qx p2pfence /proc/$mpid/comm && ls -l /proc/$mpid/fd | grep -q socket:"
		kill -$sig "$mpid"
		wait "$mpid"
		rc=$?
		t1=$(now_cs)
		[ $((t1 - t0)) -lt 6000 ] || rc="$rc after $(( (t1 - t0) / 100 )) s"
		assert_eq "monitor: SIG$sig exits cleanly" "0:" "$rc:$(cat /tmp/mon.sig)"
	done
else
	skip "monitor" "no hs-pppp.pcap given"
fi

# --- a refusal only the kernel can make ------------------------------------
# The module reloaded with room for 3 devices: a 4-device file passes the
# parser, the kernel refuses its 4th device, the previous state comes back.
pf restore /tmp/s1
if rmmod p2pfence && insmod "$P2PF_KO" max_devices=3; then
	pf restore /tmp/s1
	pf save >/tmp/s6
	{ grep -v '^device' /tmp/s1; echo "device add e1 ip 192.0.2.201"; echo "device add e2 ip 192.0.2.202"
	  echo "device add e3 ip 192.0.2.203"; echo "# fourth"; echo "device add e4 ip 192.0.2.204"; } >/tmp/bad2
	line=$(grep -n 'device add e4' /tmp/bad2 | cut -d: -f1)
	err=$(pf restore /tmp/bad2 2>&1)
	rc=$?
	case $err in
	"p2pfence: restore: /tmp/bad2:$line: kernel: "*"(No space left on device)"*"the previous configuration is still in place") [ "$rc" -eq 1 ] &&
		pass "restore kernel refusal: line named" || fail "restore kernel refusal: line named" "rc $rc" ;;
	*) fail "restore kernel refusal: line named" "rc $rc: $err" ;;
	esac
	pf save >/tmp/s7
	cmp -s /tmp/s6 /tmp/s7 && pass "restore kernel refusal: rolled back" ||
		fail "restore kernel refusal: rolled back" "$(diff /tmp/s6 /tmp/s7 | head -n 5 | tr '\n' '|')"
	run "device limit: add refused" 1 'p2pfence: device add: kernel: *(No space left on device)' \
		pf device add e5 ip 192.0.2.205
	rmmod p2pfence && insmod "$P2PF_KO" $P2PF_PARAMS
else
	fail "restore kernel refusal" "could not reload the module with max_devices=3"
fi
finish
