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

# Every `ip` run costs a dynamic-linking exec, slow under TCG: commands
# go in batches, one ip process per namespace.
nsip() { ns=$1; shift; ip -n "$ns" -b - "$@"; }

# Namespaces: new ones copy the initial namespace's IPv6 settings, so
# DAD and router solicitation are turned off once, here, and addresses are
# usable at once everywhere.
mkall() {
	sysctl -qw net.core.devconf_inherit_init_net=1 >/dev/null
	for c in all default; do
		sysctl -qw net.ipv6.conf.$c.accept_dad=0 net.ipv6.conf.$c.accept_ra=0 \
			net.ipv6.conf.$c.router_solicitations=0 >/dev/null
	done
	ip -b - <<-EOF
	link set lo up
	netns add cam
	netns add lan
	netns add fw
	netns add wan
	link add eth0 netns cam address $CAM_MAC type veth peer name cam0 netns fw address $FW_CAM_MAC
	link add eth0 netns lan address $LAN_MAC type veth peer name lan0 netns fw address $FW_LAN_MAC
	link add eth0 netns wan address $WAN_MAC type veth peer name wan0 netns fw address $FW_WAN_MAC
	EOF
}

fw_forwarding() {
	ip netns exec fw /bin/busybox sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 >/dev/null
}

# routed_host NS IP4 IP6 GW4 GW6 GWMAC [LINE...]: a host on its own link
# to fw (GW4, GW6 at GWMAC), its default route; LINEs: more ip commands.
routed_host() {
	ns=$1 ip4=$2 ip6=$3 gw4=$4 gw6=$5 gwmac=$6
	shift 6
	{
		echo "link set lo up"
		echo "link set eth0 up"
		echo "addr add $ip4/24 dev eth0"
		echo "addr add $ip6/64 dev eth0 nodad"
		echo "route add default via $gw4"
		echo "route add ::/0 via $gw6"
		echo "neigh replace $gw4 lladdr $gwmac dev eth0 nud permanent"
		echo "neigh replace $gw6 lladdr $gwmac dev eth0 nud permanent"
		for line; do echo "$line"; done
	} | nsip "$ns"
}

topology_routed() {
	export CAM_IP4=192.168.1.2 CAM_IP6=fd00:1::2
	export LAN_IP4=192.168.2.2 LAN_IP6=fd00:2::2
	export FW_WAN_IP4=203.0.113.1 FW_WAN_IP6=2001:db8:ff::1
	routed_host cam 192.168.1.2 fd00:1::2 192.168.1.1 fd00:1::1 $FW_CAM_MAC || return 1
	routed_host lan 192.168.2.2 fd00:2::2 192.168.2.1 fd00:2::1 $FW_LAN_MAC || return 1
	routed_host wan 203.0.113.2 2001:db8:ff::2 203.0.113.1 2001:db8:ff::1 $FW_WAN_MAC \
		"route add local $WAN_NET4 dev lo" "route add local $WAN_NET6 dev lo" || return 1
	nsip fw <<-EOF || return 1
	link set lo up
	link set cam0 up
	link set lan0 up
	link set wan0 up
	addr add 192.168.1.1/24 dev cam0
	addr add fd00:1::1/64 dev cam0 nodad
	addr add 192.168.2.1/24 dev lan0
	addr add fd00:2::1/64 dev lan0 nodad
	addr add 203.0.113.1/24 dev wan0
	addr add 2001:db8:ff::1/64 dev wan0 nodad
	route add default via 203.0.113.2
	route add ::/0 via 2001:db8:ff::2
	neigh replace 192.168.1.2 lladdr $CAM_MAC dev cam0 nud permanent
	neigh replace fd00:1::2 lladdr $CAM_MAC dev cam0 nud permanent
	neigh replace 192.168.2.2 lladdr $LAN_MAC dev lan0 nud permanent
	neigh replace fd00:2::2 lladdr $LAN_MAC dev lan0 nud permanent
	neigh replace 203.0.113.2 lladdr $WAN_MAC dev wan0 nud permanent
	neigh replace 2001:db8:ff::2 lladdr $WAN_MAC dev wan0 nud permanent
	EOF
	fw_forwarding
}

# The on-link neighbours of a bridged host: everyone else on the LAN.
bridged_host() {
	ns=$1 ip4=$2 ip6=$3
	shift 3
	{
		echo "link set lo up"
		echo "link set eth0 up"
		echo "addr add $ip4/24 dev eth0"
		echo "addr add $ip6/64 dev eth0 nodad"
		while [ $# -ge 3 ]; do
			echo "neigh replace $1 lladdr $3 dev eth0 nud permanent"
			echo "neigh replace $2 lladdr $3 dev eth0 nud permanent"
			shift 3
		done
	} | nsip "$ns"
}

topology_bridged() {
	export CAM_IP4=192.168.1.2 CAM_IP6=fd00:1::2
	export LAN_IP4=192.168.1.3 LAN_IP6=fd00:1::3
	export FW_IP4=192.168.1.1 FW_IP6=fd00:1::1
	export GW_IP4=192.168.1.254 GW_IP6=fd00:1::fe
	nsip fw <<-EOF || return 1
	link set lo up
	link add br0 address 02:00:00:00:00:01 type bridge stp_state 0 forward_delay 0
	link set cam0 master br0
	link set lan0 master br0
	link set wan0 master br0
	link set cam0 up
	link set lan0 up
	link set wan0 up
	link set br0 up
	addr add 192.168.1.1/24 dev br0
	addr add fd00:1::1/64 dev br0 nodad
	EOF
	bridged_host cam $CAM_IP4 $CAM_IP6 $GW_IP4 $GW_IP6 $WAN_MAC \
		$LAN_IP4 $LAN_IP6 $LAN_MAC || return 1
	bridged_host lan $LAN_IP4 $LAN_IP6 $GW_IP4 $GW_IP6 $WAN_MAC \
		$CAM_IP4 $CAM_IP6 $CAM_MAC || return 1
	bridged_host wan $GW_IP4 $GW_IP6 $CAM_IP4 $CAM_IP6 $CAM_MAC \
		$LAN_IP4 $LAN_IP6 $LAN_MAC || return 1
	nsip cam <<-EOF || return 1
	route add default via $GW_IP4
	route add ::/0 via $GW_IP6
	EOF
	nsip lan <<-EOF || return 1
	route add default via $GW_IP4
	route add ::/0 via $GW_IP6
	EOF
	nsip wan <<-EOF || return 1
	route add local $WAN_NET4 dev lo
	route add local $WAN_NET6 dev lo
	EOF
}

mkall || return 1
topology_$VM_TOPOLOGY || return 1
