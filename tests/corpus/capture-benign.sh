#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Recreates the benign corpus, tests/corpus/benign/*.pcap: UDP traffic of
# real, common programs that no P2P recogniser may claim. Not run by
# `make check` (it installs servers and takes a minute); run it as root:
#
#   tests/corpus/capture-benign.sh [NAME...]      (default: every capture)
#
# Everything happens between two network namespaces made here and joined
# by a veth pair (10.77.0.1 / fd77::1 client side, 10.77.0.2 / fd77::2
# server side): no packet leaves the machine. Each capture is tcpdump on
# the client's veth, UDP only.
#
# SIP uses sipsak against a UDP echo (SIPp is not in Debian 12).
set -eu
cd "$(dirname "$0")/../.."
out=tests/corpus/benign
A=p2pf-cap-a
B=p2pf-cap-b
VA=p2pf-ca
VB=p2pf-cb
work=$(mktemp -d)
pids=()

apt_pkgs="tcpdump dnsmasq-base dnsutils sntp chrony snmpd snmp avahi-daemon
 isc-dhcp-client socat openssl ngtcp2-client ngtcp2-server wireguard-go
 wireguard-tools sipsak ffmpeg miniupnpc strongswan-charon strongswan-swanctl python3"

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	ip netns del $A 2>/dev/null || true
	ip netns del $B 2>/dev/null || true
	# KEEP_WORK=1 keeps the servers' logs (bg.log) for a look.
	if [ -n "${KEEP_WORK:-}" ]; then echo "work dir kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

inA() { ip netns exec $A "$@"; }
inB() { ip netns exec $B "$@"; }
# Background servers: a simple command, so that $! is the server itself
# (ip netns exec execs it) and the kill below reaches it.
bgA() { ip netns exec $A "$@" >>"$work/bg.log" 2>&1 & pids+=($!); }
bgB() { ip netns exec $B "$@" >>"$work/bg.log" 2>&1 & pids+=($!); }

setup() {
	ip netns del $A 2>/dev/null || true
	ip netns del $B 2>/dev/null || true
	ip netns add $A
	ip netns add $B
	ip link add $VA netns $A type veth peer name $VB netns $B
	inA ip addr add 10.77.0.1/24 dev $VA
	inB ip addr add 10.77.0.2/24 dev $VB
	inA ip addr add fd77::1/64 dev $VA nodad
	inB ip addr add fd77::2/64 dev $VB nodad
	for ns in $A $B; do
		ip -n $ns link set lo up
	done
	inA ip link set $VA up
	inB ip link set $VB up
	# Multicast (mDNS, SSDP) goes out of the veth, not nowhere.
	inA ip route add 224.0.0.0/4 dev $VA
	inB ip route add 224.0.0.0/4 dev $VB
	sleep 1
}

# capture NAME FUNCTION: runs FUNCTION while tcpdump records UDP on the
# client side into $out/NAME.pcap.
capture() {
	local name=$1 fn=$2 tp
	echo "capture: $name" >&2
	ip netns exec $A tcpdump -i $VA -U -s 0 -w "$work/$name.pcap" udp >/dev/null 2>&1 &
	tp=$!
	sleep 1.5
	if ! "$fn"; then
		echo "capture: $name: failed, see $work/bg.log" >&2
		tail -n 5 "$work/bg.log" >&2 || true
	fi
	sleep 1
	kill $tp
	wait $tp 2>/dev/null || true
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	pids=()
	mv "$work/$name.pcap" "$out/$name.pcap"
	echo "capture: $name: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) packets" >&2
}

cap_dns() {
	bgB dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces \
		--listen-address=10.77.0.2 --listen-address=fd77::2 --pid-file= \
		--address=/example.test/10.77.0.50 --address=/example.test/fd77::50 \
		--txt-record=example.test,"benign corpus" --mx-host=example.test,mail.example.test
	sleep 1
	local s t
	for s in 10.77.0.2 fd77::2; do
		for t in A AAAA TXT MX SOA ANY; do
			inA dig +tries=1 +time=2 @$s example.test $t >/dev/null || true
		done
		inA dig +tries=1 +time=2 +dnssec @$s www.example.test A >/dev/null || true
		inA dig +tries=1 +time=2 +nsid +cookie @$s nx.invalid A >/dev/null || true
		inA dig +tries=1 +time=2 @$s -x 10.77.0.50 >/dev/null || true
	done
}

