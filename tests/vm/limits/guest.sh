#!/bin/bash
# Runs inside the VM (tests/check.d/37-vm-limits.sh): every bound that the
# CLI and the kernel both enforce, held against the uapi header from both
# sides. For each one:
#   - the CLI accepts the bound and the kernel takes it (read back);
#   - the CLI refuses one past it with its own message (not a quoted
#     "kernel:" one), naming the header's bound, and nothing changes;
#   - the kernel itself takes the bound and refuses one past it when the
#     request is sent raw (nlbad limit), so the CLI cannot be hiding a
#     kernel that accepts more, or less.
# A new namespace's settings must be the header's defaults. The bounds
# and defaults are the header's as nlbad was compiled against it (nlbad
# limits); tests/check.d/16-uapi-spec.sh holds the header against the YNL
# spec. So if the CLI's, the kernel's or the header's bound moves alone,
# a case here fails.
# Files beside this script: nlbad and its libmnl.
# shellcheck disable=SC1091
. ./lib.sh
export LD_LIBRARY_PATH=/t

pf() { in_ns "$NS_FW" p2pfence "$@"; }
raw() { in_ns "$NS_FW" ./nlbad limit "$@"; }
./nlbad limits >bounds || { fail limits "nlbad limits: exit $?"; finish; }
lim() { sed -n "s/^$1 //p" bounds; }
echo "# bounds: $(tr '\n' ' ' <bounds)"

MAC=02:00:00:00:11:02

# cli_ok NAME CMD...: exit 0.
cli_ok() {
	_n=$1; shift
	if _e=$("$@" 2>&1 >/dev/null); then pass "$_n"; else fail "$_n" "($*) exit $?: $_e"; fi
}

# cli_refuses NAME PATTERN CMD...: exit 1, one line on stderr matching the
# shell PATTERN, and not the kernel's refusal quoted.
cli_refuses() {
	_n=$1 _pat=$2; shift 2
	_e=$("$@" 2>&1 >/dev/null)
	_rc=$?
	# shellcheck disable=SC2254
	case $_e in
	*kernel:*) fail "$_n" "($*) the kernel refused it, not the CLI: '$_e'"; return ;;
	$_pat) [ "$_rc" -eq 1 ] && { pass "$_n"; return; } ;;
	esac
	fail "$_n" "($*) exit $_rc (want 1), stderr '$_e' (want '$_pat')"
}

# raw_ok NAME WHAT VALUE / raw_refuses NAME WHAT VALUE: the kernel's own
# answer to the raw request (a policy or handler refusal: EINVAL or
# ERANGE, with an extack message).
raw_ok() {
	_o=$(raw "$2" "$3" 2>&1)
	assert_eq "$1" ok "$_o"
}
raw_refuses() {
	_o=$(raw "$2" "$3" 2>&1)
	case $_o in
	"refused EINVAL: "?*|"refused ERANGE: "?*) pass "$1" ;;
	*) fail "$1" "(nlbad limit $2 $3) want a refusal with EINVAL or ERANGE and a message, got '$_o'" ;;
	esac
}

# seq_words FMT FIRST COUNT [WORD]: COUNT words printf FMT i (i from
# FIRST), each after WORD when given: arguments for the CLI.
seq_words() {
	_i=$2
	while [ "$_i" -lt $(($2 + $3)) ]; do
		[ -n "${4:-}" ] && printf '%s ' "$4"
		# shellcheck disable=SC2059
		printf "$1 " "$_i"
		_i=$((_i + 1))
	done
}

# count PATTERN: how many times the grep -o PATTERN is in stdin.
count() { grep -o "$1" | wc -l | tr -d ' '; }

# jcfg KEY: the namespace's setting KEY from -j config show.
jcfg() { pf -j config show | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }

# The header's bounds must all be there, or nothing below means anything.
for b in name-max ifnamsiz addrs-max prefixes-max lan-max flow-timeout-min \
	flow-timeout-max event-rate-max fanout-threshold-min fanout-threshold-max \
	mode-max proto-count dev-flags-all flow-timeout-default event-rate-default \
	fanout-threshold-default mark-default mark-mask-default; do
	[ -n "$(lim "$b")" ] || { fail limits "nlbad limits has no $b"; finish; }
