#!/bin/bash
# Packaging: `make deb` builds p2pfence and p2pfence-dkms, lintian finds
# nothing, the packages hold what they should; then, in a throwaway root
# (tests/vm/pkg/root.sh: an overlay of / in a private mount namespace, so
# the host is never written), the packages are installed, DKMS builds the
# module, the 6.1 kernel boots in QEMU with that module and the unit's
# command lines and blocks a camera, a 6.12 kernel upgrade gets its
# module, the packages are purged, `make dkms-install`/`dkms-uninstall`
# do the same without packages, and nothing is left. The host's own
# p2pfence state (dpkg, dkms, /usr/src, /lib/modules/*/updates) is
# compared before and after. Then the oldest and newest tested kernels
# (tests/vm/pkg/upgrade.sh: throwaway roots over the bullseye and trixie
# build chroots, their own DKMS): the package builds for 5.10, for
# 6.12-rt and, on the kernel upgrade, for 7.3; 5.10 and 7.3 boot with
# it; an untested series is skipped. dkms.conf's BUILD_EXCLUSIVE_KERNEL
# and README's kernel table name exactly the tested series.
set -u
cd "$(dirname "$0")/../.."

start=$(date +%s)
ver=$(packaging/version.sh) || { echo "FAIL: pkg version from kmod/version.h"; exit 1; }
for tool in dpkg-buildpackage dh_dkms dkms lintian unshare; do
	if ! command -v "$tool" >/dev/null; then
		echo "FAIL: pkg tools: $tool missing (run tests/lib/deps.sh)"
		exit 1
	fi
done
if [ -z "$(tests/lib/kernels.sh | grep '^6\.1\.')" ] || [ -z "$(tests/lib/kernels.sh | grep '^6\.12\.')" ]; then
	echo "SKIP: pkg needs a 6.1 and a 6.12 kernel with headers (run tests/lib/deps.sh)"
	exit 0
fi

