#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# `p2pfence classify` on capture files: the expected protocol for every test
# vector, the same answers on every link type and IP version, valid JSON,
# --device and --by-device, the flow memory, the fan-out heuristic and their
# options, and clear errors (never a crash) on broken, truncated, empty,
# missing and odd files. Every case runs twice: with the
# normal build and with the ASan+UBSan build (make -C userspace SAN=1).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli-builds.sh
build_cli_variants classify || exit 1
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

vec2pcap=$top/tests/tools/vec2pcap.py
python3 "$top/tests/tools/pcapcases.py" "$tmp/cases"
mapfile -t vecs < <(ls tests/vectors/*.vec 2>/dev/null)

# run NAME ARGS...: runs the binary, keeps rc/stdout/stderr; a sanitizer
# report or a signal is a failure of its own, whatever the test expects.
run() {
	local name=$1
	shift
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$tmp/err"; then
		fail "$tag: $name" "sanitizer: $(grep -m1 -E 'ERROR|runtime error' "$tmp/err")"
		return 1
	fi
	if [ "$rc" -ge 128 ]; then
		fail "$tag: $name" "killed by signal $((rc - 128))"
		return 1
	fi
	return 0
}

# jcheck NAME PYTHON-EXPR: parses stdout as JSON into `d` and evaluates the
# expression; prints what failed.
jcheck() {
	python3 - "$tmp/out" "$2" <<'PY' 2>"$tmp/jerr"
import json, sys


def fanout_model(d, threshold, window=5.0, timeout=120.0):
    """(flow, fanout) per unrecognised packet from one device, no LAN:
    classify/p2p_policy.h rules 2 and 4, written out plainly."""
    flows, ports, out = {}, {}, []
    for o in d:
        t, lport, remote = o["time"], o["src"].rsplit(":", 1)[1], o["dst"]
        hit = [k for k in (("r", remote), ("l", lport))
               if k in flows and t <= flows[k] + timeout]
        for k in hit:
            flows[k] = t
        if hit:
            out.append((True, False))
            continue
        w = ports.get(lport)
        if w is None or t > w["start"] + window:
            w = ports[lport] = {"start": t, "seen": set(), "fired": False}
        fire = False
        if remote not in w["seen"] and not w["fired"]:
            w["seen"].add(remote)
            fire = w["fired"] = len(w["seen"]) > threshold
        if fire:
            flows[("r", remote)] = flows[("l", lport)] = t
        out.append((fire, fire))
    return out


d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
}

# expect NAME WANT_RC [JSON-EXPR] [STDERR-REGEX] -- ARGS...
expect() {
	local name=$1 want=$2 expr=$3 errre=$4
	shift 5
	run "$name" "$@" || return
	if [ "$want" = 0 ] && [ "$rc" -ne 0 ]; then
		fail "$tag: $name" "exit $rc: $(head -n 1 "$tmp/err")"
		return
	fi
	if [ "$want" != 0 ] && [ "$rc" -eq 0 ]; then
		fail "$tag: $name" "exit 0, expected an error"
		return
	fi
	if [ -n "$errre" ] && ! grep -qE -e "$errre" "$tmp/err"; then
		fail "$tag: $name" "stderr lacks /$errre/: $(head -n 1 "$tmp/err")"
		return
	fi
	if [ -n "$expr" ] && ! jcheck "$name" "$expr"; then
		fail "$tag: $name" "JSON check failed: $expr $(tail -n 1 "$tmp/jerr")"
		return
	fi
	pass "$tag: $name"
}

# Compares classify -j output with the vectors' expectations.
check_vectors() {
	python3 - "$tmp/out" "$top/tests/tools" "$@" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
import vec2pcap
out = json.load(open(sys.argv[1]))
vecs = vec2pcap.read_vectors(sys.argv[3:])
bad = []
if len(out) != len(vecs):
    print("%d packets for %d vectors" % (len(out), len(vecs)))
    sys.exit(1)
for i, (o, v) in enumerate(zip(out, vecs)):
    if o["frame"] != i + 1 or o["len"] != len(v["payload"]):
        bad.append("%s: frame/len %s/%s" % (v["where"], o["frame"], o["len"]))
    if o["proto"] != v["proto"] or (v["kind"] and o["kind"] != v["kind"]):
        bad.append("%s: got %s/%s, want %s/%s" % (v["where"], o["proto"], o["kind"],
                                                  v["proto"], v["kind"]))
if bad:
    print("; ".join(bad[:4]) + (" (+%d more)" % (len(bad) - 4) if len(bad) > 4 else ""))
    sys.exit(1)
PY
}

for b in $bins; do
	tag="classify ${b%%:*}"
	bin=${b#*:}
	c=$tmp/cases

	# Every vector file: the protocol and kind it must give, packet by packet.
	if [ ${#vecs[@]} -eq 0 ]; then
		skip "$tag: vectors" "no tests/vectors/*.vec yet"
	fi
	for v in "${vecs[@]}"; do
		name="vectors ${v##*/}"
		if ! python3 "$vec2pcap" "$tmp/v.pcap" "$v" 2>"$tmp/verr"; then
			fail "$tag: $name" "vec2pcap: $(head -n 1 "$tmp/verr")"
			continue
		fi
		run "$name" -j classify --device 192.168.1.10 "$tmp/v.pcap" || continue
		if [ "$rc" -ne 0 ]; then
			fail "$tag: $name" "exit $rc: $(head -n 1 "$tmp/err")"
		elif why=$(check_vectors "${v[@]}" 2>&1); then
			pass "$tag: $name"
		else
			fail "$tag: $name" "$why"
		fi
	done

	# Same answers on every link type and IP version.
	if [ ${#vecs[@]} -gt 0 ]; then
		src=("${vecs[@]}")
	else
		printf '%s\n' '- - 5000 6000 00112233' '- - 3478 3478 000100002112a442000000000000000000000000' >"$tmp/mini.vec"
		src=("$tmp/mini.vec")
	fi
	python3 "$vec2pcap" "$tmp/ref.pcap" "${src[@]}"
	run "link reference" -j classify "$tmp/ref.pcap" && cp "$tmp/out" "$tmp/ref.json"
	for link in ether vlan sll sll2 raw; do
		for fam in 4 6; do
			[ "$link$fam" = ether4 ] && continue
			name="link type $link IPv$fam"
			opt=()
			[ $fam = 6 ] && opt=(--ipv6)
			python3 "$vec2pcap" "${opt[@]}" --link "$link" "$tmp/l.pcap" "${src[@]}"
			expect "$name" 0 "[(o['proto'], o['kind'], o['len'], o['src'].rsplit(':', 1)[1]) for o in d] == [(o['proto'], o['kind'], o['len'], o['src'].rsplit(':', 1)[1]) for o in json.load(open('$tmp/ref.json'))] and all(o['src'].startswith('$([ $fam = 6 ] && echo '[fd00::10]:' || echo '192.168.1.10:')') and o['dst'].startswith('$([ $fam = 6 ] && echo '[2001:db8:100::10]:' || echo '198.51.100.10:')') for o in d) and len(d) > 0" "" -- -j classify "$tmp/l.pcap"
		done
	done

	# Fields and types the JSON contract names.
	expect "JSON fields and types" 0 "len(d) > 0 and all(isinstance(o['frame'], int) and isinstance(o['src'], str) and isinstance(o['dst'], str) and isinstance(o['len'], int) and (o['proto'] is None or isinstance(o['proto'], str)) and (o['kind'] is None or isinstance(o['kind'], str)) and isinstance(o['flow'], bool) and (o['proto'] is None) == (o['kind'] is None) for o in d)" "" -- -j classify "$tmp/ref.pcap"

	# Broken and odd files.
	expect "nonexistent file" 1 "" "nope\\.pcap: No such file" -- classify "$c/nope.pcap"
	expect "empty file" 1 "d == []" "empty\\.pcap: not a readable capture" -- -j classify "$c/empty.pcap"
	expect "garbage file" 1 "d == []" "garbage\\.pcap: not a readable capture" -- -j classify "$c/garbage.pcap"
	expect "header-only pcap" 0 "d == []" "" -- -j classify "$c/header-only.pcap"
	expect "truncated frame" 1 "[o['frame'] for o in d] == [1, 2, 3]" "truncated\\.pcap: frame 4: truncated" -- -j classify "$c/truncated.pcap"
	expect "truncated record header" 1 "len(d) == 3" "truncated-rechdr\\.pcap: frame 4" -- -j classify "$c/truncated-rechdr.pcap"
	expect "capture length past snaplen" 1 "len(d) == 3" "huge-caplen\\.pcap: frame 4" -- -j classify "$c/huge-caplen.pcap"
	expect "unsupported link type" 1 "" "link type .*105.* not supported" -- classify "$c/linktype-80211.pcap"
	expect "zero-length frames" 0 "[o['frame'] for o in d] == [4]" "zero-length\\.pcap: frame 1: " -- -j classify "$c/zero-length.pcap"
	expect "bogus IP/UDP header lengths" 0 "[o['frame'] for o in d] == [15]" "bad-headers\\.pcap: frame 14: " -- -j classify "$c/bad-headers.pcap"
	run "bogus headers: one warning each" classify "$c/bad-headers.pcap" &&
		{ [ "$(grep -c 'bad-headers.pcap: frame [0-9]*: .*(skipped)' "$tmp/err")" = 14 ] && grep -q '14 malformed' "$tmp/out" &&
			pass "$tag: bogus headers: one warning each, counted" ||
			fail "$tag: bogus headers: one warning each, counted" "$(grep -c skipped "$tmp/err") warnings"; }
	expect "fragments: first ones decoded" 0 "[(o['frame'], o['len'], o.get('caplen'), o.get('fragment')) for o in d] == [(1, 128, 56, True), (3, 128, 56, True)]" "" -- -j classify "$c/fragments.pcap"
	run "fragments counted" classify "$c/fragments.pcap" &&
		{ grep -q '4 fragments (2 without a UDP header' "$tmp/out" && pass "$tag: fragments counted" ||
			fail "$tag: fragments counted" "$(grep fragments "$tmp/out")"; }
	expect "Ethernet padding not counted" 0 "[o['len'] for o in d] == [4]" "" -- -j classify "$c/padded.pcap"
	expect "IPv6 extension headers" 0 "[(o['src'], o['dst']) for o in d] == [('[fd00::10]:5353', '[2001:db8:100::10]:6363')]" "" -- -j classify "$c/ipv6-ext.pcap"
	expect "non-UDP frames skipped" 0 "[o['frame'] for o in d] == [4]" "" -- -j classify "$c/not-udp.pcap"
	expect "pcapng file" 0 "[(o['frame'], o['src']) for o in d] == [(1, '192.168.1.10:5000'), (2, '192.168.1.10:5001')]" "" -- -j classify "$c/pcapng.pcapng"
	expect "snaplen-cut payload" 0 "[(o['len'], o.get('caplen')) for o in d] == [(256, 22)]" "" -- -j classify "$c/snaplen.pcap"
	expect "several files" 0 "[(o['file'].rsplit('/', 1)[1], o['frame']) for o in d] == [('padded.pcap', 1), ('not-udp.pcap', 4)]" "" -- -j classify "$c/padded.pcap" "$c/not-udp.pcap"
	expect "one bad file among good ones" 1 "len(d) == 2" "nope\\.pcap" -- -j classify "$c/padded.pcap" "$c/nope.pcap" "$c/not-udp.pcap"

	# --device: by IPv4, IPv6 and MAC; direction; other hosts left out.
	expect "--device IPv4 sets dir out" 0 "len(d) > 0 and all(o['dir'] == 'out' for o in d)" "" -- -j classify --device 192.168.1.10 "$tmp/ref.pcap"
	expect "--device remote sets dir in" 0 "len(d) > 0 and all(o['dir'] == 'in' for o in d)" "" -- -j classify --device 198.51.100.10 "$tmp/ref.pcap"
	python3 "$vec2pcap" --ipv6 "$tmp/ref6.pcap" "${src[@]}"
	expect "--device IPv6" 0 "len(d) > 0 and all(o['dir'] == 'out' for o in d)" "" -- -j classify --device fd00::10 "$tmp/ref6.pcap"
	expect "--device MAC" 0 "len(d) > 0 and all(o['dir'] == 'out' for o in d)" "" -- -j classify --device 02:00:00:00:00:10 "$tmp/ref.pcap"
	expect "--device other host" 0 "d == []" "" -- -j classify --device 203.0.113.7 "$tmp/ref.pcap"
	# Flow memory: the module's rules over a capture (tools/pcapcases.py).
	fl="[o['frame'] for o in d if o['flow']]"
	expect "flows: on remembered remotes and punched ports, idle ones forgotten" 0 "$fl == [2, 5, 9, 11, 13] and all(isinstance(o['flow'], bool) for o in d)" "" -- -j classify "$c/flows.pcap"
	expect "flows: --lan default lets LAN destinations pass" 0 "$fl == [2, 5, 11, 13]" "" -- -j classify --lan default "$c/flows.pcap"
	expect "flows: --lan PREFIX" 0 "$fl == [2, 5, 11, 13]" "" -- -j classify --lan 192.168.1.0/24 --lan fd00::/8 "$c/flows.pcap"
	expect "flows: --flow-timeout 300 keeps the idle one" 0 "$fl == [2, 5, 7, 9, 11, 13]" "" -- -j classify --flow-timeout 300 "$c/flows.pcap"
	expect "flows: --device judges its outbound only" 0 "$fl == [2, 5, 9, 11] and [o['dir'] for o in d if o['frame'] == 6] == ['in']" "" -- -j classify --device 192.168.1.10 "$c/flows.pcap"
	expect "flows: --per-packet judges each packet alone" 0 "len(d) == 13 and not any(o['flow'] for o in d)" "" -- -j classify --per-packet "$c/flows.pcap"
	if run "flows: table and summary" classify "$c/flows.pcap" && [ "$rc" -eq 0 ] &&
	    grep -q '^2 .* flow$' "$tmp/out" && grep -q '^3 .* -$' "$tmp/out" &&
	    grep -q '^5 packets on P2P flows that a recognised handshake opened, 5 of them not recognised alone$' "$tmp/out"; then
		pass "$tag: flows: table and summary"
	else
		fail "$tag: flows: table and summary" "$(grep -m2 'flow' "$tmp/out")"
	fi
	if run "flows: --per-packet table" classify --per-packet "$c/flows.pcap" && [ "$rc" -eq 0 ] &&
	    ! grep -q 'FLOW\|flow' "$tmp/out"; then
		pass "$tag: flows: --per-packet table has no flow column"
	else
		fail "$tag: flows: --per-packet table has no flow column"
	fi
	# Fan-out (the module's rule 4, classify/p2p_policy.h; tools/pcapcases.py):
	# the remote that makes a local port's count exceed the threshold fires,
	# and what follows on the flows it opens is dropped with it.
	ff="([o['frame'] for o in d if o.get('fanout')], [o['frame'] for o in d if o['flow']])"
	expect "fanout: off by default" 0 "$ff == ([], []) and all('fanout' not in o for o in d)" "" -- -j classify "$c/fanout.pcap"
	expect "fanout: --fanout fires on the 9th remote (the module's default 8)" 0 "$ff == ([10, 30], [10, 11, 12, 30]) and all(o['proto'] is None and o['kind'] is None for o in d if o['flow'])" "" -- -j classify --fanout "$c/fanout.pcap"
	expect "fanout: threshold 9: 9 remotes pass, the 10th fires" 0 "$ff == ([11], [11])" "" -- -j classify --fanout-threshold 9 "$c/fanout.pcap"
	expect "fanout: threshold 10: 10 remotes pass" 0 "$ff == ([], [])" "" -- -j classify --fanout-threshold 10 "$c/fanout.pcap"
	expect "fanout: LAN destinations not counted" 0 "$ff == ([10], [10, 11, 12])" "" -- -j classify --fanout --lan default "$c/fanout.pcap"
	expect "fanout: --device" 0 "$ff == ([10, 30], [10, 11, 12, 30])" "" -- -j classify --fanout --device 192.168.1.10 "$c/fanout.pcap"
	expect "fanout: not toward the --device" 0 "$ff == ([], [])" "" -- -j classify --fanout --device 198.51.100.21 "$c/fanout.pcap"
	expect "fanout: threshold 2" 0 "$ff[0] == [4, 15, 24, 33]" "" -- -j classify --fanout-threshold 2 "$c/fanout.pcap"
	# The VM's fan-out case (tests/vm/enforce/e2e.sh: threshold 2, 6 remotes
	# from one port, 2 reach the WAN), offline.
	if python3 tests/vm/enforce/mkpcaps.py "$tmp/mk" "${vecs[@]}" >/dev/null 2>&1; then
		expect "fanout: the VM's fanout.pcap at threshold 2: the first 2 pass" 0 "$ff == ([3], [3, 4, 5, 6])" "" -- -j classify --fanout-threshold 2 "$tmp/mk/fanout.pcap"
	else
		fail "$tag: fanout: the VM's fanout.pcap" "mkpcaps.py failed"
	fi
	# Thousands of ports over many 5 s windows (flowmem.c drops a window's
	# state once it ends), against the rules written out plainly: a port
	# whose 3 packets (of 20000 over 20 s, random ports) reach 3 remotes within 5 s
	# fires, and the remote it fired on stays a flow.
	python3 tests/tools/randudp.py "$tmp/rand.pcap" 20000 3
	expect "fanout: 20000 random ports, threshold 2, as the rules say" 0 "len(d) == 20000 and any(o.get('fanout') for o in d) and [(o['flow'], o.get('fanout', False)) for o in d] == fanout_model(d, 2)" "" -- -j classify --fanout-threshold 2 "$tmp/rand.pcap"
	if run "fanout: table and summary" classify --fanout "$c/fanout.pcap" && [ "$rc" -eq 0 ] &&
	    grep -q '^10 .* fanout$' "$tmp/out" && grep -q '^11 .* flow$' "$tmp/out" && grep -q '^9 .* -$' "$tmp/out" &&
	    grep -q '^4 packets on P2P flows that a recognised handshake or the fan-out heuristic opened, 4 of them not recognised alone, 2 firing the heuristic (more than 8 remotes from one local port within 5 s)$' "$tmp/out"; then
		pass "$tag: fanout: table and summary"
	else
		fail "$tag: fanout: table and summary" "$(grep -E '^(10|11) |packets on' "$tmp/out" | tr '\n' '|')"
	fi
	expect "--fanout-threshold 1" 1 "" "fanout-threshold: invalid number \"1\": expected 2\.\.4096" -- classify --fanout-threshold 1 "$c/fanout.pcap"
	expect "--fanout-threshold 4097" 1 "" "fanout-threshold: invalid number \"4097\"" -- classify --fanout-threshold 4097 "$c/fanout.pcap"
	expect "--fanout-threshold not a number" 1 "" "fanout-threshold: invalid number \"eight\"" -- classify --fanout-threshold eight "$c/fanout.pcap"
	expect "--fanout-threshold without value" 1 "" "needs a number of remotes" -- classify --fanout-threshold
	expect "--fanout with --per-packet" 1 "" "not with --per-packet" -- classify --fanout --per-packet "$c/fanout.pcap"
	expect "--flow-timeout 0" 1 "" "flow-timeout: .*0" -- classify --flow-timeout 0 "$c/flows.pcap"
	expect "--flow-timeout too long" 1 "" "flow-timeout: " -- classify --flow-timeout 86401 "$c/flows.pcap"
	expect "--flow-timeout without value" 1 "" "needs a number of seconds" -- classify --flow-timeout
	expect "--lan bad prefix" 1 "" "--lan: .*300" -- classify --lan 300.0.0.0/8 "$c/flows.pcap"
	expect "--lan without value" 1 "" "--lan needs a prefix" -- classify --lan
	expect "--device bad address" 1 "" "not an IPv4, IPv6 or MAC" -- classify --device 300.1.1.1 "$tmp/ref.pcap"
	expect "--device without address" 1 "" "needs an address" -- classify --device
	expect "no file" 1 "" "no capture file" -- classify
	expect "unknown option" 1 "" "unknown option '--bogus'" -- classify --bogus "$tmp/ref.pcap"

	# Table output and --by-device.
	run "table output" classify "$tmp/ref.pcap" &&
		{ head -n 1 "$tmp/out" | grep -q '^FRAME *SRC *DST *LEN *PROTO *KIND' && grep -q "^1 *192.168.1.10:" "$tmp/out" &&
			grep -q "1 file, $(python3 -c "import json; print(len(json.load(open('$tmp/ref.json'))))") frames" "$tmp/out" &&
			pass "$tag: table output" || fail "$tag: table output" "$(head -n 2 "$tmp/out" | tr '\n' '|')"; }
	expect "--by-device JSON" 0 "len(d) == 1 and d[0]['mac'] == '02:00:00:00:00:10' and d[0]['ip'] == ['192.168.1.10', 'fd00::10'] and d[0]['packets'] == 2 * len(json.load(open('$tmp/ref.json'))) and d[0]['p2p_packets'] == sum(d[0]['proto'].values())" "" -- -j classify --by-device "$tmp/ref.pcap" "$tmp/ref6.pcap"
done
exit $failed