done
pf device flush
lan_before=$(pf lan show | tr '\n' ' ')

# --- a new namespace starts with the header's defaults ----------------------
for d in flow_timeout event_rate fanout_threshold mark mark_mask; do
	assert_eq "default-$d" "$(lim "$(echo "$d" | tr _ -)-default")" "$(jcfg "$d")"
done
case $(pf discover show | head -n 1) in
"discovery off"*) pass default-discovery-off ;;
*) fail default-discovery-off "discover show: $(pf discover show | head -n 1)" ;;
esac

# --- namespace settings: flow-timeout, event-rate, fanout-threshold --------
# setting KEY JSONKEY MIN MAX: both ends of a numeric setting.
setting() {
	_k=$1 _j=$2 _min=$3 _max=$4
	cli_ok "$_k-cli-max" pf config set "$_k" "$_max"
	assert_eq "$_k-cli-max-taken" "$_max" "$(jcfg "$_j")"
	cli_refuses "$_k-cli-max+1" "*invalid number \"$((_max + 1))\": expected $_min..$_max" \
		pf config set "$_k" $((_max + 1))
	assert_eq "$_k-cli-max+1-unchanged" "$_max" "$(jcfg "$_j")"
	raw_ok "$_k-raw-max" "$_k" "$_max"
	raw_refuses "$_k-raw-max+1" "$_k" $((_max + 1))
	assert_eq "$_k-raw-max+1-unchanged" "$_max" "$(jcfg "$_j")"
	cli_ok "$_k-cli-min" pf config set "$_k" "$_min"
	assert_eq "$_k-cli-min-taken" "$_min" "$(jcfg "$_j")"
	raw_ok "$_k-raw-min" "$_k" "$_min"
	if [ "$_min" -gt 0 ]; then
		cli_refuses "$_k-cli-min-1" "*invalid number \"$((_min - 1))\": expected $_min..$_max" \
			pf config set "$_k" $((_min - 1))
		raw_refuses "$_k-raw-min-1" "$_k" $((_min - 1))
		assert_eq "$_k-min-1-unchanged" "$_min" "$(jcfg "$_j")"
	fi
}
setting flow-timeout flow_timeout "$(lim flow-timeout-min)" "$(lim flow-timeout-max)"
setting event-rate event_rate 0 "$(lim event-rate-max)"
setting fanout-threshold fanout_threshold "$(lim fanout-threshold-min)" "$(lim fanout-threshold-max)"

# --- the mark: inside its mask --------------------------------------------
cli_ok mark-cli-in-mask pf config set mark 0xff/0xff
assert_eq mark-cli-in-mask-taken "255 255" "$(jcfg mark) $(jcfg mark_mask)"
cli_refuses mark-cli-outside-mask "*invalid mark \"0x100/0xff\": the mark has bits outside the mask*" \
	pf config set mark 0x100/0xff
raw_ok mark-raw-in-mask mark 0xff
raw_refuses mark-raw-outside-mask mark 0x100
assert_eq mark-outside-mask-unchanged "255 255" "$(jcfg mark) $(jcfg mark_mask)"

# --- discovery: on (1), and nothing above -----------------------------------
cli_ok discovery-cli-on pf discover on
case $(pf discover show | head -n 1) in
"discovery on"*) pass discovery-cli-on-taken ;;
*) fail discovery-cli-on-taken "discover show: $(pf discover show | head -n 1)" ;;
esac
raw_ok discovery-raw-1 discovery 1
raw_refuses discovery-raw-2 discovery 2
cli_ok discovery-cli-off pf discover off

