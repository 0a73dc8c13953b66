# Sourced by the VM's /init: builds the test network from namespaces and
# veth pairs and exports its names and addresses to the test script.
#
# routed (default): cam --- fw --- wan      fw routes and forwards
#                   lan ---/                (IPv4 and IPv6, no NAT)
#   cam  eth0 192.168.1.2/24   fd00:1::2/64    fw cam0 .1.1 / fd00:1::1
#   lan  eth0 192.168.2.2/24   fd00:2::2/64    fw lan0 .2.1 / fd00:2::1
#   wan  eth0 203.0.113.2/24   2001:db8:ff::2  fw wan0 203.0.113.1 / ::1
# bridged: fw holds br0 with ports cam0, lan0, wan0 (the module sees the
#   bridge family's forward hook); cam, lan and wan share 192.168.1.0/24
#   and fd00:1::/64, and wan (.254, fd00:1::fe) is their default gateway,
#   an upstream router behind a transparent bridging firewall.
# Either way wan answers on every address of WAN_NET4 and WAN_NET6 (local
# routes on lo), so a test can play any number of internet servers.
# Neighbour entries are permanent, so the first packets of a test are
# never queued or lost to address resolution and counts stay exact.

export NS_CAM=cam NS_LAN=lan NS_FW=fw NS_WAN=wan
export WAN_NET4=198.51.100.0/24 WAN_NET6=2001:db8:100::/48
export WAN_IP4=198.51.100.10 WAN_IP6=2001:db8:100::10
export CAM_MAC=02:00:00:00:01:02 LAN_MAC=02:00:00:00:02:02 WAN_MAC=02:00:00:00:03:02
FW_CAM_MAC=02:00:00:00:01:01 FW_LAN_MAC=02:00:00:00:02:01 FW_WAN_MAC=02:00:00:00:03:01

nsx() { ns=$1; shift; ip netns exec "$ns" "$@"; }

# Namespace with loopback up, IPv6 DAD and router solicitation off so
# addresses are usable at once.
mkns() {
	ip netns add "$1" || return 1
	nsx "$1" ip link set lo up
	for c in all default; do
		nsx "$1" sysctl -qw net.ipv6.conf.$c.accept_dad=0 \
			net.ipv6.conf.$c.router_solicitations=0 \
			net.ipv6.conf.$c.accept_ra=0 >/dev/null
	done
}

# veth pair: HOST_NS/eth0 (mac) <-> fw/PEER (mac)
mkveth() {
	ip link add eth0 netns "$1" address "$2" type veth \
		peer name "$3" netns fw address "$4" || return 1
	nsx "$1" ip link set eth0 up
	nsx fw ip link set "$3" up
}

addr() { nsx "$1" ip addr add "$3" dev "$2" nodad 2>/dev/null || nsx "$1" ip addr add "$3" dev "$2"; }
perm() { nsx "$1" ip neigh replace "$3" lladdr "$4" dev "$2" nud permanent; }

