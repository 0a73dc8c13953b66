#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Regenerate the real-client CS2 PPPP / iLnkP2P captures in this directory.
#
#   capture.sh cam-reverse CHECKOUT   # DavidVentura/cam-reverse  -> cam-reverse.pcap
#   capture.sh lansearch   CHECKOUT   # pmarrapese/iot            -> lansearch.pcap
#   capture.sh aiopppp     CHECKOUT   # devbis/aiopppp            -> aiopppp-plain.pcap,
#                                                                 #    aiopppp-xor.pcap
# CHECKOUT is a git checkout of that project; it must be at the pinned commit
# below and is run unchanged (cam-reverse is built with npm ci + npm run build).
# MODES="plain" or MODES="xor" limits the aiopppp run to one of its two pcaps.
#
# Runs as root on Debian 12. Needs: iproute2 tcpdump python3 (Debian's
# /usr/bin/python3) python3-netifaces python3-aiohttp curl nodejs npm.
# Everything stays on one veth pair between two private network namespaces
# (client 10.13.0.1, stand-in camera 10.13.0.2); neither has a route off
# the machine. The only extra route is the limited broadcast 255.255.255.255
# onto that veth, because lansearch.py and aiopppp broadcast there.
set -eu

PIN_CAMREV=b81b1202601de99ac2465bfb1b7fa401279e4bf7
PIN_IOT=fab6ac98ed729c6496ea35d4c8c3f1eedf299d53
PIN_AIOPPPP=e3bc5489e7f534800762efa840368dc162c8cbf9

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
NC=cpppC
ND=cpppD
CIP=10.13.0.1
DIP=10.13.0.2

. "$HERE/../lib.sh"
[ $# -eq 2 ] || die "usage: capture.sh cam-reverse|lansearch|aiopppp CHECKOUT"
WHICH=$1
SRC=$(cd "$2" && pwd)
[ "$(id -u)" -eq 0 ] || die "run as root"

pin() {
	got=$(git -C "$SRC" rev-parse HEAD)
	[ "$got" = "$1" ] || die "$SRC is at $got, want $1"
	git -C "$SRC" diff --quiet HEAD -- . ':!dist' ':!node_modules' ||
		die "$SRC has local changes: the client must run unchanged"
}

cleanup_on_exit $NC $ND
netns_up() {
	veth_pair $NC $ND cppp0 cppp1 $CIP $DIP
	ip -n $NC route add 255.255.255.255/32 dev cppp0
	ip netns exec $ND sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=1
}

# start_capture FILE: tcpdump on the camera's end of the veth
start_capture() {
	CAPFILE=$1
	rm -f "$CAPFILE"
	ip netns exec $ND tcpdump -i cppp1 -w "$CAPFILE" -U udp 2>/dev/null &
	TCPDUMP=$!
	PIDS="$PIDS $TCPDUMP"
	sleep 1
}
stop_capture() {
	sleep 0.5
	kill -INT $TCPDUMP 2>/dev/null || true
	wait $TCPDUMP 2>/dev/null || true
	echo "wrote $CAPFILE"
}

# start_camera ARGS...: our stand-in camera in the camera namespace
start_camera() {
	ip netns exec $ND $PY "$HERE/peer_camera.py" "$@" 2>"$LOGDIR/camera.log" &
	CAMERA=$!
	PIDS="$PIDS $CAMERA"
	sleep 0.5
}
stop_camera() { kill $CAMERA 2>/dev/null || true; wait $CAMERA 2>/dev/null || true; }

LOGDIR=$(mktemp -d /tmp/capture-pppp.XXXXXX)
echo "logs in $LOGDIR"

case $WHICH in
cam-reverse)
	pin $PIN_CAMREV
	if [ ! -f "$SRC/dist/bin.cjs" ]; then
		(cd "$SRC" && nice -n 10 npm ci --no-audit --no-fund && nice -n 10 npm run build)
	fi
	netns_up
	start_capture "$HERE/cam-reverse.pcap"
	start_camera --client camrev --did FTYC-123456-KLMNP --alive-after 0.3 --quiet 1.5
	# "frame": LAN search to the given address, session, login, video
	# start; exits once one whole frame has arrived.
	ip netns exec $NC timeout 30 node "$SRC/dist/bin.cjs" frame \
		--discovery_ip $DIP --out "$LOGDIR/frame.jpg" --log_level trace \
		>"$LOGDIR/client.log" 2>&1 || echo "client exit $?" >&2
	stop_camera
	stop_capture
	;;
lansearch)
	pin $PIN_IOT
	netns_up
	start_capture "$HERE/lansearch.pcap"
	start_camera --client search --did VSTD-123456-ABCDE
	# broadcasts LAN_SEARCH and LAN_SEARCH_EXT from every local IPv4 address
	ip netns exec $NC env DEBUG=1 timeout 30 $PY "$SRC/p2p/lansearch/lansearch.py" \
		>"$LOGDIR/client.log" 2>&1 || echo "client exit $?" >&2
	stop_camera
	stop_capture
	;;
aiopppp)
	pin $PIN_AIOPPPP
	netns_up
	# Plain camera: aiopppp picks its binary-command session.
	# Obfuscated camera (CS2 key "camera", the one aiopppp knows): aiopppp
	# picks its JSON-command session; it sends CLOSE itself once video has
	# been missing for 15 s.
	for mode in ${MODES:-plain xor}; do
		if [ $mode = plain ]; then
			cargs="--client bin --did PTZA-123456-KLMNP"
			dev=PTZA-123456-KLMNP
			run=14
		else
			cargs="--client json --did DGOK-123456-KLMNP --key camera"
			dev=DGOK-123456-KLMNP
			run=32
		fi
		start_capture "$HERE/aiopppp-$mode.pcap"
		start_camera $cargs --alive-after 4 --quiet 1.5 --lifetime $((run + 5))
		(cd "$SRC" && exec ip netns exec $NC timeout $run $PY -m aiopppp \
			-a 255.255.255.255 --log-level debug) >"$LOGDIR/client-$mode.log" 2>&1 &
		CLIENT=$!
		PIDS="$PIDS $CLIENT"
		sleep 3
		# the client's own web UI asks for video (its /DEV/v handler)
		ip netns exec $NC curl -s -o /dev/null --max-time 3 \
			"http://127.0.0.1:4000/$dev/v" || true
		wait $CLIENT || echo "client exit $? ($mode)" >&2
		stop_camera
		stop_capture
	done
	;;
*)
	die "unknown client $WHICH"
	;;
esac