# --- device name length ----------------------------------------------------
max=$(( $(lim name-max) - 1 ))
name=$(printf "%${max}s" "" | tr ' ' n)
cli_ok name-cli-max pf device add "$name" mac "$MAC"
cli_ok name-cli-max-taken pf device show "$name"
pf device del "$name"
cli_refuses name-cli-max+1 "*invalid name \"${name}n\": longer than $max characters" \
	pf device add "${name}n" mac "$MAC"
raw_ok name-raw-max name "$max"
raw_refuses name-raw-max+1 name $((max + 1))

# --- ingress interface name length -----------------------------------------
max=$(( $(lim ifnamsiz) - 1 ))
iif=$(printf "%${max}s" "" | tr ' ' i)
cli_ok iif-cli-max pf device add lim iif "$iif"
assert_eq iif-cli-max-taken "\"iif\":\"$iif\"" "$(pf -j device show lim | grep -o '"iif":"[^"]*"')"
pf device del lim
cli_refuses iif-cli-max+1 "*invalid interface name \"${iif}i\": 1 to $max characters" \
	pf device add lim iif "${iif}i"
raw_ok iif-raw-max iif "$max"
raw_refuses iif-raw-max+1 iif $((max + 1))

# --- addresses per device ----------------------------------------------------
max=$(lim addrs-max)
# shellcheck disable=SC2046
cli_ok addrs-cli-max pf device add lim $(seq_words 198.51.100.%d 1 "$max" ip)
assert_eq addrs-cli-max-taken "$max" "$(pf -j device show lim | count '"198\.51\.100\.[0-9]*"')"
pf device del lim
# shellcheck disable=SC2046
cli_refuses addrs-cli-max+1 "*too many addresses at \"198.51.100.$((max + 1))\": at most $max per device" \
	pf device add lim $(seq_words 198.51.100.%d 1 $((max + 1)) ip)
raw_ok addrs-raw-max addrs "$max"
raw_refuses addrs-raw-max+1 addrs $((max + 1))

# --- source prefixes per device ----------------------------------------------
max=$(lim prefixes-max)
# shellcheck disable=SC2046
cli_ok prefixes-cli-max pf device add lim $(seq_words 10.17.%d.0/24 0 "$max" prefix)
assert_eq prefixes-cli-max-taken "$max" "$(pf -j device show lim | count '"10\.17\.[0-9]*\.0/24"')"
pf device del lim
# shellcheck disable=SC2046
cli_refuses prefixes-cli-max+1 "*too many source prefixes at \"10.17.$max.0/24\": at most $max per device" \
	pf device add lim $(seq_words 10.17.%d.0/24 0 $((max + 1)) prefix)
raw_ok prefixes-raw-max prefixes "$max"
raw_refuses prefixes-raw-max+1 prefixes $((max + 1))

# --- a device's own LAN prefixes -------------------------------------------
max=$(lim lan-max)
# shellcheck disable=SC2046
cli_ok dev-lan-cli-max pf device add lim mac "$MAC" $(seq_words 10.34.%d.0/24 0 "$max" lan)
assert_eq dev-lan-cli-max-taken "$max" "$(pf -j device show lim | count '"10\.34\.[0-9]*\.0/24"')"
pf device del lim
# shellcheck disable=SC2046
cli_refuses dev-lan-cli-max+1 "*too many LAN prefixes at \"10.34.$max.0/24\": at most $max per device" \
	pf device add lim mac "$MAC" $(seq_words 10.34.%d.0/24 0 $((max + 1)) lan)
raw_ok dev-lan-raw-max dev-lan "$max"
raw_refuses dev-lan-raw-max+1 dev-lan $((max + 1))

# --- prefix lengths (the address's bits) -----------------------------------
cli_ok prefix4-len-cli-max pf device add lim prefix 10.0.0.0/32
assert_eq prefix4-len-cli-max-taken '"prefix":["10.0.0.0/32"]' "$(pf -j device show lim | grep -o '"prefix":\[[^]]*\]')"
pf device del lim
cli_refuses prefix4-len-cli-max+1 "*invalid prefix \"10.0.0.0/33\": the length must be 0..32" \
	pf device add lim prefix 10.0.0.0/33
raw_ok prefix4-len-raw-max prefix4-len 32
raw_refuses prefix4-len-raw-max+1 prefix4-len 33
cli_ok prefix6-len-cli-max pf device add lim prefix fd00::/128
assert_eq prefix6-len-cli-max-taken '"prefix":["fd00::/128"]' "$(pf -j device show lim | grep -o '"prefix":\[[^]]*\]')"
pf device del lim
cli_refuses prefix6-len-cli-max+1 "*invalid prefix \"fd00::/129\": the length must be 0..128" \
	pf device add lim prefix fd00::/129
raw_ok prefix6-len-raw-max prefix6-len 128
raw_refuses prefix6-len-raw-max+1 prefix6-len 129

# --- the global LAN list -----------------------------------------------------
max=$(lim lan-max)
# shellcheck disable=SC2046
cli_ok lan-cli-max pf lan set $(seq_words 10.51.%d.0/24 0 "$max")
assert_eq lan-cli-max-taken "$max" "$(pf -j lan show | count '"10\.51\.[0-9]*\.0/24"')"
# shellcheck disable=SC2046
cli_refuses lan-cli-max+1 "*too many prefixes at \"10.51.$max.0/24\": at most $max" \
	pf lan set $(seq_words 10.51.%d.0/24 0 $((max + 1)))
cli_refuses lan-cli-add-past-max "*too many prefixes at \"10.52.0.0/24\": at most $max" \
	pf lan add 10.52.0.0/24
assert_eq lan-cli-max+1-unchanged "$max" "$(pf -j lan show | count '"10\.51\.[0-9]*\.0/24"')"
raw_ok lan-raw-max lan "$max"
raw_refuses lan-raw-max+1 lan $((max + 1))
# shellcheck disable=SC2086
pf lan set $lan_before
assert_eq lan-restored "$lan_before" "$(pf lan show | tr '\n' ' ')"

# --- modes, protocols, flags -------------------------------------------------
# The CLI names every mode of the header (its refusal lists them), and
# the kernel takes each one.
max=$(lim mode-max)
cli_refuses mode-cli-unknown "*unknown mode \"quarantine\": expected *" \
	pf device add lim mac "$MAC" mode quarantine
modes=$(pf device add lim mac "$MAC" mode quarantine 2>&1 | sed -n 's/.*expected //p' | tr -d ,)
# shellcheck disable=SC2086
assert_eq mode-cli-knows-every-mode "$((max + 1))" "$(set -- $modes; echo $#)"
for m in $modes; do
	cli_ok "mode-cli-$m" pf device add lim mac "$MAC" mode "$m"
	assert_eq "mode-cli-$m-taken" "\"mode\":\"$m\"" "$(pf -j device show lim | grep -o '"mode":"[a-z]*"')"
	pf device del lim
done
raw_ok mode-raw-max mode "$max"
raw_refuses mode-raw-max+1 mode $((max + 1))

n=$(lim proto-count)
cli_ok protos-cli-all pf device add lim mac "$MAC" proto all
assert_eq protos-cli-all-taken "$((n - 1))" "$(pf -j device show lim | grep -o '"proto":\[[^]]*\]' | sed 's/^"proto"://' | count '"[^"]*"')"
assert_eq protos-cli-all-is-module-list "$(pf proto list | wc -l | tr -d ' ')" "$((n - 1))"
pf device del lim
raw_ok protos-raw-all protos $(( (1 << n) - 2 ))
if [ "$n" -lt 32 ]; then
	raw_refuses protos-raw-past-last protos $((1 << n))
fi

all=$(lim dev-flags-all)
cli_ok flags-cli-fanout pf device add lim mac "$MAC" fanout on
assert_eq flags-cli-fanout-taken '"fanout":true' "$(pf -j device show lim | grep -o '"fanout":[a-z]*')"
pf device del lim
raw_ok flags-raw-all flags "$all"
raw_refuses flags-raw-past-all flags $((all + 1))

assert_eq no-device-left "[]" "$(pf -j device show)"
finish
