#!/bin/bash
# Containment, inside the VM (module loaded with small limits: see
# tests/check.d/33-vm-contain.sh): an unprivileged local user can neither
# change, read nor listen to the host's fence; in a user+network namespace
# of its own (unshare -Urn gives it CAP_NET_ADMIN there) it can fill only
# its namespace's share, charged to its memory cgroup, while the host admin
# keeps the whole max_devices budget.
. ./lib.sh
set -u

MAX=$(cat /sys/module/p2pfence/parameters/max_devices)
NSMAX=$(cat /sys/module/p2pfence/parameters/netns_max_devices)
as_user() { setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
mac() { printf '02:10:00:%02x:%02x:%02x' "$1" $(($2 / 256)) $(($2 % 256)); }
sysctl -qw kernel.unprivileged_userns_clone=1 2>/dev/null

check "setup: device add cam" in_ns fw p2pfence device add cam mac "$CAM_MAC"

# refused NAME CMD...: CMD, run as the unprivileged user in the firewall's
# namespace, fails, says why on stderr, and printed no device.
refused() {
	_n=$1
	shift
	_out=$(ip netns exec fw setpriv --reuid=1000 --regid=1000 --clear-groups \
		timeout 10 "$@" 2>/tmp/refused.err)
	_rc=$?
	if [ "$_rc" -ne 0 ] && [ "$_rc" -ne 124 ] && [ -s /tmp/refused.err ] &&
	    ! echo "$_out" | grep -q cam; then
		pass "unprivileged $_n: refused ($(head -n 1 /tmp/refused.err))"
	else
		fail "unprivileged $_n: not refused" "(rc $_rc, out: $(echo "$_out" | head -c 200))"
	fi
}
refused "device add" p2pfence device add u1 mac 02:10:00:00:00:01
refused "device del" p2pfence device del cam
refused "device show" p2pfence device show
refused "-j device show" p2pfence -j device show
refused "stats" p2pfence stats
refused "config show" p2pfence config show
refused "lan show" p2pfence lan show
refused "discover show" p2pfence discover show
refused "monitor (events group)" p2pfence monitor
refused "save" p2pfence save
if out=$(ip netns exec fw setpriv --reuid=1000 --regid=1000 --clear-groups p2pfence proto list 2>&1) &&
    echo "$out" | grep -q pppp; then
	pass "unprivileged proto list: allowed (module facts only)"
else
	fail "unprivileged proto list" "($out)"
fi
assert_eq "the unprivileged attempts changed nothing" 1 \
	"$(in_ns fw p2pfence -j device show | grep -o '"name"' | wc -l)"

# --- Namespaces of the user's own. Each adds devices until refused and
# holds them until /tmp/stop appears; the first runs in a memory cgroup
# of its own, and notes its percpu and slab charges around the adds.
mkdir -p /sys/fs/cgroup
mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/user
rm -f /tmp/stop /tmp/ns*.out /tmp/ns*.err /tmp/ns1.pid /tmp/ns1.go
# filler K [restore]: namespace K adds devices until refused, or, with
# "restore", restores netns_max_devices of them from /tmp/nsK.conf in one
# command and then tries one more. The restore runs in a process of its
# own that first notes its pid in /tmp/nsK.pid and waits on the fifo
# /tmp/nsK.go, so that the test can move it alone into a memory cgroup.
filler() {
	as_user unshare -Urn sh -c '
		k=$1 how=$2 out=/tmp/ns$1.out
		mac() { printf "02:10:00:%02x:%02x:%02x" "$k" $(($1 / 256)) $(($1 % 256)); }
		if [ "$how" = restore ]; then
			sh -c "echo \$\$ >/tmp/ns$k.pid; read -r _ </tmp/ns$k.go; exec p2pfence restore" \
				</tmp/ns$k.conf 2>/tmp/ns$k.err
			p2pfence device add one-more mac "$(mac 65535)" 2>/tmp/ns$k.err ||
				true
		else
			i=0
			while [ $i -le '"$((NSMAX + MAX))"' ]; do
				p2pfence device add "d$i" mac "$(mac $i)" 2>/tmp/ns$k.err || break
				i=$((i + 1))
			done
		fi
		echo "added $(p2pfence -j device show | grep -o "\"name\"" | wc -l)" >>"$out"
		echo done >>"$out"
		while [ ! -e /tmp/stop ]; do sleep 0.2; done
	' sh "$1" "${2:-add}" &
}
field() { awk -v k="$2" '$1 == k { print $2 }' "/tmp/ns$1.out"; }
# memstat CGROUP KEY: KEY of CGROUP's memory.stat once two reads 2 s apart
# agree (the statistics are flushed lazily, and freed objects of exited
# processes leave after an RCU grace period).
memstat() {
	_prev=x
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		_cur=$(awk -v k="$2" '$1 == k { print $2 }' "/sys/fs/cgroup/$1/memory.stat")
		[ "$_cur" = "$_prev" ] && break
		_prev=$_cur
		sleep 2
	done
	echo "$_cur"
}
i=0
while [ $i -lt "$NSMAX" ]; do
	echo "device add d$i mac $(mac 1 $i)"
	i=$((i + 1))
