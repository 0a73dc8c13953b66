#!/bin/bash
# The p2pfence CLI without the module, under ASan+UBSan:
#  - tests/unit/test_cli_parse.c: parsers, verb resolution, restore files
#    (one PASS/FAIL line per table case);
#  - tests/unit/test_cli_output.c: every show verb's text and JSON against
#    a pretend module (fake_kernel.c), byte for byte with cli_output.golden;
#  - the sanitizer build of the CLI itself: exit codes and error lines
#    for bad command lines, help, and the "module not loaded" message
#    (the host cannot load modules, so the family is always absent here);
#  - the man page renders without groff warnings; the completion parses.
set -u
cd "$(dirname "$0")/../.."

out=build/unit
mkdir -p "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1 $2"; failed=1; }

export ASAN_OPTIONS=detect_leaks=1:exitcode=3
export UBSAN_OPTIONS=halt_on_error=1:exitcode=4:print_stacktrace=1

# --- unit tests ---------------------------------------------------------
# unit TEST NAME: builds and runs tests/unit/TEST (cli-NAME-build/-run).
unit() {
	if make -s -C tests/unit "$1" >"$log" 2>&1; then
		pass "cli-$2-build"
		"$out/$1"
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			fail "cli-$2-run" "exited $rc (sanitizer report or crash above)"
		fi
		[ "$rc" -eq 0 ] || failed=1
	else
		fail "cli-$2-build" "$(head -c 2000 "$log" | tr '\n' ' ')"
	fi
}
unit test_cli_parse unit
unit test_cli_output output

# --- the sanitizer CLI binary ------------------------------------------
if make -s -C userspace SAN=1 >"$log" 2>&1 && [ -x build/asan/p2pfence ]; then
	pass cli-asan-build
else
	fail cli-asan-build "$(head -c 2000 "$log" | tr '\n' ' ')"
	exit 1
fi
cli=build/asan/p2pfence

# expect NAME RC STDERR-PATTERN ARGS...: exact exit code, stderr matching
# the shell pattern (the messages hold no pattern characters but * and ?).
expect() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	err=$("$cli" "$@" 2>&1 >/dev/null </dev/null)
	rc=$?
	# shellcheck disable=SC2053
	if [ "$rc" -eq "$want_rc" ] && [[ $err == $want_err ]]; then
		pass "cli-$name"
	else
		fail "cli-$name" "(p2pfence $*): rc $rc (want $want_rc), stderr '$err' (want '$want_err')"
	fi
}

nomod="the p2pfence kernel module is not loaded (modprobe p2pfence)"
expect bad-mac 1 'p2pfence: device add: invalid MAC "xx": expected aa:bb:cc:dd:ee:ff' device add cam1 mac xx
expect bad-mac-abbrev 1 'p2pfence: device add: invalid MAC "xx": expected aa:bb:cc:dd:ee:ff' dev a cam1 ma xx
expect no-identity 1 'p2pfence: device add: device "cam1" needs a mac or at least one ip to be recognised' device add cam1 mode block
expect bad-prefix 1 'p2pfence: lan set: invalid prefix "10.1.0.0/8": host bits are set (did you mean 10.0.0.0/8?)' lan set 10.1.0.0/8
expect bad-proto 1 'p2pfence: device set: invalid protocol list "pppp,": empty name' device set cam1 proto pppp,
expect ambiguous-verb 2 'p2pfence: ambiguous verb "s": could be stats, save' s
expect ambiguous-sub 2 'p2pfence: ambiguous device command "s": could be set, show' device s
expect unknown-verb 2 'p2pfence: unknown verb "frobnicate": expected device, stats, monitor, proto, lan, config, flows, *save, restore, classify, version, help' frobnicate
expect unknown-option 2 'p2pfence: unknown option "-x": expected -j, -s, -n, -h or -V' -x device show
expect missing-name 2 'p2pfence: device del: missing device name' device del
expect extra-arg 2 'p2pfence: device flush: unexpected "now"' device flush now
expect monitor-bad-count 1 'p2pfence: monitor: invalid number "0": expected 1..4294967295' monitor --count 0
expect config-bad 1 'p2pfence: config set: invalid number "0": expected 1..86400' config set flow-timeout 0
expect no-module-show 1 "p2pfence: device show: $nomod" device show
expect no-module-json 1 "p2pfence: device show: $nomod" -j -s dev sh
expect no-module-add 1 "p2pfence: device add: $nomod" device add cam1 mac 02:00:00:00:00:01
expect no-module-stats 1 "p2pfence: stats: $nomod" stats
expect no-module-monitor 1 "p2pfence: monitor: $nomod" monitor --timeout 1
expect no-module-save 1 "p2pfence: save: $nomod" save
expect help 0 '' --help
expect device-help 0 '' device --help
expect help-verb 0 '' help lan
expect version 0 '' -V

