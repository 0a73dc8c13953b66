# shellcheck shell=bash
# shellcheck disable=SC2154 # debdir and work: set by the script sourcing this
# Sourced by sandbox.sh and upgrade.sh, the packaging steps that install
# into throwaway roots (root.sh, sourced here too), from the top of the
# tree with $debdir and $work set: their result lines, the packages, what
# DKMS did in the root, and a boot of the module DKMS built.

. tests/vm/pkg/root.sh

fails=0
pass() { echo "PASS: pkg $1"; }
fail() { echo "FAIL: pkg $1 ${2:-}"; fails=$((fails + 1)); }
# show TEXT: indented detail under the last line.
show() { printf '%s\n' "$1" | sed 's/^/    /'; }

# shellcheck disable=SC2034 # used by the scripts that source this
{
ver=$(packaging/version.sh)
cli_deb=$(ls "$debdir"/p2pfence_"$ver"_*.deb 2>/dev/null | head -n 1)
dkms_deb=$(ls "$debdir"/p2pfence-dkms_"$ver"_all.deb 2>/dev/null | head -n 1)
}

# status K: DKMS's word for p2pfence/VER on kernel K (empty if none).
status() { in_root dkms status -m p2pfence -v "$ver" -k "$1" 2>/dev/null | sed -n 's/.*: //p'; }
# ko K: the module DKMS installed for K (compressed like the kernel's own:
# p2pfence.ko.xz on 6.12), or nothing.
ko() { (cd "$ROOT" && ls -d lib/modules/"$1"/updates/dkms/p2pfence.ko* 2>/dev/null | head -n 1 | sed 's|^|/|'); }
# makelog: the end of DKMS's build log, after a failed build.
makelog() { tail -n 15 "$ROOT/var/lib/dkms/p2pfence/$ver/build/make.log" 2>/dev/null; }

# fake_uname K: the root says it runs K (`uname -r`, what DKMS's postinst
# asks), through ROOT_PATH (in_root's PATH).
fake_uname() {
	mkdir -p "$ROOT/tmp/fakebin"
	cat >"$ROOT/tmp/fakebin/uname" <<UNAME
#!/bin/sh
[ "\$*" = -r ] && { echo "$1"; exit 0; }
exec /bin/uname "\$@"
UNAME
	chmod 755 "$ROOT/tmp/fakebin/uname"
	export ROOT_PATH=/tmp/fakebin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

# headers_arrive K PASS FAIL: K's hidden headers come back and their
# package's hook runs (the kernel upgrade): DKMS must build and install
# the module for K. PASS and FAIL name the result line.
headers_arrive() {
	local k=$1 out v
	mv "$ROOT/lib/modules/$k/build.p2pf-hidden" "$ROOT/lib/modules/$k/build"
	out=$(in_root /etc/kernel/header_postinst.d/dkms "$k" 2>&1)
	v=$(in_root modinfo -F vermagic "$(ko "$k")" 2>/dev/null)
	if [ "$(status "$k")" = installed ] && [ "${v%% *}" = "$k" ]; then
		pass "$2"
	else
		fail "$3" "(status '$(status "$k")', vermagic '$v')"
		show "$(echo "$out" | tail -n 20)"
		show "$(makelog)"
	fi
}

# boot K CLI: boots K in QEMU with the module DKMS built in the root and
# the CLI package's files (the CLI, the conffile, the unit) from CLI (the
# root it is installed in, or the .deb unpacked), and runs guest.sh.
boot() {
	local k=$1 cli=$2 files=$work/pkgfiles-$1 log=$work/vm-$1.log rc mod n
	rm -rf "$files"
	mkdir -p "$files"
	mod=$(ko "$k")
	[ -n "$mod" ] || { fail "$k vm" "(no DKMS module for $k to boot with)"; return; }
	cp "$ROOT$mod" "$files/${mod##*/}"
	cp "$cli/usr/sbin/p2pfence" "$cli/etc/p2pfence.conf" \
		"$cli/lib/systemd/system/p2pfence.service" "$work/pcaps/hs-pppp.pcap" "$files/"
	printf '%s=%q\n' ver "$ver" ko "$mod" sha "$(sha256sum "$ROOT$mod" | cut -d' ' -f1)" \
		signer "$(modinfo -F signer "$ROOT$mod")" >"$files/expect"
	# VM_NO_MODULE: the harness loads nothing itself; VM_MODULE: and builds
	# nothing (its copy is not used: guest.sh modprobes the DKMS one).
	KVER=$k VM_NO_MODULE=1 VM_MODULE="$files/${mod##*/}" VM_TIMEOUT=300 VM_REPORT_CHECKS=1 \
		tests/vm/run tests/vm/pkg/guest.sh "$files" >"$log" 2>"$log.err"
	rc=$?
	sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: pkg $k /p" "$log"
	n=$(grep -c '^FAIL: ' "$log")
	fails=$((fails + n))
	if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then
		fail "$k vm" "(exited $rc: $(tail -n 8 "$log.err" | tr '\n' ' '))"
	fi
}
