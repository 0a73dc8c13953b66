#!/bin/bash
# The monitor service against the real journal, inside the VM: a
# systemd-journald of its own, the ExecStart line of p2pfence-monitor.service
# run in the firewall namespace (as systemd would), one record per event
# with the P2PFENCE_* fields, the event rate limit kept and what it
# suppressed logged; `monitor --syslog` through journald's /dev/log.
# Files: pcaps/ (mkpcaps.py), p2pfence-monitor.service (installed form).
. ./lib.sh
set -u

P=pcaps
jd=/lib/systemd/systemd-journald
if [ ! -x $jd ] || ! command -v journalctl >/dev/null; then
	fail "journal: systemd-journald and journalctl in the VM" "(missing: install systemd on the host)"
	finish
fi
cli device flush >/dev/null 2>&1
in_ns fw nft flush ruleset 2>/dev/null

# journald alone: volatile storage in /run/log/journal, the native socket
# and /dev/log bound by itself (no socket activation here).
[ -s /etc/machine-id ] || tr -d '-' </proc/sys/kernel/random/uuid >/etc/machine-id
# (journald wants the cgroup2 hierarchy to place itself.)
mkdir -p /run/systemd/journal /run/log/journal /sys/fs/cgroup
grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts || mount -t cgroup2 none /sys/fs/cgroup
$jd >/tmp/journald.log 2>&1 &
jdpid=$!
if wait_for 20 test -S /run/systemd/journal/socket && sleep 1 && kill -0 $jdpid 2>/dev/null; then
	pass "journal: systemd-journald listening"
else
	fail "journal: systemd-journald listening" "($(tail -n 5 /tmp/journald.log | tr '\n' ' '))"
	finish
fi
[ -S /run/systemd/journal/dev-log ] && ln -sf /run/systemd/journal/dev-log /dev/log
# jctl ARGS...: our records so far, flushed first.
jctl() { journalctl --sync 2>/dev/null; journalctl -q -D /run/log/journal --no-pager SYSLOG_IDENTIFIER=p2pfence "$@"; }

# The unit's command, as systemd runs it (its prefixes stripped).
start=$(sed -n 's/^ExecStart=[-@:+!]*//p' p2pfence-monitor.service)
case $start in
*" monitor --journal") pass "unit: ExecStart runs monitor --journal ($start)" ;;
*) fail "unit: ExecStart runs monitor --journal" "($start)" ;;
esac
start=${start/\/usr\/sbin\/p2pfence/p2pfence}

check "setup: device add cam, block" cli device add cam mac "$CAM_MAC" mode block
check "setup: event-rate 5" cli config set event-rate 5
ev0=$(glob events) sup0=$(glob events_suppressed)
# shellcheck disable=SC2086
ip netns exec fw $start &
svc=$!
in_ns fw p2pfence -j monitor >/tmp/mon.json 2>/dev/null &
mon=$!
sleep 1

# A burst: more first detections than the rate lets through.
i=0
for f in $(awk '$1 == "hs" { print $2 }' $P/manifest); do
	i=$((i + 1))
	replay cam -d "198.51.100.$((20 + i))" $P/hs-$f.pcap >/dev/null
	replay cam -d "198.51.100.$((60 + i))" $P/hs-$f.pcap >/dev/null
done
# After a pause, one more: its event carries what the rate held back.
# (Flows flushed, so that it is a first detection and not a flow packet.)
sleep 2
cli flows flush
replay cam -d 198.51.100.99 $P/remote-hs.pcap >/dev/null
sleep 1.5
kill $mon 2>/dev/null
wait $mon 2>/dev/null

events=$(($(glob events) - ev0))
suppressed=$(($(glob events_suppressed) - sup0))
jctl -o export >/tmp/j.export
records=$(grep -c '^P2PFENCE_ACTION=drop$' /tmp/j.export)
assert_eq "journal: one record per event sent" "$events" "$records"
[ "$suppressed" -gt 0 ] && pass "journal: the rate limit held events back ($suppressed)" ||
	fail "journal: the rate limit held events back" "(none suppressed)"
