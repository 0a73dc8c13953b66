#!/bin/bash
# Quality gates of the kernel module and the CLI, per tested kernel (all of
# them, tests/lib/kernels.sh --all; those of other Debian suites build in
# their chroot): W=1 build with no warnings, sparse (C=2) with no
# warnings; and once:
# checkpatch (default checks) on the kernel sources, the CLI built with
# -Werror.
set -u
cd "$(dirname "$0")/../.."

rc=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1 $2"; rc=1; }

# Kernel sources: the module's own and the shared recognisers, as the
# Makefile lists them (kmod/objects.mk).
ksrc=$(make -s --no-print-directory module-files | grep '\.[ch]$')
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for k in $(tests/lib/kernels.sh --all); do
	# Kbuild's own parallelism (nothing else runs beside this suite), but
	# not in the chroots: there the newer kbuild hands make's -j to pahole,
	# which refuses it.
	j=
	[ -d "/lib/modules/$k/build" ] && j=-j$(nproc)
	# W=1: a fresh build of its own, so every file is compiled and
	# checked and the VM tests' build directory is left alone.
	out=$PWD/build/check-$k
	rm -rf "$out"
	if ! make -s module KVER="$k" KBUILD_OUT="$out" KBUILD_FLAGS="W=1 $j" >"$log" 2>&1; then
		fail "build-w1-$k" "$(grep -m 3 -E 'error' "$log" | tr '\n' ' ')"
	elif grep -q 'warning:' "$log"; then
		fail "build-w1-$k" "$(grep -c 'warning:' "$log") warnings: $(grep -m 3 'warning:' "$log" | tr '\n' ' ')"
	else
		pass "build-w1-$k"
	fi
	# C=2: sparse on every source, whether rebuilt or not.
	if ! command -v sparse >/dev/null; then
		fail "sparse-$k" "sparse missing (tests/lib/deps.sh)"
	elif ! make -s module KVER="$k" KBUILD_OUT="$out" KBUILD_FLAGS="C=2 $j" >"$log" 2>&1; then
		fail "sparse-$k" "$(grep -m 3 -E 'error' "$log" | tr '\n' ' ')"
	elif grep -qE 'warning:|error:' "$log"; then
		fail "sparse-$k" "$(grep -m 3 -E 'warning:|error:' "$log" | tr '\n' ' ')"
	else
		pass "sparse-$k"
	fi
done

cp=build/checkpatch/scripts/checkpatch.pl
if [ ! -x "$cp" ]; then
	fail checkpatch "$cp missing (tests/lib/deps.sh extracts it)"
else
	bad=
	for f in $ksrc; do
		if ! out=$("$cp" --no-tree --quiet --terse -f "$f" 2>&1); then
			bad="$bad $f"
			echo "$out" | head -n 5
		fi
	done
	if [ -z "$bad" ]; then pass checkpatch; else fail checkpatch "in:$bad"; fi
fi

# The recognisers are plain C that needs nothing but classify/ itself
# (the shim, and the uapi header by its path in the tree): each compiles
# with only classify/ on the include path.
bad=
for f in classify/*.c; do
	cc -std=c11 -Wall -Wextra -Werror -Iclassify -c "$f" -o /dev/null >"$log" 2>&1 ||
		bad="$bad $f: $(grep -m 1 -E 'error|warning' "$log")"
done
if [ -z "$bad" ]; then pass classify-standalone; else fail classify-standalone "$bad"; fi

# userspace/Makefile compiles with -Wall -Wextra -Werror.
if make -s userspace >"$log" 2>&1 && ! grep -q 'warning:' "$log"; then
	pass userspace-werror
else
	fail userspace-werror "$(grep -m 3 -E 'warning:|error' "$log" | tr '\n' ' ')"
fi
exit $rc
