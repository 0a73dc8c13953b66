#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Hostile inputs to the CLI (issue 12), generated on the fly, each run with
# the normal build and the ASan+UBSan build (make -C userspace SAN=1):
#  - restore files just past each bound of userspace/conffile.h (bytes,
#    lines, line length, devices) fail with one line naming the limit and
#    the line, before any netlink use; endless streams stop at the limit
#    (the normal build runs them under `ulimit -v`: memory stays bounded);
#    files just within the bounds pass validation. There is no
#    validate-only restore, so "passes" means the next step was reached:
#    opening netlink, which fails here with "module not loaded". (If the
#    module is loaded, those cases are skipped: they would replace its
#    configuration.)
#  - classify --by-device on 200 000 distinct sources finishes in seconds
#    (the time is in the PASS line), ties come out in first-seen order,
#    and a capture past BYDEV_MAX_SOURCES is a clear error.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli-builds.sh
build_cli_variants hostile || exit 1
export ASAN_OPTIONS=detect_leaks=1:exitcode=3
export UBSAN_OPTIONS=halt_on_error=1:exitcode=4:print_stacktrace=1

# The limits, as the headers define them (tests/unit/cli_limits.c).
if make -s -C tests/unit cli_limits >"$tmp/limits.log" 2>&1 &&
	read -r max_devs max_lines max_bytes max_line max_sources < <(build/unit/cli_limits); then
	pass "hostile: limits $max_devs devices, $max_lines lines, $max_bytes bytes, $max_line-byte lines, $max_sources sources"
else
	fail "hostile: limits" "$(head -n 3 "$tmp/limits.log" | tr '\n' ' ')"
	exit 1
fi
module_loaded=false
[ -d /sys/module/p2pfence ] && module_loaded=true
nomod="p2pfence: restore: the p2pfence kernel module is not loaded (modprobe p2pfence)"

# restore_case NAME WANT-STDERR [bounded] -- GENERATOR...: pipes the
# generator's output into `p2pfence restore`; stderr must be exactly
# WANT-STDERR and the exit status 1. "bounded": the normal build runs
# under a 128 MiB address-space limit, and for a failure strace (when
# there is one) shows that no socket was opened.
restore_case() {
	local name=$1 want=$2 bounded=$3 rc traced=
	shift 4
	if [ "$want" = "$nomod" ] && $module_loaded; then
		skip "$tag: restore $name" "the module is loaded: restoring would replace its configuration"
		return
	fi
	local start=$EPOCHREALTIME
	if [ "$bounded" = bounded ] && [ "$tag" = plain ]; then
		if [ "$want" != "$nomod" ] && command -v strace >/dev/null; then
			traced=" (no socket opened, 128 MiB address space)"
			"$@" | (ulimit -v 131072; strace -qq -f -e trace=socket -o "$tmp/strace" "$bin" restore) 2>"$tmp/err"
		else
			traced=" (128 MiB address space)"
			"$@" | (ulimit -v 131072; "$bin" restore) 2>"$tmp/err"
		fi
	else
		"$@" | "$bin" restore 2>"$tmp/err"
	fi
	rc=${PIPESTATUS[1]}
	local secs
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	if [ "$rc" -ne 1 ] || [ "$(cat "$tmp/err")" != "$want" ]; then
		fail "$tag: restore $name" "rc $rc (want 1), stderr '$(head -c 300 "$tmp/err")' (want '$want')"
	elif [ -n "$traced" ] && [ -s "$tmp/strace" ] && grep -q 'socket(' "$tmp/strace"; then
		fail "$tag: restore $name" "a socket was opened: $(grep -m1 'socket(' "$tmp/strace")"
	else
		pass "$tag: restore $name$traced, ${secs} s"
	fi
	rm -f "$tmp/strace"
}

# Generators (run through eval, hence the single quotes below). A line
# of exactly N bytes, newline not counted.
# shellcheck disable=SC2317
line_of() { printf "%-$1s\n" "$2"; }
devices() {
	python3 -c '
import sys
w = sys.stdout.write
for i in range(int(sys.argv[1])):
    w("device add d%d mac 02:00:00:%02x:%02x:%02x ip 10.%d.%d.%d\n" % (i, i >> 16 & 255, i >> 8 & 255, i & 255, i >> 16 & 255, i >> 8 & 255, i & 255))
' "$1"
}
# exactly max_bytes: lines of max_line - 1 characters and a newline
comment_line=$(printf '#%*s' $((max_line - 2)) '' | tr ' ' a)
full_lines=$((max_bytes / max_line))
devices "$max_devs" >"$tmp/devices.conf"

