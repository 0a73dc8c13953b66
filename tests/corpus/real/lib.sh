# SPDX-License-Identifier: GPL-2.0 OR MIT
# Shared by the capture.sh scripts (sourced, sh): the client checkout
# they are given, and the private namespaces the real clients and our
# stand-in peers run in.

die() { echo "capture.sh: $*" >&2; exit 1; }

# pinned_checkout ARG...: the script's arguments must be one checkout of the
# client, which goes to $SRC (absolute); dies unless run as root with the
# checkout at $PIN and no local change in it (in $UNCHANGED_PATHS, git
# pathspecs, default all of it): the client runs unchanged.
pinned_checkout() {
	[ $# -eq 1 ] || die "usage: capture.sh CHECKOUT"
	SRC=$(cd "$1" && pwd) || die "no checkout at $1"
	[ "$(id -u)" -eq 0 ] || die "run as root"
	_got=$(git -C "$SRC" rev-parse HEAD)
	[ "$_got" = "$PIN" ] || die "$SRC is at $_got, want $PIN"
	# shellcheck disable=SC2086 # several pathspecs
	git -C "$SRC" diff --quiet HEAD -- ${UNCHANGED_PATHS:-.} ||
		die "$SRC has local changes: the client must run unchanged"
}

# veth_pair NS_A NS_B IF_A IF_B IP_A IP_B: two fresh network namespaces
# joined by one veth, each end up with its /24 address, loopback up. No
# other route: nothing leaves the machine.
veth_pair() {
	ip netns del "$1" 2>/dev/null || true
	ip netns del "$2" 2>/dev/null || true
	ip netns add "$1"
	ip netns add "$2"
	ip link add "$3" netns "$1" type veth peer name "$4" netns "$2"
	ip -n "$1" addr add "$5/24" dev "$3"
	ip -n "$2" addr add "$6/24" dev "$4"
	ip -n "$1" link set lo up
	ip -n "$2" link set lo up
	ip -n "$1" link set "$3" up
	ip -n "$2" link set "$4" up
}

# cleanup_on_exit NS...: on exit, kills the processes listed in $PIDS
# (the caller appends to it) and deletes the namespaces.
PIDS=""
cleanup_on_exit() {
	CLEANUP_NS="$*"
	trap cleanup EXIT INT TERM
}
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	for n in $CLEANUP_NS; do ip netns del "$n" 2>/dev/null || true; done
}