topology_routed() {
	export CAM_IP4=192.168.1.2 CAM_IP6=fd00:1::2
	export LAN_IP4=192.168.2.2 LAN_IP6=fd00:2::2
	export FW_WAN_IP4=203.0.113.1 FW_WAN_IP6=2001:db8:ff::1
	mkveth cam $CAM_MAC cam0 $FW_CAM_MAC &&
	mkveth lan $LAN_MAC lan0 $FW_LAN_MAC &&
	mkveth wan $WAN_MAC wan0 $FW_WAN_MAC || return 1
	addr cam eth0 192.168.1.2/24; addr cam eth0 fd00:1::2/64
	addr lan eth0 192.168.2.2/24; addr lan eth0 fd00:2::2/64
	addr wan eth0 203.0.113.2/24; addr wan eth0 2001:db8:ff::2/64
	addr fw cam0 192.168.1.1/24; addr fw cam0 fd00:1::1/64
	addr fw lan0 192.168.2.1/24; addr fw lan0 fd00:2::1/64
	addr fw wan0 203.0.113.1/24; addr fw wan0 2001:db8:ff::1/64
	nsx cam ip route add default via 192.168.1.1
	nsx cam ip -6 route add default via fd00:1::1
	nsx lan ip route add default via 192.168.2.1
	nsx lan ip -6 route add default via fd00:2::1
	nsx wan ip route add default via 203.0.113.1
	nsx wan ip -6 route add default via 2001:db8:ff::1
	nsx fw ip route add default via 203.0.113.2
	nsx fw ip -6 route add default via 2001:db8:ff::2
	perm cam eth0 192.168.1.1 $FW_CAM_MAC; perm cam eth0 fd00:1::1 $FW_CAM_MAC
	perm lan eth0 192.168.2.1 $FW_LAN_MAC; perm lan eth0 fd00:2::1 $FW_LAN_MAC
	perm wan eth0 203.0.113.1 $FW_WAN_MAC; perm wan eth0 2001:db8:ff::1 $FW_WAN_MAC
	perm fw cam0 192.168.1.2 $CAM_MAC; perm fw cam0 fd00:1::2 $CAM_MAC
	perm fw lan0 192.168.2.2 $LAN_MAC; perm fw lan0 fd00:2::2 $LAN_MAC
	perm fw wan0 203.0.113.2 $WAN_MAC; perm fw wan0 2001:db8:ff::2 $WAN_MAC
	nsx fw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 >/dev/null
}

topology_bridged() {
	export CAM_IP4=192.168.1.2 CAM_IP6=fd00:1::2
	export LAN_IP4=192.168.1.3 LAN_IP6=fd00:1::3
	export FW_IP4=192.168.1.1 FW_IP6=fd00:1::1
	export GW_IP4=192.168.1.254 GW_IP6=fd00:1::fe
	nsx fw ip link add br0 address 02:00:00:00:00:01 type bridge \
		stp_state 0 forward_delay 0 || return 1
	mkveth cam $CAM_MAC cam0 $FW_CAM_MAC &&
	mkveth lan $LAN_MAC lan0 $FW_LAN_MAC &&
	mkveth wan $WAN_MAC wan0 $FW_WAN_MAC || return 1
	for p in cam0 lan0 wan0; do nsx fw ip link set "$p" master br0 || return 1; done
	nsx fw ip link set br0 up
	addr fw br0 192.168.1.1/24; addr fw br0 fd00:1::1/64
	addr cam eth0 192.168.1.2/24; addr cam eth0 fd00:1::2/64
	addr lan eth0 192.168.1.3/24; addr lan eth0 fd00:1::3/64
	addr wan eth0 192.168.1.254/24; addr wan eth0 fd00:1::fe/64
	for ns in cam lan; do
		nsx $ns ip route add default via 192.168.1.254
		nsx $ns ip -6 route add default via fd00:1::fe
		perm $ns eth0 192.168.1.254 $WAN_MAC; perm $ns eth0 fd00:1::fe $WAN_MAC
	done
	perm cam eth0 192.168.1.3 $LAN_MAC; perm cam eth0 fd00:1::3 $LAN_MAC
	perm lan eth0 192.168.1.2 $CAM_MAC; perm lan eth0 fd00:1::2 $CAM_MAC
	perm wan eth0 192.168.1.2 $CAM_MAC; perm wan eth0 fd00:1::2 $CAM_MAC
	perm wan eth0 192.168.1.3 $LAN_MAC; perm wan eth0 fd00:1::3 $LAN_MAC
	nsx wan sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 >/dev/null
}

mkns cam && mkns lan && mkns fw && mkns wan || return 1
topology_$VM_TOPOLOGY || return 1
nsx wan ip route add local $WAN_NET4 dev lo
nsx wan ip -6 route add local $WAN_NET6 dev lo