# shellcheck disable=SC2016
for b in $bins; do
	tag=${b%%:*}
	bin=${b#*:}

	# bytes: max_bytes pass; an endless stream of the same lines stops at the
	# byte past it, on the line after the last full one
	restore_case "$max_bytes bytes" "$nomod" bounded -- \
		eval 'yes "$comment_line" | head -n "$full_lines"'
	restore_case "endless stream, bytes limit" \
		"p2pfence: restore: <stdin>:$((full_lines + 1)): file larger than $max_bytes bytes ($((max_bytes >> 20)) MiB), the restore limit" \
		bounded -- yes "$comment_line"

	# lines
	restore_case "$max_lines lines" "$nomod" bounded -- eval 'yes "" | head -n "$max_lines"'
	restore_case "endless stream, lines limit" \
		"p2pfence: restore: <stdin>:$((max_lines + 1)): more than $max_lines lines, the restore limit" \
		bounded -- yes ""

	# one line: max_line bytes is a statement like any other
	restore_case "a $max_line-byte line" "$nomod" bounded -- \
		line_of "$max_line" "device add a ip 192.0.2.1"
	restore_case "a $((max_line + 1))-byte line" \
		"p2pfence: restore: <stdin>:2: line longer than $max_line bytes, the restore limit" \
		bounded -- eval 'echo "lan set none"; line_of $((max_line + 1)) "device add a ip 192.0.2.1"'
	restore_case "endless line" \
		"p2pfence: restore: <stdin>:1: line longer than $max_line bytes, the restore limit" \
		bounded -- eval 'yes | tr -d "\n"'

	# devices (the parsed table, packed, takes about 330 MiB: no address-space limit)
	restore_case "$max_devs devices" "$nomod" unbounded -- cat "$tmp/devices.conf"
	restore_case "$((max_devs + 1)) devices" \
		"p2pfence: restore: <stdin>:$((max_devs + 1)): more than $max_devs devices, the module's ceiling (max_devices)" \
		unbounded -- eval 'cat "$tmp/devices.conf"; echo "device add x ip 192.0.2.1"'
done
rm -f "$tmp/devices.conf"

# --- classify --by-device ------------------------------------------------
# mkpcap.py OUT N LINK [mixed]: N distinct sources (source MACs on
# Ethernet, source addresses on raw IP, every 3rd one IPv6 there). mixed:
# source i sends 1 + i % 3 packets over three rounds, every 5th one STUN,
# so that the summary has ties of every kind.
cat >"$tmp/mkpcap.py" <<'EOF'
import struct, sys
out, n, link = sys.argv[1], int(sys.argv[2]), sys.argv[3]
mixed = len(sys.argv) > 4
stun = bytes.fromhex('000100002112a442000000000000000000000000')
plain = b'\x00\x11\x22\x33'

def csum(b):
    s = sum(struct.unpack('!10H', b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

with open(out, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1 if link == 'ether' else 101))
    for r in range(3 if mixed else 1):
        for i in range(n):
            if mixed and r > i % 3:
                continue
            pl = stun if mixed and i % 5 == 0 else plain
            udp = struct.pack('!HHHH', 5000 + i % 1000, 3478 if pl is stun else 6000, 8 + len(pl), 0) + pl
            if link == 'raw' and i % 3 == 2:
                ip = struct.pack('!IHBB16s16s', 6 << 28, len(udp), 17, 64,
                                 bytes.fromhex('fd00000000000000000000000000') + struct.pack('!H', i & 0xffff)
                                 if i < 65536 else bytes.fromhex('fd000000000000000000') + struct.pack('!IH', i, 0),
                                 bytes.fromhex('20010db8010000000000000000000010'))
            else:
                ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                                 bytes([10, i >> 16 & 255, i >> 8 & 255, i & 255]), bytes([198, 51, 100, 10]))
                ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
            fr = ip + udp
            if link == 'ether':
                fr = (bytes([2, 0, 0, 0, 0, 1, 2, 0x10, i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255])
                      + (b'\x86\xdd' if fr[0] >> 4 == 6 else b'\x08\x00') + fr)
            t = r * 1000000 + i
            f.write(struct.pack('<IIII', 1700000000 + t // 1000000, t % 1000000, len(fr), len(fr)))
            f.write(fr)
EOF
python3 "$tmp/mkpcap.py" "$tmp/200k.pcap" 200000 ether
python3 "$tmp/mkpcap.py" "$tmp/ties.pcap" 20000 raw mixed
python3 "$tmp/mkpcap.py" "$tmp/limit.pcap" "$max_sources" raw
python3 "$tmp/mkpcap.py" "$tmp/over.pcap" $((max_sources + 1)) raw

for b in $bins; do
	tag=${b%%:*}
	bin=${b#*:}

	start=$EPOCHREALTIME
	"$bin" classify --by-device "$tmp/200k.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	n=$(grep -c '^  UDP packets 1, ' "$tmp/out")
	if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ] || [ "$n" -ne 200000 ]; then
		fail "$tag: by-device 200000 sources" "rc $rc, $n summaries, stderr '$(head -c 300 "$tmp/err")'"
	elif awk -v s="$secs" 'BEGIN { exit !(s > 30) }'; then
		fail "$tag: by-device 200000 sources" "took $secs s (quadratic again?)"
	else
		pass "$tag: by-device 200000 sources in $secs s"
	fi

	# order: most P2P packets, then most packets, then first seen
	"$bin" -j classify --by-device "$tmp/ties.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && why=$(python3 - "$tmp/out" 20000 <<'EOF'
import ipaddress, json, sys
d, n = json.load(open(sys.argv[1])), int(sys.argv[2])
def index(ip):  # the generator's i: 10.x.y.z or fd00::i
    a = ipaddress.ip_address(ip)
    return int(a) & (0xffffff if a.version == 4 else 0xffff)
got = [index(o['ip'][0]) for o in d]
rank = {i: k for k, i in enumerate(got)}
if sorted(got) != list(range(n)):
    print('%d summaries, sources %s...' % (len(got), sorted(got)[:5])); sys.exit(1)
bad = [i for i in range(n) if d[rank[i]]['packets'] != 1 + i % 3]
if bad:
    print('packet counts wrong for sources %s' % bad[:5]); sys.exit(1)
keys = [(-o['p2p_packets'], -o['packets'], i) for o, i in zip(d, got)]
if keys != sorted(keys):
    k = next(k for k in range(1, n) if keys[k] < keys[k - 1])
    print('out of order at %d: %s after %s' % (k, keys[k], keys[k - 1])); sys.exit(1)
if not any(o['p2p_packets'] for o in d):
    print('no P2P source: the ties are not mixed'); sys.exit(1)
EOF
); then
		pass "$tag: by-device order: P2P, packets, then first seen (20000 sources, IPv4 and IPv6)"
	else
		fail "$tag: by-device order" "rc $rc ${why:-} $(head -c 300 "$tmp/err")"
	fi

	"$bin" classify --by-device "$tmp/limit.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$(grep -c '^  UDP packets' "$tmp/out")
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ "$n" -eq "$max_sources" ]; then
		pass "$tag: by-device $max_sources sources (the limit)"
	else
		fail "$tag: by-device $max_sources sources (the limit)" "rc $rc, $n summaries, stderr '$(head -c 300 "$tmp/err")'"
	fi
	want="p2pfence: $tmp/over.pcap: frame $((max_sources + 1)): more than $max_sources distinct sources, the --by-device limit (classify without --by-device has none)"
	"$bin" classify --by-device "$tmp/over.pcap" "$tmp/limit.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "$want" ]; then
		pass "$tag: by-device $((max_sources + 1)) sources: one error, no partial summary"
	else
		fail "$tag: by-device $((max_sources + 1)) sources" "rc $rc (want 1), $(wc -c <"$tmp/out") bytes out, stderr '$(head -c 300 "$tmp/err")' (want '$want')"
	fi
done
exit $failed
