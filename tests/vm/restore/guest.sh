#!/bin/bash
# Config reloads never open a window, inside the VM (routed): while the
# tagged camera sends handshakes without pause, RESTORES restores swap
# between two 10 000-device configurations in which the camera is the
# same; none of its handshakes may reach WAN. A kept device keeps its
# remembered flows. Restores killed with SIGKILL at random points leave
# the state wholly old or wholly new, one killed while its replacement is
# pending in the kernel leaves the old one whole, and two restores at once
# never mix. Files: pcaps/ (mkpcaps.py), and an
# optional restore.env setting RESTORE_DEVICES and RESTORES.
. ./lib.sh
set -u

P=pcaps
[ -f restore.env ] && . ./restore.env
N=${RESTORE_DEVICES:-10000} ROUNDS=${RESTORES:-100}
pf() { in_ns fw p2pfence "$@"; }
ndev() { pf -j device show | grep -o '"name"' | wc -l; }

# mkconf FILE TAG CAMMODE: the camera plus N-1 devices named by TAG.
mkconf() {
	{
		echo "device add cam mac $CAM_MAC mode $3"
		awk -v n="$N" -v t="$2" 'BEGIN {
			for (i = 1; i < n; i++)
				printf "device add %s%d mac 02:%s:%02x:%02x:%02x:01\n", t, i, \
					t == "a" ? "a0" : (t == "b" ? "b0" : "c0"),
					int(i / 65536) % 256, int(i / 256) % 256, i % 256
		}'
	} >"$1"
}
mkconf /tmp/a.conf a block
mkconf /tmp/b.conf b block
mkconf /tmp/c.conf c monitor
check "restore a: $N devices" sh -c 'ip netns exec fw p2pfence restore </tmp/a.conf'
assert_eq "restore a: device count" "$N" "$(ndev)"
pf save >/tmp/a.saved
ip netns exec fw p2pfence restore </tmp/b.conf && pf save >/tmp/b.saved
ip netns exec fw p2pfence restore </tmp/c.conf && pf save >/tmp/c.saved
ip netns exec fw p2pfence restore </tmp/a.conf
check "configurations differ" sh -c '! cmp -s /tmp/a.saved /tmp/b.saved && ! cmp -s /tmp/a.saved /tmp/c.saved'

# The camera sends handshakes to 200 remotes in turn until told to stop.
sender() {
	i=0
	while [ ! -e /tmp/stop-sender ]; do
		ip netns exec cam udpreplay -d "198.51.100.$((i % 200 + 20))" $P/hs-*.pcap |
			sed -n 's/^sent //p' >>/tmp/sent
		i=$((i + 1))
	done
}
rm -f /tmp/stop-sender /tmp/sent
d0=$(pf -s -j device show cam | jnum dropped)
sink_start wan 3600
sender &
spid=$!
start=$(date +%s)
fails=0
for r in $(seq 1 "$ROUNDS"); do
	f=/tmp/a.conf
	[ $((r % 2)) = 1 ] && f=/tmp/b.conf
	ip netns exec fw p2pfence restore <"$f" 2>>/tmp/restore.err || fails=$((fails + 1))
done
secs=$(($(date +%s) - start))
touch /tmp/stop-sender
wait $spid
sleep 0.5
got=$(sink_stop)
sent=$(awk '{ n += $1 } END { print n + 0 }' /tmp/sent)
assert_eq "$ROUNDS restores of $N devices under traffic: all succeeded" 0 "$fails"
assert_eq "camera handshakes reaching WAN during the restores ($sent sent, $ROUNDS restores in $secs s)" 0 "$got"
if [ "$sent" -gt 0 ]; then
	pass "camera kept sending during the restores ($sent handshakes)"
else
	fail "camera kept sending during the restores" "(none sent)"
fi
assert_eq "the camera's counters went on across restores (dropped = sent)" "$sent" \
	$(($(pf -s -j device show cam | jnum dropped) - d0))

# --- A device the new configuration keeps keeps its remembered flows: the
# camera's session, opened before a restore, is still dropped after it.
ip netns exec fw p2pfence restore </tmp/a.conf
pf flows flush
hs=$(ip netns exec cam udpreplay -d 198.51.100.77 $P/remote-hs.pcap | sed -n 's/^sent //p')
flows=$(pf -j stats | jnum flows)
check "restore b keeping the camera (after it opened a session)" \
	sh -c 'ip netns exec fw p2pfence restore </tmp/b.conf'
