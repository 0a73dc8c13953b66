#!/bin/bash
# shellcheck disable=SC2154 # ver, ko, sha, signer come from expect (sandbox.sh)
# Inside the VM (tests/vm/run, started by sandbox.sh with VM_NO_MODULE=1):
# the box after `dpkg -i p2pfence-dkms p2pfence`. Puts the packages' files
# where they were installed (pkgfiles-KVER/: the DKMS-built module, $ko in
# expect, compressed as DKMS left it,
# /usr/sbin/p2pfence, /etc/p2pfence.conf, p2pfence.service), starts what
# the unit starts, by its own command lines (there is no systemd here),
# and checks that the DKMS module is the one running and that a restored
# configuration blocks a PPPP handshake from the tagged camera.
. ./lib.sh
set -u
F=$(ls -d pkgfiles-*)
. "$F/expect"

mkdir -p "${ko%/*}" /usr/sbin /etc /lib/systemd/system
cp "$F/${ko##*/}" "$ko"
cp "$F/p2pfence" /usr/sbin/p2pfence
cp "$F/p2pfence.service" /lib/systemd/system/p2pfence.service
# The shipped conffile plus the administrator's device: the camera.
{ cat "$F/p2pfence.conf"; echo "device add cam mac $CAM_MAC mode block proto all"; } >/etc/p2pfence.conf
depmod -a "$KVER"
grep -q '^p2pfence ' /proc/modules && fail "no module before the unit runs" "(the harness loaded one)"

# The unit's commands, as systemd would run them (minus its prefixes
# such as "-" that only change how failures count).
unit=/lib/systemd/system/p2pfence.service
pre=$(sed -n 's/^ExecStartPre=[-@:+!]*//p' $unit)
start=$(sed -n 's/^ExecStart=[-@:+!]*//p' $unit)
if [ -z "$pre" ] || [ -z "$start" ]; then
	fail "unit has ExecStartPre and ExecStart" "('$pre' '$start')"
fi
# Unquoted: a command line is split into words, as systemd does.
# shellcheck disable=SC2086
check "ExecStartPre ($pre) loads the module" $pre
path=$(modinfo -n p2pfence 2>&1)
got_sha=$(sha256sum "$path" 2>/dev/null | cut -d' ' -f1)
if [ "$path" = "$ko" ] && [ "$got_sha" = "$sha" ] &&
	[ "$(cat /sys/module/p2pfence/srcversion)" = "$(modinfo -F srcversion "$ko")" ] &&
	[ "$(cat /sys/module/p2pfence/version)" = "$ver" ]; then
	pass "the loaded module is the DKMS one: $ko, version $ver, signer '$signer'"
else
	fail "the loaded module is the DKMS one" "(modinfo -n '$path', sha256 match $([ "$got_sha" = "$sha" ] && echo yes || echo no))"
fi
# The firewall of the test topology is namespace fw; on a real box the
# unit acts in the initial namespace.
# shellcheck disable=SC2086
check "ExecStart ($start) restores /etc/p2pfence.conf" in_ns "$NS_FW" $start
assert_eq "p2pfence version" "p2pfence $ver, module $ver, 1 of" \
	"$(in_ns "$NS_FW" /usr/sbin/p2pfence version | sed 's/\(of\) .*/\1/')"
saved=$(in_ns "$NS_FW" /usr/sbin/p2pfence save | grep '^device add cam ')
case $saved in
*"mac $CAM_MAC mode block"*) pass "restored device cam: $saved" ;;
*) fail "restored device cam" "(save shows '$saved')" ;;
esac

# A PPPP handshake from the tagged camera is dropped; the same from the
# untagged LAN host crosses (so the drop is the module's doing).
dropped() {
	in_ns "$NS_FW" /usr/sbin/p2pfence -s -j device show cam |
		sed -n 's/.*"stats": *{[^}]*"dropped": *\([0-9]*\).*/\1/p'
}
d0=$(dropped)
sink_start "$NS_WAN" 60
sent=$(replay "$NS_CAM" -d 198.51.100.21 "$F/hs-pppp.pcap")
sleep 0.5
got=$(sink_stop)
if [ "${sent:-0}" -gt 0 ] && [ "$got" = 0 ] && [ "$(dropped)" = $((d0 + sent)) ]; then
	pass "camera's PPPP handshake dropped: $sent sent, 0 received, $sent counted"
else
	fail "camera's PPPP handshake dropped" "(sent '$sent', WAN received '$got', dropped $d0 -> $(dropped))"
fi
sink_start "$NS_WAN" 60
sent=$(replay "$NS_LAN" -d 198.51.100.22 "$F/hs-pppp.pcap")
sleep 0.5
got=$(sink_stop)
assert_eq "untagged LAN host's PPPP handshake passes ($sent sent)" "$sent" "$got"
finish
