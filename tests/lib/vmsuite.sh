# shellcheck shell=bash
# Sourced by the VM suites (tests/check.d/3x-4x): boots a guest script
# (tests/vm/NAME/guest.sh, through tests/vm/run) on the kernels under
# test and reports each boot in the lines tests/check.sh counts. Sourcing
# it makes $work, a temporary directory removed on exit (source it before
# tests/lib/nlbad.sh, which then keeps its copy there), and sets fails=0.
#
# vm_kernels NAME: $kernels, the kernels of tests/lib/kernels.sh; none
#   is one SKIP line and exit 0. NAME (vm-cli, ...) names the suite in
#   that line and in vm_pcaps'.
# vm_pcaps: tests/vm/enforce/mkpcaps.py's handshakes in $work/pcaps, or a
#   FAIL line and exit 1.
# vm_benign: the benign corpus's pcaps in $work/benign.
#
# vm_boot LABEL SCRIPT [FILE...]: one tests/vm/run of SCRIPT with FILEs,
#   under the caller's KVER and VM_* (`KVER=$k VM_TIMEOUT=600 vm_boot
#   ...`). The guest's PASS/FAIL/SKIP lines are printed with LABEL put
#   after the colon ("PASS: LABEL name", their text otherwise as the
#   guest wrote it); a run that exits non-zero adds one to $fails, and
#   one that printed no FAIL line is reported (below). Left behind:
#   $vm_log (the guest's output), $vm_rc (the run's exit status). Lines
#   between "# BEGIN X" and "# END X" are data for the suite, never shown
#   (a "# BEGIN SAMPLE NAME" block, lib.sh's sample, goes to
#   $P2PF_SAMPLES/NAME when that is set). What else is shown, set per
#   suite (or per boot, as a prefix like KVER):
#   vm_show=tag  (the default) the guest's other lines, "  [TAG] line",
#                after the PASS/FAIL/SKIP lines; a failed run without a
#                FAIL line: "FAIL: FAILED vm exited RC: <last 15 lines of
#                the run's stderr>"
#   vm_show=fail the other lines only when the run failed without a FAIL
#                line: "FAIL: FAILED vm run exited RC", then the last 20
#                other lines and the last 20 of stderr, "  [TAG] line"
#   vm_show=all  every line, stderr's too, as it comes (relabelled); a
#                failed run without a FAIL line: "FAIL: FAILED VM run
#                exited RC" only when vm_failed is set
#   (three wordings, each the one its suites printed before this helper)
#   vm_tag       TAG above (default LABEL)
#   vm_failed    FAILED above (default LABEL)
#   vm_notes     an ERE: the guest's "# " lines to show (default none),
#                after the other lines, their "# " replaced by
#   vm_notes_as  (default "# ")
#   vm_timed=1   "# LABEL: N s" after each boot
#
# vm_each_kernel [-t "TOPOLOGY..."] LABEL SCRIPT [FILE...]: vm_boot on
#   every kernel of $kernels (KVER) and, with -t, every topology
#   (VM_TOPOLOGY; without -t it is left alone). LABEL, vm_tag, vm_failed
#   and vm_notes_as are expanded for each boot, so that they can name
#   the kernel and the topology as '$k' and '$topo' (single-quoted).

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

vm_kernels() {
	vm_name=$1
	kernels=$(tests/lib/kernels.sh)
	if [ -z "$kernels" ]; then
		echo "SKIP: $vm_name no kernel with image and headers (run tests/lib/deps.sh)"
		exit 0
	fi
}

vm_pcaps() {
	local out
	if ! out=$(python3 tests/vm/enforce/mkpcaps.py "$work/pcaps" tests/vectors/*.vec 2>&1); then
		echo "FAIL: $vm_name mkpcaps.py: $out"
		exit 1
	fi
}

vm_benign() {
	mkdir -p "$work/benign"
	cp tests/corpus/benign/*.pcap "$work/benign/" 2>/dev/null
}

vm_boot() {
	local label=$1 show=${vm_show:-tag} tag=${vm_tag:-$1} failed=${vm_failed:-$1}
	local err=$work/err start
	shift
	start=$(date +%s)
	vm_log=$work/log
	if [ "$show" = all ]; then
		failed=${vm_failed:-}
		tests/vm/run "$@" 2>&1 | tee "$vm_log" | sed "s/^\(PASS\|FAIL\|SKIP\): /\1: $label /"
		vm_rc=${PIPESTATUS[0]}
	else
		tests/vm/run "$@" >"$vm_log" 2>"$err"
		vm_rc=$?
		sed -n "s/^\(PASS\|FAIL\|SKIP\): /\1: $label /p" "$vm_log"
	fi
	if [ -n "${P2PF_SAMPLES:-}" ]; then
		mkdir -p "$P2PF_SAMPLES"
		awk -v d="$P2PF_SAMPLES" '/^# BEGIN SAMPLE / { f = d "/" $4; next }
			/^# END SAMPLE$/ { f = ""; next } f { print > f }' "$vm_log"
	fi
	if [ "$show" = tag ]; then
		sed '/^# BEGIN /,/^# END /d' "$vm_log" | grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' | sed "s/^/  [$tag] /"
	fi
	if [ -n "${vm_notes:-}" ] && [ "$show" != all ]; then
		grep -E "$vm_notes" "$vm_log" | sed "s/^# /${vm_notes_as:-# }/"
	fi
	if [ "$vm_rc" -ne 0 ]; then
		fails=$((fails + 1))
		if ! grep -q '^FAIL: ' "$vm_log"; then
			case $show in
			tag) echo "FAIL: $failed vm exited $vm_rc: $(tail -n 15 "$err" | tr '\n' ' ')" ;;
			fail)
				echo "FAIL: $failed vm run exited $vm_rc"
				sed '/^# BEGIN /,/^# END /d' "$vm_log" | grep -v '^\(PASS\|FAIL\|SKIP\): \|^# ' |
					tail -n 20 | sed "s/^/  [$tag] /"
				tail -n 20 "$err" | sed "s/^/  [$tag] /"
				;;
			all) [ -z "$failed" ] || echo "FAIL: $failed VM run exited $vm_rc" ;;
			esac
		fi
	fi
	[ -z "${vm_timed:-}" ] || echo "# $label: $(( $(date +%s) - start )) s"
	return 0
}

vm_each_kernel() {
	local topos=- k topo label
	local t_tag=${vm_tag:-} t_failed=${vm_failed:-} t_notes_as=${vm_notes_as:-}
	local vm_tag vm_failed vm_notes_as
	if [ "$1" = -t ]; then
		topos=$2
		shift 2
	fi
	for k in $kernels; do
		for topo in $topos; do
			[ "$topo" = - ] && topo=
			eval "label=\"$1\" vm_tag=\"$t_tag\" vm_failed=\"$t_failed\" vm_notes_as=\"$t_notes_as\""
			if [ -n "$topo" ]; then
				KVER=$k VM_TOPOLOGY=$topo vm_boot "$label" "${@:2}"
			else
				KVER=$k vm_boot "$label" "${@:2}"
			fi
		done
	done
}