cap_ntp() {
	printf 'allow all\nlocal stratum 8\nbindaddress 10.77.0.2\nbindaddress fd77::2\ncmdport 0\npidfile %s/chrony-b.pid\ndriftfile %s/drift\n' \
		"$work" "$work" >"$work/chrony-b.conf"
	bgB chronyd -d -x -f "$work/chrony-b.conf"
	sleep 2
	inA sntp -t 2 10.77.0.2 >>"$work/bg.log" 2>&1 || true
	inA sntp -t 2 fd77::2 >>"$work/bg.log" 2>&1 || true
	printf 'cmdport 0\npidfile %s/chrony-a.pid\n' "$work" >"$work/chrony-a.conf"
	inA timeout 20 chronyd -Q -f "$work/chrony-a.conf" 'server 10.77.0.2 iburst maxsamples 4' >>"$work/bg.log" 2>&1 || true
}

cap_mdns() {
	local ns
	for ns in $A $B; do
		mkdir -p "$work/avahi-$ns"
		printf '[server]\nhost-name=p2pf-%s\ndomain-name=local\nuse-ipv4=yes\nuse-ipv6=yes\nenable-dbus=no\nallow-interfaces=%s\n[publish]\npublish-addresses=yes\npublish-workstation=yes\n' \
			"${ns#p2pf-cap-}" "$([ $ns = $A ] && echo $VA || echo $VB)" >"$work/avahi-$ns/avahi-daemon.conf"
		mkdir -p "$work/avahi-$ns/services"
		ip netns exec $ns unshare -m sh -c "mount -t tmpfs none /run/avahi-daemon 2>/dev/null || { mkdir -p /run/avahi-daemon && mount -t tmpfs none /run/avahi-daemon; }; mount --bind '$work/avahi-$ns/services' /etc/avahi/services; exec avahi-daemon --no-drop-root --no-chroot --no-rlimits -f '$work/avahi-$ns/avahi-daemon.conf'" >>"$work/bg.log" 2>&1 &
		pids+=($!)
	done
	sleep 8
}

cap_ssdp() {
	inA timeout 10 upnpc -m $VA -l >>"$work/bg.log" 2>&1 || true
	inA timeout 10 upnpc -m $VA -6 -l >>"$work/bg.log" 2>&1 || true
}

cap_dhcp() {
	bgB dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces --port=0 \
		--interface=$VB --pid-file= --dhcp-range=10.77.0.100,10.77.0.150,1h \
		--dhcp-leasefile="$work/dnsmasq.leases" --dhcp-authoritative
	sleep 1
	inA timeout 20 dhclient -4 -1 -v -sf /bin/true -pf "$work/dhclient.pid" \
		-lf "$work/dhclient.leases" $VA >>"$work/bg.log" 2>&1 || true
	inA timeout 10 dhclient -4 -r -v -sf /bin/true -pf "$work/dhclient.pid" \
		-lf "$work/dhclient.leases" $VA >>"$work/bg.log" 2>&1 || true
}

cap_snmp() {
	printf 'rocommunity public default\nrocommunity6 public default\ncreateUser benign MD5 benignpass DES benignpriv\nrouser benign\nsysLocation lab\nsysContact nobody\n' >"$work/snmpd.conf"
	bgB snmpd -f -Lo -C -c "$work/snmpd.conf" -p "$work/snmpd.pid" \
		udp:10.77.0.2:161 udp6:[fd77::2]:161
	sleep 2
	local o=1.3.6.1.2.1.1
	inA snmpget -v1 -c public -t 2 -r 0 10.77.0.2 $o.1.0 $o.3.0 >>"$work/bg.log" 2>&1 || true
	inA snmpget -v2c -c public -t 2 -r 0 10.77.0.2 $o.5.0 >>"$work/bg.log" 2>&1 || true
	inA snmpwalk -v2c -c public -t 2 -r 0 10.77.0.2 $o >>"$work/bg.log" 2>&1 || true
	inA snmpbulkget -v2c -c public -t 2 -r 0 udp6:[fd77::2]:161 $o >>"$work/bg.log" 2>&1 || true
	inA snmpget -v3 -l authPriv -u benign -a MD5 -A benignpass -x DES -X benignpriv -t 2 -r 0 10.77.0.2 $o.1.0 >>"$work/bg.log" 2>&1 || true
}

