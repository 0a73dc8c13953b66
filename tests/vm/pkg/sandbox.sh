#!/bin/bash
# The packaging suite's steps that install things, run by
# tests/check.d/50-packaging.sh in a private mount namespace:
#   unshare -m --propagation private tests/vm/pkg/sandbox.sh DEBDIR WORK
# DEBDIR holds p2pfence_*.deb and p2pfence-dkms_*.deb; WORK is a scratch
# directory (with WORK/pcaps from mkpcaps.py). Everything is installed
# into a throwaway root (root.sh) that plays a Debian box running the 6.1
# kernel, whose 6.12 headers arrive later (the kernel upgrade). Prints one
# PASS/FAIL line per step.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1
debdir=$1 work=$2
. tests/vm/pkg/common.sh

kernels=$(tests/lib/kernels.sh)
k1=$(echo "$kernels" | grep '^6\.1\.' | head -n 1)
k2=$(echo "$kernels" | grep '^6\.12\.' | head -n 1)
if [ -z "$k1" ] || [ -z "$k2" ] || [ -z "$cli_deb" ] || [ -z "$dkms_deb" ]; then
	fail "setup" "(kernels '$k1' '$k2', debs '$cli_deb' '$dkms_deb')"
	exit 1
fi
if ! root_up "$work/root"; then
	fail "setup" "(no overlay root: overlayfs and a private mount namespace are needed)"
	exit 1
fi
mkdir -p "$ROOT/tmp/debs"
cp "$cli_deb" "$dkms_deb" "$ROOT/tmp/debs/"

# The box runs k1 (what DKMS's postinst asks uname) and has only k1's
# headers: k2's are hidden until the upgrade step.
fake_uname "$k1"
mv "$ROOT/lib/modules/$k2/build" "$ROOT/lib/modules/$k2/build.p2pf-hidden"

# --- Install both packages.
if out=$(in_root dpkg -i /tmp/debs/"${dkms_deb##*/}" /tmp/debs/"${cli_deb##*/}" 2>&1); then
	pass "install: dpkg -i p2pfence-dkms p2pfence ($k1 running)"
else
	fail "install: dpkg -i p2pfence-dkms p2pfence" "(see below)"
	show "$(echo "$out" | tail -n 30)"
fi
echo "$out" >"$work/install.log"
v=$(in_root modinfo -F version "$(ko "$k1")" 2>/dev/null)
if [ "$(status "$k1")" = installed ] && [ "$v" = "$ver" ]; then
	pass "install: DKMS built and installed p2pfence $ver for $k1 ($(ko "$k1"))"
else
	fail "install: DKMS built and installed p2pfence for $k1" "(status '$(status "$k1")', modinfo version '$v')"
	show "$(grep -i -A3 'error\|fail' "$work/install.log" | head -n 20)"
	show "$(makelog)"
fi
# ("added": known to DKMS, nothing built.)
if [ "$(status "$k2")" = added ] && [ -z "$(ko "$k2")" ]; then
	pass "install: nothing built for $k2 while its headers are missing"
else
	fail "install: nothing built for $k2 while its headers are missing" "(status '$(status "$k2")')"
fi
conff=$(in_root dpkg-query -W -f '${Conffiles}' p2pfence 2>/dev/null | awk '{print $1}')
wants=/etc/systemd/system/multi-user.target.wants/p2pfence.service
# The event log and the metrics timer are shipped, not enabled.
optional=
for u in multi-user.target.wants/p2pfence-monitor.service timers.target.wants/p2pfence-prometheus.timer; do
	[ -e "$ROOT/etc/systemd/system/$u" ] && optional="$optional $u"
done
for u in p2pfence-monitor.service p2pfence-prometheus.service p2pfence-prometheus.timer; do
	[ -f "$ROOT/lib/systemd/system/$u" ] || optional="$optional missing:$u"
done
if [ "$conff" = /etc/p2pfence.conf ] && [ -L "$ROOT$wants" ] && [ -z "$optional" ] &&
	[ "$(in_root /usr/sbin/p2pfence -V)" = "p2pfence $ver" ]; then
	pass "install: /usr/sbin/p2pfence $ver, conffile /etc/p2pfence.conf, p2pfence.service enabled, p2pfence-monitor and p2pfence-prometheus installed, not enabled"
