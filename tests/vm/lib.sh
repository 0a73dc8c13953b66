# Helpers for test scripts run inside the VM by tests/vm/run; source it:
#   . /p2pf/lib.sh        (also copied to /t/lib.sh beside the script)
# Works with busybox sh and bash.
#
# Results: pass NAME / fail NAME WHY print "PASS: NAME" / "FAIL: NAME WHY"
# and are tallied in a file, so that subshells count too; `finish` exits
# non-zero if anything failed (call it last).

P2PF_RESULTS=${P2PF_RESULTS:-/tmp/p2pf-results}
: >>"$P2PF_RESULTS"

pass() { echo "PASS: $1"; echo pass >>"$P2PF_RESULTS"; }
fail() { _fn=$1; shift; echo "FAIL: $_fn $*"; echo fail >>"$P2PF_RESULTS"; }
skip() { n=$1; shift; echo "SKIP: $n $*"; }

# check NAME CMD...: PASS when CMD succeeds, else FAIL with its output.
check() {
	_n=$1; shift
	if _o=$("$@" 2>&1); then pass "$_n"; else fail "$_n" "($*: $(echo "$_o" | tail -n 3 | tr '\n' ' '))"; fi
}

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

finish() {
	_f=$(grep -c '^fail$' "$P2PF_RESULTS" 2>/dev/null)
	_p=$(grep -c '^pass$' "$P2PF_RESULTS" 2>/dev/null)
	echo "# $_p passed, $_f failed"
	[ "$_f" -eq 0 ]
	exit $?
}

# sample NAME CMD...: CMD's output between "# BEGIN SAMPLE NAME" and
# "# END SAMPLE": real output that the README's examples are copied from
# (the suites keep it out of their diagnostics; P2PF_SAMPLES=DIR saves it).
sample() { echo "# BEGIN SAMPLE $1"; shift; "$@" 2>&1; echo "# END SAMPLE"; }

# in_ns NS CMD...: run CMD in a network namespace (cam, lan, fw, wan).
in_ns() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }
# cli ARGS...: the p2pfence CLI in fw, where the module acts.
cli() { in_ns fw p2pfence "$@"; }

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds;
# non-zero if it never did.
wait_for() {
	_t=$(( $1 * 10 )); shift
	while [ "$_t" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_t=$((_t - 1))
	done
	return 1
}

# sink_start NS SECONDS [udpsink options]: starts udpsink in NS in the
# background and waits until its socket is open. The sink is remembered
# as the last one, and its directory is left in $SINK for when several
# run at once. sink_count [DIR] waits for a sink to end and prints the
# number it received; sink_stop [DIR] ends it early (SIGTERM) and prints.
sink_start() {
	_ns=$1 _secs=$2; shift 2
	SINK=$(mktemp -d /tmp/sink.XXXXXX)
	# Not through in_ns: a function in the background is a subshell, and
	# $! must be udpsink itself (ip netns exec execs it) for sink_stop.
	ip netns exec "$_ns" udpsink -w "$SINK/ready" "$@" "$_secs" >"$SINK/out" 2>&1 &
	echo $! >"$SINK/pid"
	echo "$SINK" >/tmp/p2pf-last-sink
	wait_for 5 test -e "$SINK/ready"
}

sink_count() {
	_sinkdir=${1:-$(cat /tmp/p2pf-last-sink)}
	# Polled rather than `wait`ed: callers run this in $(...), a subshell,
	# which cannot wait for its parent's children. udpsink prints its
	# line when it ends (or an error line if it failed).
	_t=0
	while ! grep -qE '^(received|udpsink)' "$_sinkdir/out" 2>/dev/null; do
		sleep 0.05
		_t=$((_t + 1))
		[ "$_t" -gt 1200 ] && break
	done
	sed -n 's/^received \([0-9]*\)$/\1/p' "$_sinkdir/out"
}

sink_stop() {
	_sinkdir=${1:-$(cat /tmp/p2pf-last-sink)}
	kill -TERM "$(cat "$_sinkdir/pid")" 2>/dev/null
	sink_count "$_sinkdir"
}

# jnum KEY: the first number stored under "KEY" in the JSON on stdin.
# jq costs about 2 s per run under TCG (it compiles its builtins at
# start); this costs a few milliseconds, enough for flat counters.
jnum() { grep -o "\"$1\": *-\{0,1\}[0-9][0-9]*" | head -n 1 | sed 's/.*: *//'; }
# glob FIELD: a namespace-wide counter (p2pfence -j stats).
glob() { cli -j stats | jnum "$1"; }

# replay NS [udpreplay args...]: prints the number udpreplay sent. A
# command in $REPLAY_WRAP (e.g. "chrt -f 50 taskset 1") runs it.
replay() {
	_ns=$1; shift
	# shellcheck disable=SC2086 # a command and its arguments
	in_ns "$_ns" ${REPLAY_WRAP:-} udpreplay "$@" | sed -n 's/^sent \([0-9]*\)$/\1/p'
}

# lan_bridge: (routed) the camera's port cam0 goes under a new bridge br0
# in fw, which takes the router's addresses: routed packets from the
# camera come in through a LAN bridge. Waits until the camera reaches it.
lan_bridge() {
	in_ns fw ip -b - <<-EOF
	addr flush dev cam0
	link add br0 type bridge stp_state 0 forward_delay 0
	link set cam0 master br0
	link set br0 up
	addr add 192.168.1.1/24 dev br0
	addr add fd00:1::1/64 dev br0 nodad
	neigh replace 192.168.1.2 lladdr $CAM_MAC dev br0 nud permanent
	neigh replace fd00:1::2 lladdr $CAM_MAC dev br0 nud permanent
	EOF
	wait_for 10 in_ns cam ping -c 1 -W 1 192.168.1.1
}
