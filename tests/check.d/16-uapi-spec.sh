#!/bin/bash
# The netlink family's YNL spec (kmod/uapi/p2pfence.yaml, the format of
# Linux's Documentation/netlink/specs) against the uapi header the module
# and the CLI compile (kmod/uapi/p2pfence.h): tests/tools/uapispec.py
# lists the header's #defines and enums through the C compiler and fails
# on any difference either way (commands, attribute ids and types,
# nesting, enum entries, limits, family, version, group). Then the
# checker must catch drift planted in copies (a limit, an attribute, a
# command), and the man page must state the header's limits. The CLI and
# the kernel against the header, in the VM: 37-vm-limits.sh.
set -u
cd "$(dirname "$0")/../.." || exit 1

failed=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1 $2"; failed=1; }

if ! python3 -c 'import yaml' 2>/dev/null; then
	fail uapi-spec "(python3 has no yaml module: run tests/lib/deps.sh, Debian package python3-yaml)"
	exit 1
fi

spec=kmod/uapi/p2pfence.yaml
header=kmod/uapi/p2pfence.h
python3 tests/tools/uapispec.py "$spec" "$header" || failed=1

# Drift planted in copies must fail the checker, each for its reason.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# planted NAME FILE-KIND SED WANT: a copy of the header (h) or spec (y)
# changed by SED; the checker must fail with WANT in its FAIL lines.
planted() {
	local name=$1 kind=$2 expr=$3 want=$4 out
	cp "$header" "$tmp/p2pfence.h"
	cp "$spec" "$tmp/p2pfence.yaml"
	if [ "$kind" = h ]; then sed -i "$expr" "$tmp/p2pfence.h"; else sed -i "$expr" "$tmp/p2pfence.yaml"; fi
	if cmp -s "$tmp/p2pfence.h" "$header" && cmp -s "$tmp/p2pfence.yaml" "$spec"; then
		fail "uapi-spec-catches-$name" "(the planted change matched nothing: update this test)"
		return
	fi
	out=$(python3 tests/tools/uapispec.py "$tmp/p2pfence.yaml" "$tmp/p2pfence.h" | grep '^FAIL: ')
	case $out in
	*"$want"*) pass "uapi-spec-catches-$name" ;;
	*) fail "uapi-spec-catches-$name" "(want a FAIL naming '$want', got: $(echo "$out" | head -c 400))" ;;
	esac
}
planted header-limit h 's/^\(#define P2PF_EVENT_RATE_MAX[[:space:]]*\)100000/\11000000/' \
	"P2PF_EVENT_RATE_MAX: spec 100000 (const event-rate-max), header 1000000"
planted header-attribute h 's/^\(\tP2PF_A_DEV_IIF,.*\)$/\1\n\tP2PF_A_NEW,\t\/* NLA_U32 *\//' \
	"header only ['P2PF_A_NEW']"
planted header-type h 's/^\(\tP2PF_EV_A_SPORT,[[:space:]]*\/\* \)NLA_U16/\1NLA_U32/' \
	"P2PF_EV_A_SPORT: spec u16, header u32"
planted header-command-order h 's/^\tP2PF_CMD_SET_LAN,/\tP2PF_CMD_X,/; s/^\tP2PF_CMD_GET_LAN,/\tP2PF_CMD_SET_LAN,/; s/^\tP2PF_CMD_X,/\tP2PF_CMD_GET_LAN,/' \
	"P2PF_CMD_SET_LAN: spec 8"
planted spec-range y '/name: fanout-threshold$/,/max:/s/max: 4096/max: 8192/' \
	"cfg.fanout-threshold: max 8192, const fanout-threshold-max 4096"
planted spec-enum-entry y 's/^      - naxclow$/      - naxclow\n      - newproto/' \
	"P2P_PROTO_NEWPROTO"

# The man page quotes the limits: it must quote the header's.
eval "$(python3 tests/tools/uapispec.py --consts "$spec" "$header" | sed 's/^\([A-Z_0-9]*\) \([0-9]*\)$/\1=\2/')"
man=$(sed -e 's/\\-/-/g' -e 's/\\~/ /g' userspace/p2pfence.8 | tr '\n' ' ')
bad=
for phrase in \
	"at most $P2PF_ADDRS_MAX addresses, $P2PF_PREFIXES_MAX source prefixes, one interface and $P2PF_LAN_MAX LAN prefixes" \
	"Replace the global LAN prefixes (at most $P2PF_LAN_MAX)" \
	"($P2PF_FLOW_TIMEOUT_MIN to $P2PF_FLOW_TIMEOUT_MAX seconds)" \
	"($P2PF_FANOUT_THRESHOLD_MIN to $P2PF_FANOUT_THRESHOLD_MAX:" \
	"at most $P2PF_MAX_DEVICES_CEILING devices" \
	"1 to $((P2PF_NAME_MAX - 1)) characters"; do
	case $man in
	*"$phrase"*) ;;
	*) bad="$bad '$phrase'" ;;
	esac
done
if [ -z "$bad" ]; then
	pass "uapi-limits-in-man-page"
else
	fail "uapi-limits-in-man-page" "(userspace/p2pfence.8 does not say:$bad)"
fi
exit $failed