else
	fail "install: CLI, conffile, unit" "(units:${optional:- ok}; conffiles '$conff', $wants $( [ -L "$ROOT$wants" ] && echo present || echo missing), -V '$(in_root /usr/sbin/p2pfence -V 2>&1)')"
fi

boot "$k1" "$ROOT"

# --- Kernel upgrade: k2's headers arrive; their package runs this hook.
headers_arrive "$k2" "kernel upgrade: header_postinst.d/dkms built and installed p2pfence for $k2" \
	"kernel upgrade: DKMS build for $k2"
[ "${PKG_BOOT_UPGRADE:-1}" = 1 ] && boot "$k2" "$ROOT"

# --- Removal: purge both; nothing of p2pfence may remain.
if out=$(in_root dpkg --purge p2pfence p2pfence-dkms 2>&1); then
	pass "remove: dpkg --purge p2pfence p2pfence-dkms"
else
	fail "remove: dpkg --purge" "(see below)"
	show "$(echo "$out" | tail -n 20)"
fi
left=$(
	in_root dpkg-query -W 'p2pfence*' 2>/dev/null | sed 's/^/dpkg knows: /'
	in_root dkms status 2>/dev/null | grep p2pfence | sed 's/^/dkms status: /'
	cd "$ROOT" && ls -d usr/src/p2pfence* var/lib/dkms/p2pfence lib/modules/*/updates/dkms/p2pfence.ko* \
		etc/p2pfence.conf* etc/systemd/system/*/p2pfence.service 2>/dev/null
)
if [ -z "$left" ]; then
	pass "remove: dpkg, dkms status, /usr/src, /var/lib/dkms, /lib/modules/*/updates, /etc: no p2pfence left"
else
	fail "remove: p2pfence left behind" "(see below)"
	show "$left"
fi

# --- The other way in: make dkms-install / dkms-uninstall, same root.
# The overlay does not show the source tree when it sits under /tmp or
# /run (fresh tmpfs in the root) or on another file system, so it is
# bound in at a fixed place on the root's own /run (this mount namespace
# only; /run is outside the leftovers check).
src=/run/p2pfence-src
mkdir -p "$ROOT$src" && mount --bind "$top" "$ROOT$src" ||
	fail "bind the source tree into the root at $src"
if out=$(in_root make -s -C "$src" dkms-install KVER="$k1" 2>&1) &&
	[ "$(status "$k1")" = installed ] && [ -e "$ROOT/usr/src/p2pfence-$ver/dkms.conf" ] &&
	grep -q "^PACKAGE_VERSION=\"$ver\"" "$ROOT/usr/src/p2pfence-$ver/dkms.conf"; then
	pass "make dkms-install KVER=$k1: sources in /usr/src/p2pfence-$ver, module installed"
else
	fail "make dkms-install KVER=$k1" "(status '$(status "$k1")')"
	show "$(echo "$out" | tail -n 20)"
	show "$(makelog)"
fi
out=$(in_root make -s -C "$src" dkms-uninstall 2>&1)
if [ -z "$(in_root dkms status 2>/dev/null | grep p2pfence)" ] && [ ! -e "$ROOT/usr/src/p2pfence-$ver" ] &&
	[ -z "$(ko "$k1")" ]; then
	pass "make dkms-uninstall: no DKMS entry, sources or module left"
else
	fail "make dkms-uninstall" "(see below)"
	show "$(echo "$out" | tail -n 20)"
fi

# What the whole story changed in the root, beyond the bookkeeping of
# dpkg, man-db and DKMS themselves (their databases, logs, caches, and
# DKMS's signing key, made on first use). depmod's indexes count: after
# the removal they must be what they were.
changes=$(root_changes | grep -vE \
	-e ' /(tmp|run|proc|sys|dev)(/|$)' \
	-e ' /var/lib/dpkg(/|$)' -e ' /var/log(/|$)' -e ' /var/cache/(debconf|ldconfig|man)(/|$)' \
	-e ' /var/lib/dkms(/mok\.(key|pub))?$' \
	-e ' /usr/sbin/policy-rc\.d$')
if [ -z "$changes" ]; then
	pass "nothing left in the root but dpkg/dkms/man-db bookkeeping"
else
	fail "something left in the root" "(see below)"
	show "$changes"
fi
[ "$fails" -eq 0 ]