assert_eq "the camera's $flows remembered flows kept across the restore" "$flows" "$(pf -j stats | jnum flows)"
sink_start wan 300
opq=$(ip netns exec cam udpreplay -d 198.51.100.77 $P/opaque-remote.pcap | sed -n 's/^sent //p')
sleep 0.5
assert_eq "its session's $opq opaque packets still dropped after the restore ($hs handshakes opened it)" 0 "$(sink_stop)"

# --- Killed restores: state wholly before or wholly after, every time.
# other: the configuration (a or c) that the state saved in
# /tmp/now.saved is not, so that each restore changes something.
other() { if cmp -s /tmp/now.saved /tmp/c.saved; then echo a; else echo c; fi; }
pf save >/tmp/now.saved
for k in 1 2 3 4 5 6 7 8 9 10; do
	cur=/tmp/now.saved
	next=$(other)
	ip netns exec fw p2pfence restore </tmp/$next.conf 2>/dev/null &
	rp=$!
	sleep "0.$((k * 9 % 10))"
	kill -KILL $rp 2>/dev/null
	wait $rp 2>/dev/null
	pf save >/tmp/after.saved
	if cmp -s /tmp/after.saved "$cur" || cmp -s /tmp/after.saved /tmp/$next.saved; then
		pass "killed restore $k: state wholly old or wholly new"
	else
		fail "killed restore $k: mixed state" "($(diff "$cur" /tmp/after.saved | head -n 4 | tr '\n' '|'))"
	fi
	cp /tmp/after.saved /tmp/now.saved
done
# A kill known to land between the replacement's start and its commit:
# the restore is stopped (SIGSTOP) at a varying point until a second
# restore of the current state is refused because a replacement is in
# progress (the first one's, pending in the kernel); then it is killed.
# (A probe that is not refused re-applies the current state: no change.)
# The stop points spread over one restore's time (T, from /proc/uptime).
pf save >/tmp/now.saved
next=$(other)
t0=$(cut -d' ' -f1 /proc/uptime)
ip netns exec fw p2pfence restore </tmp/$next.conf
t1=$(cut -d' ' -f1 /proc/uptime)
pf save >/tmp/now.saved
mid=0
for k in 1 2 3 4 5 6 7 8 9 10; do
	next=$(other)
	ip netns exec fw p2pfence restore </tmp/$next.conf 2>/dev/null &
	rp=$!
	sleep "$(awk -v a="$t0" -v b="$t1" -v k="$((k * 7 % 10 + 1))" 'BEGIN { printf "%.3f", (b - a) * k / 11 }')"
	kill -STOP $rp 2>/dev/null
	if ! err=$(ip netns exec fw p2pfence restore </tmp/now.saved 2>&1) &&
		echo "$err" | grep -q 'replacement (restore) is in progress'; then
		kill -KILL $rp
		wait $rp 2>/dev/null
		mid=$k
		break
	fi
	kill -CONT $rp 2>/dev/null
	wait $rp 2>/dev/null
	pf save >/tmp/now.saved
done
if [ "$mid" -gt 0 ]; then
	pf save >/tmp/after.saved
	if cmp -s /tmp/after.saved /tmp/now.saved; then
		pass "a restore killed after it started replacing (attempt $mid): the old state whole"
	else
		fail "a restore killed after it started replacing: mixed state" \
			"($(diff /tmp/now.saved /tmp/after.saved | head -n 4 | tr '\n' '|'))"
	fi
else
	fail "a restore killed after it started replacing" "(no stop landed in its replacement in 10 tries)"
fi
check "a restore after the killed ones (no replacement left pending)" \
	sh -c 'ip netns exec fw p2pfence restore </tmp/a.conf'

# --- Two at once: one may be refused, the result is one whole file.
ip netns exec fw p2pfence restore </tmp/b.conf 2>/tmp/r1.err &
p1=$!
ip netns exec fw p2pfence restore </tmp/c.conf 2>/tmp/r2.err &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
pf save >/tmp/after.saved
if cmp -s /tmp/after.saved /tmp/b.saved || cmp -s /tmp/after.saved /tmp/c.saved; then
	pass "two restores at once: one whole file applied (rc $r1/$r2: $(cat /tmp/r1.err /tmp/r2.err | head -n 1))"
else
	fail "two restores at once: mixed state" "(rc $r1/$r2)"
fi
if [ "$r1" = 0 ] || [ "$r2" = 0 ]; then
	pass "two restores at once: at least one succeeded"
else
	fail "two restores at once: both failed" "($(cat /tmp/r1.err /tmp/r2.err))"
fi
finish
