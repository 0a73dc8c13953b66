#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Precision: `p2pfence -j classify` over every pcap of the benign corpus
# (tests/corpus/benign: DNS, NTP, mDNS, SSDP, DHCP, SNMP, syslog, DTLS,
# QUIC, WireGuard, SIP, RTP and random game/VoIP-like payloads; recreated
# by tests/corpus/capture-benign.sh), and 20000 more random payloads made
# by tests/tools/randudp.py, must claim no packet at all, and put none on
# a P2P flow: with the module's rules alone, and with its fan-out heuristic
# at its default threshold too (classify --fanout, every destination
# outside the LAN).
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

if make -s -C userspace >"$tmp/build.log" 2>&1; then
	echo "PASS: benign: build"
else
	echo "FAIL: benign: build ($(tail -n 3 "$tmp/build.log" | tr '\n' ' '))"
	exit 1
fi
bin=userspace/p2pfence

mapfile -t pcaps < <(ls tests/corpus/benign/*.pcap 2>/dev/null)
if [ ${#pcaps[@]} -eq 0 ]; then
	echo "FAIL: benign: no pcaps in tests/corpus/benign"
	exit 1
fi
# More random payloads than the corpus keeps, made here (fixed seed).
python3 tests/tools/randudp.py "$tmp/random-20000.pcap" 20000 7
pcaps+=("$tmp/random-20000.pcap")
for run in "${pcaps[@]}" "${pcaps[@]/#/--fanout }"; do
	p=${run#--fanout }
	opt=()
	[ "$p" = "$run" ] || opt=(--fanout)
	name="benign ${p##*/}${opt:+ ${opt[*]}}"
	if ! "$bin" -j classify "${opt[@]}" "$p" >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: $name (exit $?: $(head -n 1 "$tmp/err"))"
		failed=1
		continue
	fi
	# "N packets" on success, else the claimed frames, for the report.
	if why=$(python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
hits = [o for o in d if o["proto"] is not None or o["flow"]]
if not d:
    print("no UDP packet decoded: the test would prove nothing")
    sys.exit(1)
if hits:
    print("%d of %d UDP packets claimed: %s" % (len(hits), len(d), ", ".join(
        "frame %d %s->%s len %d = %s/%s" % (o["frame"], o["src"], o["dst"], o["len"],
                                            o["proto"], o["kind"]) for o in hits[:5])
        + (" ..." if len(hits) > 5 else "")))
    sys.exit(1)
print("%d UDP packets, none claimed" % len(d))
PY
	); then
		echo "PASS: $name ($why)"
	else
		echo "FAIL: $name ($why)"
		failed=1
	fi
done
exit $failed
