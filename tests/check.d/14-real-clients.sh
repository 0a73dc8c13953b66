#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Detection on real clients: every capture under tests/corpus/real/*/
# named in that directory's `expect` file (lines "FILE FAMILY[,FAMILY]
# CLIENT_IP[,CLIENT_IP] [KIND[,KIND]]") was made by an open-source client
# run unchanged against our stand-in peers (each directory's capture.sh
# and README.md). Every UDP packet the client sent must be recognised as
# one of FAMILY, or be on a P2P flow that a recognised handshake opened
# (`flow`, the module's rules), with the ASan+UBSan build too. With the
# optional fourth column, every client packet recognised alone must also
# carry one of those KINDs (`kind` as `classify -j` names it; written
# PROTO/KIND, it must also be named PROTO), and each KIND listed must occur
# at least once: a packet named with the wrong kind or family, or a phase
# the capture shows that is no longer named, fails. Prints, per
# family, the clients' packets and how many were recognised alone or on a
# flow.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/cli-builds.sh
build_cli_variants real-clients || exit 1
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

mapfile -t expects < <(ls tests/corpus/real/*/expect 2>/dev/null)
if [ ${#expects[@]} -eq 0 ]; then
	fail "real-clients: no tests/corpus/real/*/expect"
	exit 1
fi

# judge JSON FAMILIES CLIENTS [KINDS]: "N A F" (client packets, recognised
# alone, only on a flow) on stdout, or what was missed on stderr and exit 1.
judge() {
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
fams, clients = sys.argv[2].split(","), sys.argv[3].split(",")
def src_ip(o):
    s = o["src"]
    return s[1:s.index("]")] if s.startswith("[") else s.rsplit(":", 1)[0]
mine = [o for o in d if src_ip(o) in clients]
alone = [o for o in mine if o["proto"] in fams]
flow = [o for o in mine if o["proto"] not in fams and o["flow"]]
miss = [o for o in mine if o["proto"] not in fams and not o["flow"]]
kinds = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else None
print(len(mine), len(alone), len(flow))
if kinds:
    def fits(o, k):
        return k == ("%s/%s" % (o["proto"], o["kind"]) if "/" in k else o["kind"])
    wrong = [o for o in alone if not any(fits(o, k) for k in kinds)]
    if wrong:
        print("%d with a kind not in %s: %s" % (len(wrong), ",".join(kinds), ", ".join(
            "frame %d len %d = %s/%s" % (o["frame"], o["len"], o["proto"], o["kind"])
            for o in wrong[:5])), file=sys.stderr)
        sys.exit(1)
    unseen = [k for k in kinds if not any(fits(o, k) for o in alone)]
    if unseen:
        print("no client packet of kind %s" % ",".join(unseen), file=sys.stderr)
        sys.exit(1)
if not mine:
    print("no packet from %s" % sys.argv[3], file=sys.stderr)
    sys.exit(1)
if miss:
    print("%d missed: %s" % (len(miss), ", ".join("frame %d len %d = %s/%s" % (
        o["frame"], o["len"], o["proto"], o["kind"]) for o in miss[:5])), file=sys.stderr)
    sys.exit(1)
PY
}

for b in $bins; do
	tag="real-clients ${b%%:*}"
	bin=${b#*:}
	: >"$tmp/totals"
	for e in "${expects[@]}"; do
		dir=${e%/expect}
		fam_dir=${dir##*/}
		while read -r file fams clients kinds; do
			case $file in '' | '#'*) continue ;; esac
			name="$tag: $fam_dir/$file"
			if ! "$bin" -j classify "$dir/$file" >"$tmp/out" 2>"$tmp/err"; then
				fail "$name" "classify exit $?: $(head -n 1 "$tmp/err")"
				continue
			fi
			if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"; then
				fail "$name" "sanitizer: $(grep -m1 -E 'ERROR|runtime error' "$tmp/err")"
				continue
			fi
			# Not `read < <(judge)`: read returned at judge's first line,
			# before its verdict reached $tmp/why, so a failure could pass.
			if judge "$tmp/out" "$fams" "$clients" "${kinds:-}" >"$tmp/naf" 2>"$tmp/why" &&
			    read -r n a f <"$tmp/naf" && [ ! -s "$tmp/why" ]; then
				pass "$name: $n client packets, $a recognised as $fams${kinds:+ ($kinds)}, $f more on a flow"
				echo "$fam_dir $n $a $f" >>"$tmp/totals"
			else
				fail "$name" "$(cat "$tmp/why")"
			fi
		done <"$e"
	done
done
# The table of the last build's run (the same captures for both builds).
awk '{ n[$1] += $2; a[$1] += $3; f[$1] += $4; c[$1]++ }
	END { printf "# %-8s %8s %8s %10s %8s\n", "family", "captures", "packets", "recognised", "on flow"
	      for (k in n) printf "# %-8s %8d %8d %10d %8d\n", k, c[k], n[k], a[k], f[k] }' "$tmp/totals"
exit $failed
