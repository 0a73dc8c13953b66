#!/bin/bash
# The integrations against the real tools, in QEMU on every kernel of
# tests/lib/kernels.sh: mark mode under an nftables ruleset
# (tests/vm/integrations/mark.sh) with conntrack (meta mark and ct mark),
# routed and bridged, and in a boot without nf_conntrack (skb mark only); the monitor
# service's command line writing to a journal/syslog socket
# (journal.sh); `stats --prometheus` checked by promtool (prom.sh and the
# host check below).
# check-seconds: 194 (tests/check.sh starts the longest first)
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/lib/vmsuite.sh
vm_kernels vm-integrations
vm_pcaps
# Replies to the opaque datagrams of opaque-remote.pcap: from the remote
# port back to their local port.
if ! out=$(python3 - "$work/pcaps" <<'PY' 2>&1
import ipaddress, os, sys
sys.path.insert(0, "tests/tools")
import vec2pcap
out = sys.argv[1]
port = [int(l.split()[2]) for l in open(os.path.join(out, "manifest")) if l.startswith("remote ")][0]
src, dst = ipaddress.ip_address("198.51.100.77"), ipaddress.ip_address("192.168.1.2")
frames = [vec2pcap.udp_frame("ether", src, dst, port, 41000, b"reply %d" % i, i + 1) for i in range(3)]
vec2pcap.write_pcap(os.path.join(out, "reply.pcap"), "ether", frames)
PY
); then
	echo "FAIL: vm-integrations reply.pcap: $out"
	exit 1
fi
vm_benign

# The units as installed (paths filled in), for their command lines.
units=$work/units
if ! make -s -C userspace install DESTDIR="$units" PREFIX=/usr >"$work/err" 2>&1; then
	echo "FAIL: vm-integrations make install: $(tail -n 5 "$work/err" | tr '\n' ' ')"
	exit 1
fi
unitdir=$units/lib/systemd/system

for k in $kernels; do
	# Named counters need nft_objref, part of nf_tables itself from 6.2 on.
	objref=
	modinfo -k "$k" nft_objref >/dev/null 2>&1 && objref=nft_objref
	# vm_boot keeps the guest's samples (P2PF_SAMPLES) and its metrics
	# ("# BEGIN METRICS" ... "# END METRICS") out of the diagnostics.
	KVER=$k VM_TIMEOUT=1200 VM_KMODS="nf_tables $objref nft_ct nft_log nf_log_syslog" \
		vm_boot "$k vm-integrations" tests/vm/integrations/all.sh tests/vm/integrations/mark.sh \
		tests/vm/integrations/journal.sh tests/vm/integrations/prom.sh \
		"$work/pcaps" "$work/benign" "$unitdir/p2pfence-monitor.service" \
		"$unitdir/p2pfence-prometheus.service"
	# The real module's metrics, as promtool (Debian's prometheus) sees them.
	sed -n '/^# BEGIN METRICS$/,/^# END METRICS$/p' "$vm_log" | sed '1d;$d' >"$work/metrics.prom"
	[ -n "${P2PF_SAMPLES:-}" ] && cp "$work/metrics.prom" "$P2PF_SAMPLES/metrics.prom"
	if ! command -v promtool >/dev/null; then
		echo "FAIL: $k vm-prometheus promtool check metrics (no promtool: run tests/lib/deps.sh)"
		fails=$((fails + 1))
	elif [ ! -s "$work/metrics.prom" ]; then
		echo "FAIL: $k vm-prometheus promtool check metrics (the VM printed no metrics)"
		fails=$((fails + 1))
	elif out=$(promtool check metrics <"$work/metrics.prom" 2>&1); then
		echo "PASS: $k vm-prometheus promtool check metrics ($(grep -c '^p2pfence_' "$work/metrics.prom") samples, no lint findings)"
	else
		echo "FAIL: $k vm-prometheus promtool check metrics ($(echo "$out" | head -n 5 | tr '\n' ' '))"
		fails=$((fails + 1))
	fi
	KVER=$k VM_TIMEOUT=900 VM_TOPOLOGY=bridged \
		VM_KMODS="nf_tables $objref nft_meta_bridge nft_ct nf_conntrack_bridge nft_log nf_log_syslog" \
		vm_boot "$k vm-mark-bridged" tests/vm/integrations/mark.sh "$work/pcaps" "$work/benign"
	KVER=$k VM_TIMEOUT=900 VM_KMODS="nf_tables $objref nft_log nf_log_syslog" \
		vm_boot "$k vm-mark-no-ct" tests/vm/integrations/mark.sh "$work/pcaps" "$work/benign"
done
[ "$fails" -eq 0 ]