done >/tmp/ns1.conf
mkfifo -m 666 /tmp/ns1.go
mkdir -p /sys/fs/cgroup/restore
( echo $BASHPID >/sys/fs/cgroup/user/cgroup.procs && exec bash -c "$(declare -f as_user filler); NSMAX=$NSMAX MAX=$MAX filler 1 restore" )
wait_for 60 test -s /tmp/ns1.pid
echo "$(cat /tmp/ns1.pid)" >/sys/fs/cgroup/restore/cgroup.procs
pc0=$(memstat restore percpu) sl0=$(memstat restore slab)
echo go >/tmp/ns1.go
wait_for 120 grep -q done /tmp/ns1.out
pc1=$(memstat restore percpu) sl1=$(memstat restore slab)
assert_eq "user namespace 1: restore of netns_max_devices devices" "$NSMAX" "$(field 1 added)"
if grep -q "this network namespace" /tmp/ns1.err; then
	pass "user namespace 1: refused by its own limit ($(cat /tmp/ns1.err))"
else
	fail "user namespace 1: refusal message" "($(cat /tmp/ns1.err))"
fi
ncpu=$(grep -c ^processor /proc/cpuinfo)
# Each device holds a per-CPU packet count (8 bytes a CPU, stats.h), and a
# device struct and key set of over 100 bytes. The restore ran alone in
# its cgroup and has exited, so what stays charged there is the devices.
if [ $((pc1 - pc0)) -ge $((NSMAX * ncpu * 8)) ] &&
    [ $((sl1 - sl0)) -ge $((NSMAX * 100)) ]; then
	pass "user namespace 1: charged to its memory cgroup (percpu +$((pc1 - pc0)) B, slab +$((sl1 - sl0)) B for $NSMAX devices)"
else
	fail "user namespace 1: memory not charged to its cgroup" "(percpu $pc0 -> $pc1, slab $sl0 -> $sl1)"
fi

# More namespaces until all of them together hold max_devices.
k=2 held=$NSMAX
while [ $held -lt "$MAX" ] && [ $k -le 20 ]; do
	filler $k
	wait_for 120 grep -q done /tmp/ns$k.out
	held=$((held + $(field $k added)))
	k=$((k + 1))
done
assert_eq "user namespaces together: held up to max_devices" "$MAX" "$held"
filler $k
wait_for 120 grep -q done /tmp/ns$k.out
assert_eq "one more user namespace: refused" 0 "$(field $k added)"
if grep -q "user namespaces' network namespaces together" /tmp/ns$k.err; then
	pass "one more user namespace: refused by the shared budget ($(cat /tmp/ns$k.err))"
else
	fail "one more user namespace: refusal message" "($(cat /tmp/ns$k.err))"
fi

# --- The host admin keeps its whole budget meanwhile.
in_ns fw p2pfence device flush
i=0
while [ $i -lt "$MAX" ] && in_ns fw p2pfence device add "h$i" mac "$(mac 255 $i)" 2>/tmp/host.err; do
	i=$((i + 1))
done
assert_eq "host admin: max_devices devices while the users hold theirs" "$MAX" "$i"
if ! in_ns fw p2pfence device add one-more mac "$(mac 254 1)" 2>/tmp/host.err &&
    grep -q "max_devices" /tmp/host.err; then
	pass "host admin: refused only past max_devices ($(cat /tmp/host.err))"
else
	fail "host admin: limit" "($(cat /tmp/host.err))"
fi
in_ns fw p2pfence save >/tmp/host.conf
check "host admin: flush" in_ns fw p2pfence device flush
check "host admin: restore of $MAX devices" sh -c 'ip netns exec fw p2pfence restore </tmp/host.conf'
assert_eq "host admin: restored" "$MAX" "$(in_ns fw p2pfence -j device show | grep -o '"name"' | wc -l)"

touch /tmp/stop
wait
finish