cap_syslog() {
	bgB socat -u UDP4-RECV:514,bind=10.77.0.2 OPEN:/dev/null
	bgB socat -u UDP6-RECV:514,bind=[fd77::2] OPEN:/dev/null
	sleep 1
	local i
	for i in 1 2 3 4 5; do
		inA logger --udp --server 10.77.0.2 --port 514 --rfc3164 -t benign "message $i from the corpus"
		inA logger --udp --server 10.77.0.2 --port 514 --rfc5424 -p local3.warn -t app "structured $i"
		inA logger --udp --server fd77::2 --port 514 -p user.err "over IPv6 $i"
	done
}

cap_dtls() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
		-days 30 -subj /CN=benign.test >/dev/null 2>&1
	bgB openssl s_server -dtls -accept 4433 -key "$work/key.pem" -cert "$work/cert.pem" -quiet
	sleep 1
	(echo "hello over dtls"; sleep 2) | inA timeout 8 openssl s_client -dtls1_2 -connect 10.77.0.2:4433 -quiet >>"$work/bg.log" 2>&1 || true
	bgB openssl s_server -dtls -accept 4434 -key "$work/key.pem" -cert "$work/cert.pem" -quiet
	sleep 1
	(echo "second session"; sleep 2) | inA timeout 8 openssl s_client -dtls -connect 10.77.0.2:4434 -quiet >>"$work/bg.log" 2>&1 || true
}