fails=0
pass() { echo "PASS: pkg $1"; }
fail() { echo "FAIL: pkg $1 ${2:-}"; fails=$((fails + 1)); }
skip() { echo "SKIP: pkg $1 ${2:-}"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
debdir=build/deb

# The host's p2pfence state, to compare at the end.
host_state() {
	dpkg-query -W 'p2pfence*' 2>/dev/null
	dkms status 2>/dev/null | grep p2pfence
	ls -d /usr/src/p2pfence* /var/lib/dkms/p2pfence /lib/modules/*/updates/dkms/p2pfence.ko* 2>/dev/null
}
before=$(host_state)

# --- Build.
t=$(date +%s)
if out=$(make -s deb 2>&1); then
	pass "make deb: $(cd $debdir && ls p2pfence*_"$ver"_*.deb | tr '\n' ' ')($(( $(date +%s) - t )) s)"
else
	fail "make deb" "($(echo "$out" | tail -n 5 | tr '\n' ' '))"
	exit 1
fi
cli_deb=$(ls $debdir/p2pfence_"$ver"_*.deb)
dkms_deb=$debdir/p2pfence-dkms_"$ver"_all.deb

# Lintian on source and binaries: tags at every level, pedantic and
# experimental too; only what packaging/debian/*.lintian-overrides
# explains (printed as O: and N: lines) may remain.
t=$(date +%s)
lint=$(lintian -I -E --pedantic --show-overrides $debdir/p2pfence_"$ver"_*.changes 2>&1 |
	grep -v '^N: running with root privileges')
if [ -z "$(echo "$lint" | grep -E '^[EWIPX]: ')" ]; then
	pass "lintian clean, pedantic and experimental ($(echo "$lint" | grep -c '^O: ') overridden) ($(( $(date +%s) - t )) s)"
else
	fail "lintian" "(see below)"
fi
echo "$lint" | grep -E '^[EWIPXO]: ' | sed 's/^/    /'

# --- Contents.
files_of() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
field() { dpkg-deb -f "$1" "$2"; }
missing=
for f in /usr/sbin/p2pfence /usr/share/man/man8/p2pfence.8.gz \
	/usr/share/bash-completion/completions/p2pfence /lib/systemd/system/p2pfence.service \
	/lib/systemd/system/p2pfence-monitor.service /lib/systemd/system/p2pfence-prometheus.service \
	/lib/systemd/system/p2pfence-prometheus.timer /etc/p2pfence.conf; do
	files_of "$cli_deb" | grep -qx "$f" || missing="$missing $f"
done
deps=$(field "$cli_deb" Depends)
if [ -z "$missing" ] && [[ $deps == *libmnl0* ]] && [[ $deps == *libpcap0.8* ]] &&
	[ "$(field "$cli_deb" Recommends)" = p2pfence-dkms ] &&
	[ "$(dpkg-deb --ctrl-tarfile "$cli_deb" | tar -xO ./conffiles)" = /etc/p2pfence.conf ] &&
	grep -q '^ExecStart=/usr/sbin/p2pfence restore /etc/p2pfence.conf$' \
		<(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./lib/systemd/system/p2pfence.service) &&
	grep -q '^ExecStart=/usr/sbin/p2pfence monitor --journal$' \
		<(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./lib/systemd/system/p2pfence-monitor.service) &&
	grep -q '^ExecStart=.*f=/var/lib/prometheus/node-exporter/p2pfence.prom; /usr/sbin/p2pfence stats --prometheus > ' \
		<(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./lib/systemd/system/p2pfence-prometheus.service); then
	pass "p2pfence: CLI, man page, completion, units (p2pfence, -monitor, -prometheus service and timer), conffile; Depends: $deps; Recommends: p2pfence-dkms"
else
	fail "p2pfence contents" "(missing:${missing:- none}; Depends: $deps)"
fi
# The units as systemd reads them: no unknown key, no value it would
# ignore (only the CLI, not installed on this host, may be missing).
if command -v systemd-analyze >/dev/null; then
	units=$(mktemp -d)
	dpkg-deb -x "$cli_deb" "$units"
	verify=$(cd "$units/lib/systemd/system" && systemd-analyze verify --man=no \
		./p2pfence.service ./p2pfence-monitor.service ./p2pfence-prometheus.service \
		./p2pfence-prometheus.timer 2>&1 |
		grep -v ': Command /usr/sbin/p2pfence is not executable: No such file or directory$')
	rm -rf "$units"
	if [ -z "$verify" ]; then
		pass "systemd-analyze verify: p2pfence, p2pfence-monitor, p2pfence-prometheus service and timer"
	else
		fail "systemd-analyze verify" "($(echo "$verify" | head -n 5 | tr '\n' ' '))"
	fi
else
	skip "systemd-analyze verify" "(no systemd-analyze on this host)"
fi
src=/usr/src/p2pfence-$ver
# Exactly the module's files as the Makefile lists them (kmod/objects.mk)
# and dkms.conf: anything else is extra, anything missing too.
extra=$(diff <(files_of "$dkms_deb" | grep -v -e '/$' -e '^/usr/share/doc/p2pfence-dkms/' | sort) \
	<({ make -s --no-print-directory module-files; echo dkms.conf; } | sed "s|^|$src/|" | sort) |
	sed -n 's/^[<>] //p')
conf=$(dpkg-deb --fsys-tarfile "$dkms_deb" | tar -xO ".$src/dkms.conf")
if [ -z "$extra" ] && files_of "$dkms_deb" | grep -qx "$src/kmod/main.c" &&
	echo "$conf" | grep -qx "PACKAGE_VERSION=\"$ver\"" &&
	echo "$conf" | grep -qx 'AUTOINSTALL="yes"' &&
	[[ $(field "$dkms_deb" Depends) == dkms* ]]; then
	pass "p2pfence-dkms: only the module's sources in $src, dkms.conf version $ver; Depends: $(field "$dkms_deb" Depends)"
else
	fail "p2pfence-dkms contents" "(unexpected: $(echo $extra); version line: $(echo "$conf" | grep PACKAGE_VERSION))"
fi

# --- Install, boot, upgrade, remove: in the throwaway root.
if ! python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec >"$work/mkpcaps.log" 2>&1; then
	fail "mkpcaps.py" "($(tail -n 3 "$work/mkpcaps.log" | tr '\n' ' '))"
	exit 1
fi
unshare -m --propagation private tests/vm/pkg/sandbox.sh "$debdir" "$work" || fails=$((fails + 1))
t=$(date +%s)
unshare -m --propagation private tests/vm/pkg/upgrade.sh "$debdir" "$work" || fails=$((fails + 1))
echo "# oldest and newest kernels: $(( $(date +%s) - t )) s"

# The tested series (tests/lib/kernels.sh): DKMS builds for exactly
# those, and README's table lists each.
series=$(tests/lib/kernels.sh --series)
want="^($(echo "$series" | sed 's/-rt$//' | sort -uV | sed 's/\./\\./g' | paste -sd'|'))\\."
got=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"$/\1/p' dkms.conf)
if [ "$got" = "$want" ]; then
	pass "dkms.conf BUILD_EXCLUSIVE_KERNEL is exactly the tested series: $got"
else
	fail "dkms.conf BUILD_EXCLUSIVE_KERNEL" "(is '$got', the tested series make '$want')"
fi
missing=
for s in $series; do
	grep -qE "^\| $s \|" README.md || missing="$missing $s"
done
if [ -z "$missing" ]; then
	pass "README's kernel table lists every tested series ($(echo $series))"
else
	fail "README's kernel table" "(no row for:$missing)"
fi

after=$(host_state)
if [ "$before" = "$after" ]; then
	pass "host untouched: its dpkg, dkms, /usr/src and /lib/modules/*/updates p2pfence state is as before"
else
	fail "host changed" "(before: '$before', after: '$after')"
fi
echo "# packaging suite: $(( $(date +%s) - start )) s"
[ "$fails" -eq 0 ]
