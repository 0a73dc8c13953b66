#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate dh-p2p.pcap: khoanguyen-3fc/dh-p2p's Python client (main.py),
# run unchanged, asks our stand-in Easy4IP cloud for a camera, sets up the
# relay through a stand-in agent (PTCP over the relay), punches to the
# stand-in camera (inverted STUN), opens its PTCP session, tunnels one RTSP
# request through it (made by this script with python3 to the client's
# TCP 554) and closes the channel.
#
#   capture.sh CHECKOUT      # a git checkout of khoanguyen-3fc/dh-p2p at the pin
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump python3
# python3-cryptography python3-xmltodict (Debian's packages; the client's
# requirements.txt pins newer versions from PyPI, which is not reachable
# here: Debian's serve the calls it makes). Everything stays on one veth
# pair between two private namespaces: the client 10.13.4.1 and the
# stand-ins 10.13.4.2 (the Easy4IP server), .3 (P2P server), .4 (relay
# server), .5 (relay agent), .6 (camera). The client's server name,
# www.easy4ipcloud.com (hard-coded in helpers.py), resolves to 10.13.4.2
# through the client namespace's own hosts file (/etc/netns/NS/hosts,
# which `ip netns exec` mounts over /etc/hosts); it has no other resolver.
set -eu

PIN=f6478bfd013528783263e263b8aec40c7e1e9245

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NC=cdhC CIP=10.13.4.1
NS=cdhS MAIN=10.13.4.2 P2PSRV=10.13.4.3 RELAY=10.13.4.4 AGENT=10.13.4.5 DEV=10.13.4.6
SERIAL=7B012345PAZ1234

. "$HERE/../lib.sh"
pinned_checkout "$@"

cleanup_on_exit $NC $NS
trap 'cleanup; rm -rf /etc/netns/$NC' EXIT INT TERM
veth_pair $NC $NS cdh0 cdh1 $CIP $MAIN
for a in $P2PSRV $RELAY $AGENT $DEV; do ip -n $NS addr add $a/24 dev cdh1; done
mkdir -p /etc/netns/$NC
printf '127.0.0.1 localhost\n%s www.easy4ipcloud.com\n' $MAIN >/etc/netns/$NC/hosts

LOGDIR=$(mktemp -d /tmp/capture-dahua.XXXXXX)
echo "logs in $LOGDIR"
CAP=$HERE/dh-p2p.pcap
rm -f "$CAP"
ip netns exec $NS tcpdump -i cdh1 -w "$CAP" -U udp 2>/dev/null &
TCPDUMP=$!
PIDS="$PIDS $TCPDUMP"
sleep 1
ip netns exec $NS $PY "$HERE/peer.py" $MAIN $P2PSRV $RELAY $AGENT $DEV 25 2>"$LOGDIR/peer.log" &
PIDS="$PIDS $!"
sleep 0.5
# main.py SERIAL: type 0 (no device authentication), no debug (debug
# would start ffplay). It ends only when killed: timeout stops it.
(cd "$LOGDIR" && ip netns exec $NC timeout 15 $PY -u "$SRC/main.py" $SERIAL \
	</dev/null >"$LOGDIR/client.log" 2>&1) &
CLIENT=$!
PIDS="$PIDS $CLIENT"
# Once it says "Ready to connect", one RTSP OPTIONS through its tunnel.
i=0
until grep -q "Ready to connect" "$LOGDIR/client.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || die "the client never got ready: see $LOGDIR/client.log"
	sleep 0.1
done
sleep 2
ip netns exec $NC $PY -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", 554), timeout=5)
s.sendall(b"OPTIONS rtsp://127.0.0.1/cam/realmonitor?channel=1&subtype=0 RTSP/1.0\r\nCSeq: 1\r\n\r\n")
print(s.recv(4096).decode(errors="replace"), file=sys.stderr)
s.close()
' 2>"$LOGDIR/rtsp.log" || echo "rtsp request failed" >&2
wait $CLIENT 2>/dev/null || true
sleep 0.5
kill -INT $TCPDUMP 2>/dev/null || true
wait $TCPDUMP 2>/dev/null || true
echo "wrote $CAP"