assert_eq "journal: events stay rate-limited (monitor -j saw as many)" \
	"$(grep -c '^{' /tmp/mon.json)" "$records"
logged=$(sed -n 's/^P2PFENCE_SUPPRESSED=//p' /tmp/j.export | awk '{ n += $1 } END { print n + 0 }')
assert_eq "journal: suppressed counts logged add up to the module's" "$suppressed" "$logged"
assert_eq "journal: every record names the device" "$records" "$(grep -c '^P2PFENCE_DEVICE=cam$' /tmp/j.export)"
# The same (proto, remote) pairs as the JSON stream.
sed -n 's/.*"dst": *"\([^"]*\)".*"proto": *"\([^"]*\)".*/\2 \1/p' /tmp/mon.json | sort >/tmp/want
awk -F= '/^P2PFENCE_PROTO=/ { p = $2 } /^P2PFENCE_REMOTE=/ { r = $2 }
	/^$/ { if (p != "") print p, r; p = r = "" } END { if (p != "") print p, r }' /tmp/j.export |
	sort >/tmp/got
if [ -s /tmp/want ] && cmp -s /tmp/want /tmp/got; then
	pass "journal: P2PFENCE_PROTO and P2PFENCE_REMOTE as the events ($(wc -l </tmp/got) records)"
else
	fail "journal: P2PFENCE_PROTO and P2PFENCE_REMOTE as the events" \
		"(want $(head -n 3 /tmp/want | tr '\n' ' ') got $(head -n 3 /tmp/got | tr '\n' ' '))"
fi
sample journal-short jctl -n 3
sample journal-verbose jctl -o verbose -n 1
grep -q '^MESSAGE=cam .* drop' /tmp/j.export && grep -q '^PRIORITY=5$' /tmp/j.export &&
	pass "journal: MESSAGE line and PRIORITY notice for drops" ||
	fail "journal: MESSAGE line and PRIORITY notice for drops" "($(grep -m1 '^MESSAGE=' /tmp/j.export))"
kill $svc 2>/dev/null
wait $svc 2>/dev/null

# --- Restarting journald: the service reconnects and keeps logging.
kill $jdpid; wait $jdpid 2>/dev/null
rm -f /run/systemd/journal/socket /run/systemd/journal/dev-log /run/systemd/journal/stdout
$jd >/tmp/journald.log 2>&1 &
jdpid=$!
wait_for 20 test -S /run/systemd/journal/socket
ip netns exec fw $start &
svc=$!
sleep 1
before=$(jctl -o export | grep -c '^P2PFENCE_ACTION=')
kill $jdpid; wait $jdpid 2>/dev/null
rm -f /run/systemd/journal/socket /run/systemd/journal/dev-log /run/systemd/journal/stdout
$jd >/tmp/journald.log 2>&1 &
jdpid=$!
wait_for 20 test -S /run/systemd/journal/socket
sleep 2
cli flows flush
replay cam -d 198.51.100.98 $P/remote-hs.pcap >/dev/null
sleep 1.5
assert_eq "journal: after journald restarts, the next event is logged" $((before + 1)) \
	"$(jctl -o export | grep -c '^P2PFENCE_ACTION=')"
kill $svc 2>/dev/null
wait $svc 2>/dev/null

# --- --syslog: an RFC 3164 line on /dev/log, which journald parses.
if [ -S /dev/log ]; then
	ip netns exec fw p2pfence monitor --syslog --count 1 &
	sl=$!
	sleep 2
	cli flows flush
	replay cam -d 198.51.100.97 $P/remote-hs.pcap >/dev/null
	wait_for 10 sh -c "! kill -0 $sl 2>/dev/null"
	if jctl -o export | grep -q '^MESSAGE=cam .*198.51.100.97:.* drop' &&
		jctl -o export | grep -q "^SYSLOG_PID=$sl$"; then
		pass "syslog: one line on /dev/log with the event (identifier, pid)"
	else
		fail "syslog: one line on /dev/log with the event" "($(jctl | tail -n 3 | tr '\n' ' '))"
	fi
else
	fail "syslog: journald's /dev/log" "(no /run/systemd/journal/dev-log)"
fi
kill $jdpid 2>/dev/null
finish