# restore validates the whole file before touching the module: a bad
# line is reported as FILE:LINE even though no module is there.
bad=$out/bad.conf
printf 'lan set 10.0.0.0/8\ndevice add a ip 192.0.2.1\ndevice add b mac 02:00:00:00:00:0\n' >"$bad"
expect restore-bad-line 1 "p2pfence: restore: $bad:3: invalid MAC \"02:00:00:00:00:0\": expected aa:bb:cc:dd:ee:ff" restore "$bad"
expect restore-missing 1 "p2pfence: restore: $out/none.conf: No such file or directory" restore "$out/none.conf"
# the shipped example parses (the module, absent here, is the next step)
expect restore-example 1 "p2pfence: restore: $nomod" restore userspace/p2pfence.conf.example
err=$(printf 'device add a ip 192.0.2.1\ndevice add a ip 192.0.2.2\n' | "$cli" restore 2>&1)
[ "$err" = 'p2pfence: restore: <stdin>:2: device "a" is already defined on line 1' ] &&
	pass cli-restore-stdin-dup || fail cli-restore-stdin-dup "got '$err'"

# help text names every verb of the table and its usage
h=$("$cli" help 2>&1)
for v in "device add NAME" "device set NAME" "device del NAME" "device show [NAME]" \
	"device flush" "stats" "monitor [--count N]" "proto list" "lan set PREFIX" \
	"config set" "flows flush" "save" "restore [FILE]" "classify" "version"; do
	case $h in *"p2pfence $v"*) ;; *) fail cli-help-lists "missing '$v'"; continue ;; esac
done
[ "$failed" -eq 0 ] && pass cli-help-lists

# --- man page and completion ---------------------------------------------
if command -v groff >/dev/null; then
	w=$(groff -man -Tutf8 -ww -z userspace/p2pfence.8 2>&1)
	[ -z "$w" ] && pass man-page-renders || fail man-page-renders "$(echo "$w" | head -n 3 | tr '\n' ' ')"
	txt=$(groff -man -Tutf8 userspace/p2pfence.8 2>/dev/null | sed 's/.\x08//g')
	for v in "device add" "device set" "device del" "device show" "device flush" stats monitor \
		"proto list" "lan show" "config set" "flows flush" save restore classify "EXIT STATUS"; do
		case $txt in *"$v"*) ;; *) fail man-page-covers "missing '$v'"; continue 2 ;; esac
	done
	pass man-page-covers
else
	echo "SKIP: man-page-renders groff missing"
fi
if bash -n userspace/p2pfence.bash-completion 2>"$log"; then
	pass completion-parses
else
	fail completion-parses "$(tr '\n' ' ' <"$log")"
fi
# completion: candidates for a few command lines (device names need the
# module; they are checked in the VM suite).
comp() {
	bash -c '. userspace/p2pfence.bash-completion
		COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_p2pfence p2pfence "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$@"
}
check_comp() {
	name=$1 want=$2
	shift 2
	got=$(comp "$@")
	[ "$got" = "$want" ] && pass "completion-$name" || fail "completion-$name" "got '$got' want '$want'"
}
check_comp verbs "classify config " p2pfence c
check_comp device "add del flush set show " p2pfence device ""
check_comp keywords "mac mode " p2pfence device add cam1 m
check_comp keywords-p "prefix proto " p2pfence device add cam1 p
check_comp keywords-i "iif ip " p2pfence device add cam1 i
check_comp iif "$(ls /sys/class/net | grep '^lo' | sort | tr '\n' ' ')" p2pfence device add cam1 iif lo
check_comp iif-none "none " p2pfence device set cam1 iif n
check_comp prefix-none "none " p2pfence device set cam1 prefix ""
check_comp mode "allow block mark monitor " p2pfence device add cam1 mode ""
check_comp proto "pppp " p2pfence device set cam1 proto pp
check_comp options "--count --journal --syslog --timeout " p2pfence monitor -
check_comp stats-options "--prometheus " p2pfence stats -
check_comp config-keys "mark " p2pfence config set ma

exit "$failed"
