#!/bin/bash
# The packaging suite's second story, run by tests/check.d/50-packaging.sh
# in a private mount namespace:
#   unshare -m --propagation private tests/vm/pkg/upgrade.sh DEBDIR WORK
# The p2pfence-dkms package on the oldest and the newest tested kernels,
# with the DKMS and compiler of their own Debian suite: throwaway roots
# (root.sh) over the suites' build chroots (tests/lib/kfetch.sh), never
# the host.
#  - a Debian 11 box running 5.10: installing the package has DKMS build
#    and install the module for the running kernel;
#  - a Debian 13 box running 6.12-rt whose newest kernel (7.3, from
#    trixie-backports) arrives later: installing builds for 6.12-rt, the
#    new kernel's headers package hook builds for 7.3 (the upgrade);
#  - 5.10 and 7.3 boot in QEMU with the module DKMS built (guest.sh);
#  - a series outside the tested ones is skipped, not failed.
# Prints one PASS/FAIL/SKIP line per step.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1
debdir=$1 work=$2
. tests/vm/pkg/common.sh

extra=$(tests/lib/kernels.sh --extra)
k_old=$(echo "$extra" | grep '^5\.10\.' | head -n 1)
k_rt=$(echo "$extra" | grep -- '-rt-' | head -n 1)
k_new=$(echo "$extra" | grep -v -- '-rt-' | grep -v '^5\.10\.' | tail -n 1)
if [ -z "$cli_deb" ] || [ -z "$dkms_deb" ]; then
	fail "kernels: setup" "(debs '$cli_deb' '$dkms_deb')"
	exit 1
fi

# The files of the CLI package the guest wants (guest.sh).
mkdir -p "$work/cli"
dpkg-deb -x "$cli_deb" "$work/cli"

# chroot_of K: K's build chroot (fetched and made on first use).
chroot_of() { tests/lib/kfetch.sh "$1" | cut -d' ' -f2; }

# setup_root DIR CHROOT RUNNING: an overlay of CHROOT that says it runs
# RUNNING, with the package copied in.
setup_root() {
	root_up "$1" "$2" || return 1
	mkdir -p "$ROOT/tmp/debs"
	cp "$dkms_deb" "$ROOT/tmp/debs/"
	fake_uname "$3"
}

# install_pkg K LABEL: dpkg -i p2pfence-dkms; DKMS must have built for K.
install_pkg() {
	local k=$1 out v
	if ! out=$(in_root dpkg -i /tmp/debs/"${dkms_deb##*/}" 2>&1); then
		fail "$2: dpkg -i p2pfence-dkms" "(see below)"
		show "$(echo "$out" | tail -n 20)"
	fi
	v=$(in_root modinfo -F vermagic "$(ko "$k")" 2>/dev/null)
	if [ "$(status "$k")" = installed ] && [ "${v%% *}" = "$k" ]; then
		pass "$2: dpkg -i p2pfence-dkms: DKMS ($(in_root dkms --version 2>/dev/null | head -n 1)) built and installed p2pfence $ver for $k ($(ko "$k"))"
	else
		fail "$2: DKMS built p2pfence for $k" "(status '$(status "$k")', vermagic '$v')"
		show "$(echo "$out" | grep -i -A3 'error\|fail' | head -n 20)"
		show "$(makelog)"
	fi
}

# --- The oldest: a Debian 11 box running 5.10.
if [ -z "$k_old" ]; then
	echo "SKIP: pkg 5.10 not selected (KERNELS)"
elif ! c=$(chroot_of "$k_old") || [ -z "$c" ]; then
	fail "5.10: the bullseye chroot" "(tests/lib/kfetch.sh $k_old failed)"
elif ! setup_root "$work/old" "$c" "$k_old"; then
	fail "5.10: overlay root over $c"
else
	install_pkg "$k_old" "bullseye, $k_old running"
	boot "$k_old" "$work/cli"
	umount -R "$ROOT" 2>/dev/null
fi

# --- The newest: a Debian 13 box on 6.12-rt, upgraded to 7.3.
if [ -z "$k_new" ] || [ -z "$k_rt" ]; then
	echo "SKIP: pkg kernel upgrade to the newest needs the 6.12-rt and 7.x kernels (KERNELS)"
elif ! c=$(chroot_of "$k_new") || [ -z "$c" ] || [ "$(chroot_of "$k_rt")" != "$c" ]; then
	fail "7.x: the trixie chroot" "(tests/lib/kfetch.sh $k_new / $k_rt failed or differ)"
elif ! setup_root "$work/new" "$c" "$k_rt"; then
	fail "7.x: overlay root over $c"
else
	mv "$ROOT/lib/modules/$k_new/build" "$ROOT/lib/modules/$k_new/build.p2pf-hidden"
	install_pkg "$k_rt" "trixie, $k_rt running"
	if [ "$(status "$k_new")" = added ] && [ -z "$(ko "$k_new")" ]; then
		pass "trixie: nothing built for $k_new while its headers are missing"
	else
		fail "trixie: nothing built for $k_new while its headers are missing" "(status '$(status "$k_new")')"
	fi
	headers_arrive "$k_new" \
		"kernel upgrade $k_rt -> $k_new: header_postinst.d/dkms built and installed p2pfence for $k_new" \
		"kernel upgrade to $k_new: DKMS build"
	boot "$k_new" "$work/cli"
	# A kernel of a series nobody tested: DKMS leaves it alone.
	fake=6.19.99+deb13-amd64
	mkdir -p "$ROOT/lib/modules/$fake"
	ln -s "/lib/modules/$k_new/build" "$ROOT/lib/modules/$fake/build"
	out=$(in_root dkms build -m p2pfence -v "$ver" -k "$fake" 2>&1)
	rc=$?
	if [ "$rc" -eq 77 ] || { [ "$rc" -eq 0 ] && echo "$out" | grep -qi 'BUILD_EXCLUSIVE'; } &&
		[ -z "$(ko "$fake")" ]; then
		pass "an untested series ($fake) is skipped by BUILD_EXCLUSIVE_KERNEL (dkms build exit $rc)"
	else
		fail "an untested series ($fake) is skipped" "(dkms build exit $rc)"
		show "$(echo "$out" | tail -n 5)"
	fi
	umount -R "$ROOT" 2>/dev/null
fi
[ "$fails" -eq 0 ]
