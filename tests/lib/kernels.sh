#!/bin/bash
# The kernels the module is built and tested on, one `uname -r` per line.
#
#   kernels.sh           the kernels the full VM suites run on: the newest
#                        installed 6.1.x and 6.12.x (bookworm and
#                        bookworm-backports, host packages, tests/lib/deps.sh)
#   kernels.sh --extra   the other tested series, from other Debian suites:
#                        never installed on the host, fetched and unpacked
#                        under build/ by tests/lib/kfetch.sh (5.10, 6.12-rt,
#                        6.18, newest 7.x); they run the short VM suites
#   kernels.sh --all     both, oldest first (tests/vm/kernels prints this)
#   kernels.sh --table   "SERIES KVER WHERE" lines for every tested kernel
#   kernels.sh --series  the tested series, one per line (dkms.conf, README)
#
# KERNELS="5.10 7.3" keeps only the kernels of those series (a series is
# the label of the table below, e.g. 6.12-rt; a full uname -r works too).
# KVERS="a b" replaces the whole choice (one kernel by hand).
#
# The extra kernels are resolved once (newest package of the series in
# the suites named below, through a private apt configuration) and the
# answer is kept in build/kernels/resolved; `make kernels-refresh`
# forgets it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:-}

# SERIES  DISTRO    image package name (without linux-image-), an ERE
# DISTRO: "host" (installed by deps.sh) or a debootstrap chroot that
# builds for it (tests/lib/kfetch.sh knows its apt suites: bullseye with
# bullseye-security; trixie with its updates, security and backports).
# A series belongs here only when the archive has its image, modules and
# headers: trixie-backports keeps the signed images of older releases
# (6.16 to 7.2) but the headers of its newest kernel only, so 6.18 cannot
# be built for from Debian's archive today. Changing a series here means
# changing dkms.conf's BUILD_EXCLUSIVE_KERNEL and README's table too
# (50-packaging checks that they agree).
table() {
	cat <<'TABLE'
5.10	bullseye	5\.10\.0-[0-9]+-amd64
6.1	host	6\.1\.[0-9]+-[0-9]+-amd64
6.12	host	6\.12\.[0-9]+\+deb12-amd64
6.12-rt	trixie	6\.12\.[0-9]+\+deb13-rt-amd64
7.3	trixie	7\.3\.[0-9]+\+deb13-amd64
TABLE
}

if [ "$mode" = --series ]; then
	table | cut -f1
	exit 0
fi

# host SERIES: the newest installed kernel of the series with an image
# and headers.
host() {
	local d k
	for d in /lib/modules/*/build; do
		[ -d "$d" ] || continue
		k=${d#/lib/modules/}
		k=${k%/build}
		[ -f "/boot/vmlinuz-$k" ] && echo "$k"
	done | grep -E "^${1//./\\.}\.[0-9]" | grep -v -- '-rt-' | sort -V | tail -n 1
}

# selected SERIES: may a kernel of SERIES pass the KERNELS filter? (Only
# kernels that may are resolved, so that KERNELS="6.1" needs no network.)
labels=$(table | cut -f1)
selected() {
	local w
	[ -n "${KERNELS:-}" ] && [ "$mode" != --table ] || return 0
	for w in $KERNELS; do
		[ "$w" = "$1" ] && return 0
		# A full uname -r: known only once resolved.
		printf '%s\n' "$labels" | grep -qxF -- "$w" || return 0
	done
	return 1
}

# all: "SERIES KVER WHERE" for every kernel (host ones only when installed).
all() {
	local series distro re k
	while IFS=$'\t' read -r series distro re; do
		selected "$series" || continue
		# The full suites' list needs no network, nor the other way round.
		case $mode:$distro in :host) ;; :*|--extra:host) continue ;; esac
		if [ "$distro" = host ]; then
			k=$(host "$series")
		else
			k=$("$top/tests/lib/kfetch.sh" --resolve "$distro" "$re") || {
				echo "kernels: cannot resolve the $series kernel ($distro)" >&2
				continue
			}
		fi
		[ -n "$k" ] && printf '%s %s %s\n' "$series" "$k" "$distro"
	done < <(table)
}

if [ -n "${KVERS:-}" ]; then
	printf '%s\n' $KVERS
	exit 0
fi
if [ "$mode" = --table ]; then
	all
	exit 0
fi
all | while read -r series k distro; do
	case $mode in
	--all) ;;
	--extra) [ "$distro" != host ] || continue ;;
	'') [ "$distro" = host ] || continue ;;
	*) echo "usage: kernels.sh [--all|--extra|--table|--series]" >&2; exit 2 ;;
	esac
	if [ -n "${KERNELS:-}" ]; then
		keep=
		for w in $KERNELS; do
			[ "$w" = "$series" ] || [ "$w" = "$k" ] && keep=1
		done
		[ -n "$keep" ] || continue
	fi
	echo "$k"
done