cap_quic() {
	[ -f "$work/key.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" \
		-out "$work/cert.pem" -days 30 -subj /CN=benign.test >/dev/null 2>&1
	mkdir -p "$work/htdocs"
	head -c 20000 /dev/zero | tr '\0' 'q' >"$work/htdocs/index.html"
	bgB gtlsserver -q -d "$work/htdocs" 10.77.0.2 4443 "$work/key.pem" "$work/cert.pem"
	sleep 1
	inA timeout 10 gtlsclient -q --exit-on-all-streams-close 10.77.0.2 4443 https://10.77.0.2:4443/index.html >>"$work/bg.log" 2>&1 || true
}

# wireguard-go (the kernel has no WireGuard module here); each side gets
# its own interface name, since the control sockets share /var/run.
cap_wireguard() {
	local ka kb pa pb
	ka=$(wg genkey); kb=$(wg genkey)
	pa=$(echo "$ka" | wg pubkey); pb=$(echo "$kb" | wg pubkey)
	echo "$ka" >"$work/wga.key"; echo "$kb" >"$work/wgb.key"
	bgA env WG_PROCESS_FOREGROUND=1 WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go p2pfwga
	bgB env WG_PROCESS_FOREGROUND=1 WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 wireguard-go p2pfwgb
	sleep 2
	inA wg set p2pfwga private-key "$work/wga.key" listen-port 51820 peer "$pb" endpoint 10.77.0.2:51820 allowed-ips 10.99.0.2/32 persistent-keepalive 1
	inB wg set p2pfwgb private-key "$work/wgb.key" listen-port 51820 peer "$pa" allowed-ips 10.99.0.1/32
	inA ip addr add 10.99.0.1/24 dev p2pfwga
	inB ip addr add 10.99.0.2/24 dev p2pfwgb
	inA ip link set p2pfwga up
	inB ip link set p2pfwgb up
	bgB socat -u UDP4-RECV:9999,bind=10.99.0.2 OPEN:/dev/null
	sleep 1
	local i
	for i in 1 2 3 4 5; do
		echo "tunnelled $i" | inA socat -u - UDP4-SENDTO:10.99.0.2:9999
		sleep 0.5
	done
	sleep 2
	inA wg show p2pfwga >>"$work/bg.log" 2>&1 || true
	inB wg show p2pfwgb >>"$work/bg.log" 2>&1 || true
	inA ip link del p2pfwga 2>/dev/null || true
	inB ip link del p2pfwgb 2>/dev/null || true
}

# IKEv2 (strongSwan charon, PSK): one charon per namespace, each in its
# own mount namespace with a private /run (pid file, vici socket) and its
# own strongswan.conf and swanctl.conf.
cap_ike() {
	local ns me peer
	for ns in a b; do
		if [ $ns = a ]; then me=10.77.0.1 peer=10.77.0.2; else me=10.77.0.2 peer=10.77.0.1; fi
		mkdir -p "$work/ike-$ns/run"
		cat >"$work/ike-$ns/strongswan.conf" <<CONF
charon {
	install_routes = no
	install_virtual_ip = no
	retransmit_tries = 2
	load = random nonce aes sha1 sha2 hmac gmp pem pkcs1 x509 pubkey kdf kernel-netlink socket-default vici
	plugins {
		vici {
			socket = unix://$work/ike-$ns/run/charon.vici
		}
	}
}
CONF
		cat >"$work/ike-$ns/swanctl.conf" <<CONF
connections {
	benign {
		version = 2
		local_addrs = $me
		remote_addrs = $peer
		proposals = aes128-sha256-modp2048
		local { auth = psk
			id = $me }
		remote { auth = psk
			id = $peer }
		children { net { local_ts = $me/32
			remote_ts = $peer/32
			esp_proposals = aes128-sha256 } }
	}
}
secrets { ike-1 { secret = benign-corpus-psk } }
CONF
		ip netns exec p2pf-cap-$ns unshare -m sh -c "mount -t tmpfs none /run && mkdir -p /run/netns && exec env STRONGSWAN_CONF='$work/ike-$ns/strongswan.conf' /usr/lib/ipsec/charon" >>"$work/bg.log" 2>&1 &
		pids+=($!)
	done
	sleep 3
	for ns in a b; do
		swanctl --load-all --uri "unix://$work/ike-$ns/run/charon.vici" --file "$work/ike-$ns/swanctl.conf" >>"$work/bg.log" 2>&1 || true
	done
	timeout 20 swanctl --initiate --child net --uri "unix://$work/ike-a/run/charon.vici" >>"$work/bg.log" 2>&1 || true
	sleep 1
	timeout 10 swanctl --terminate --ike benign --uri "unix://$work/ike-a/run/charon.vici" >>"$work/bg.log" 2>&1 || true
}

cap_sip() {
	bgB socat UDP4-RECVFROM:5060,bind=10.77.0.2,fork EXEC:cat
	sleep 1
	inA timeout 10 sipsak -s sip:bob@10.77.0.2 -v >>"$work/bg.log" 2>&1 || true
	inA timeout 10 sipsak -U -C sip:alice@10.77.0.1 -s sip:alice@10.77.0.2 -v >>"$work/bg.log" 2>&1 || true
	inA timeout 10 sipsak -M -B "hello" -s sip:bob@10.77.0.2 -v >>"$work/bg.log" 2>&1 || true
}

cap_rtp() {
	bgB socat -u UDP4-RECV:5004,bind=10.77.0.2 OPEN:/dev/null
	inA timeout 20 ffmpeg -loglevel error -re -f lavfi -i sine=frequency=440:duration=2 \
		-c:a pcm_mulaw -ar 8000 -ac 1 -f rtp rtp://10.77.0.2:5004 >>"$work/bg.log" 2>&1 || true
	inA timeout 20 ffmpeg -loglevel error -re -f lavfi -i sine=frequency=300:duration=2 \
		-c:a libopus -b:a 32k -f rtp rtp://10.77.0.2:5006 >>"$work/bg.log" 2>&1 || true
	inA timeout 20 ffmpeg -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=10:duration=2 \
		-c:v libx264 -preset ultrafast -f rtp rtp://10.77.0.2:5008 >>"$work/bg.log" 2>&1 || true
}

# Game / VoIP-like UDP: random payloads of realistic sizes, written
# directly (no program to run), reproducible from the fixed seed.
cap_random() {
	python3 tests/tools/randudp.py "$work/random-udp.pcap" 1000 20261125
}

all="dns ntp mdns ssdp dhcp snmp syslog dtls quic wireguard ike sip rtp"
[ "$(id -u)" -eq 0 ] || { echo "capture-benign: run as root (network namespaces)" >&2; exit 1; }
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $apt_pkgs >/dev/null
mkdir -p "$out"
setup
for name in ${*:-$all random}; do
	if [ "$name" = random ]; then
		cap_random && mv "$work/random-udp.pcap" "$out/random-udp.pcap"
		continue
	fi
	capture "$name" "cap_$name"
done
