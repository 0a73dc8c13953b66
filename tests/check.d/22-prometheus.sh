#!/bin/bash
# `p2pfence stats --prometheus` on the host: tests/unit/test_prometheus.c
# prints the exposition of known counters (built under ASan/UBSan); Debian's
# promtool must find nothing to lint, and the samples carry the numbers.
# (The same check on the real module's output: 46-vm-integrations.sh.)
set -u
cd "$(dirname "$0")/../.."

out=build/unit
mkdir -p "$out"
failed=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1 $2"; failed=1; }

if ! log=$(make -s -C tests/unit test_prometheus 2>&1); then
	fail prometheus-build "$(echo "$log" | head -c 2000 | tr '\n' ' ')"
	exit 1
fi
if ! "$out/test_prometheus" >"$out/metrics.prom" 2>"$out/metrics.err"; then
	fail prometheus-run "$(head -c 2000 "$out/metrics.err" | tr '\n' ' ')"
	exit 1
fi
pass prometheus-run

if ! command -v promtool >/dev/null; then
	fail prometheus-promtool "(no promtool: run tests/lib/deps.sh, Debian package prometheus)"
elif lint=$(promtool check metrics <"$out/metrics.prom" 2>&1); then
	pass "prometheus-promtool check metrics ($(grep -c '^p2pfence_' "$out/metrics.prom") samples)"
else
	fail prometheus-promtool "($(echo "$lint" | head -n 5 | tr '\n' ' '))"
fi

# value NAME{LABELS} WANT
value() {
	got=$(awk -v k="$1" '$1 == k { print $2 }' "$out/metrics.prom")
	if [ "$got" = "$2" ]; then pass "prometheus-value $1"; else fail "prometheus-value $1" "(want '$2', got '$got')"; fi
}
value p2pfence_inspected_packets_total 1100
value 'p2pfence_dropped_total{kind="handshake"}' 1004
value 'p2pfence_dropped_total{kind="flow"}' 3
value p2pfence_marked_total 1005
value 'p2pfence_proto_dropped_total{proto="tutk"}' 3
value 'p2pfence_device_dropped_total{device="front.door-1",kind="handshake"}' 4
value 'p2pfence_device_marked_total{device="nvr_2"}' 25
value 'p2pfence_device_proto_detected_total{device="nvr_2",proto="pppp"}' 6
value 'p2pfence_events_total{kind="suppressed"}' 8
value p2pfence_tiny_fragments_total 17
value p2pfence_flows 12
value p2pfence_discovered_sources 2
value p2pfence_devices 2
value 'p2pfence_device_info{device="nvr_2",mode="mark"}' 1
# Every family announced once, with HELP before TYPE; counters end in _total.
bad=$(awk '/^# TYPE/ { if (seen[$3]++) print "twice: " $3; if ($4 == "counter" && $3 !~ /_total$/) print "counter without _total: " $3 }' "$out/metrics.prom")
[ -z "$bad" ] && pass "prometheus-families once each, counters _total" || fail prometheus-families "($bad)"
exit "$failed"
