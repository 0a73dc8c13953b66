#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks the YNL spec of the netlink family against the uapi header.

    uapispec.py [SPEC [HEADER]]
    uapispec.py --consts [SPEC [HEADER]]

--consts prints "NAME VALUE" for each constant of the spec, the value as
the compiler reads it from the header (for tests that quote the limits).

SPEC (default kmod/uapi/p2pfence.yaml) describes the family in the format
of Linux's Documentation/netlink/specs; HEADER (default the spec's
uapi-header, kmod/uapi/p2pfence.h) is what the module and the CLI compile.
The header's values come from the C compiler, not from reading its text:
its #defines (cc -dM) and enums (cc -E) are listed, and a generated C
program prints each one's value. The only text read is the comment after
each attribute, which is where the header states the attribute's type
(NLA_U32, binary, nested...).

Prints one PASS:/FAIL: line per part; exits 1 if any failed. A
difference in either direction fails: every command, attribute (value and
type), enum entry, limit and name of the spec must be in the header with
the same value, and every #define and enum of the header in the spec.
Definitions with a `header:` are looked up in that header (kmod/uapi,
classify/ or the system's include path) and checked from the spec's side
only, with every entry of their C enum.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
INCLUDE = [os.path.join(TOP, "kmod", "uapi"), os.path.join(TOP, "classify")]

# Keys the genetlink-legacy schema allows, by place (a subset of
# Documentation/netlink/genetlink-legacy.yaml: what this family can use).
SCHEMA = {
    "top": {"name", "doc", "protocol", "uapi-header", "c-family-name",
            "c-version-name", "max-by-define", "cmd-max-name",
            "cmd-cnt-name", "kernel-policy", "version", "definitions",
            "attribute-sets", "operations", "mcast-groups"},
    "definition": {"name", "header", "type", "doc", "value", "value-start",
                   "entries", "render-max", "enum-name", "name-prefix",
                   "enum-cnt-name", "enum-max-name"},
    "entry": {"name", "value", "doc"},
    "set": {"name", "name-prefix", "enum-name", "doc", "subset-of",
            "attr-cnt-name", "attr-max-name", "attributes"},
    "attr": {"name", "type", "doc", "value", "byte-order", "multi-attr",
             "nested-attributes", "enum", "enum-as-flags", "checks",
             "sub-type", "display-hint", "name-prefix"},
    "checks": {"flags-mask", "min", "max", "min-len", "max-len",
               "exact-len"},
    "operations": {"enum-model", "name-prefix", "enum-name", "list"},
    "op": {"name", "doc", "value", "attribute-set", "flags",
           "dont-validate", "do", "dump", "notify", "event", "mcgrp"},
    "subop": {"request", "reply", "pre", "post"},
    "msg": {"attributes"},
    "mcgrp": {"name", "c-define-name", "flags"},
}
ATTR_TYPES = {"unused", "pad", "flag", "binary", "u8", "u16", "u32", "u64",
              "s32", "s64", "string", "nest"}
INT_TYPES = {"u8", "u16", "u32", "u64", "s32", "s64"}
# The header's type comments, as YNL types.
COMMENT_TYPES = {"NLA_U8": "u8", "NLA_U16": "u16", "NLA_U32": "u32",
                 "NLA_U64": "u64", "NLA_NUL_STRING": "string",
                 "NLA_FLAG": "flag", "binary": "binary", "nested": "nest"}

failed = False


def result(ok, name, why):
    global failed
    if ok:
        print(f"PASS: {name}")
    else:
        failed = True
        print(f"FAIL: {name} {why}")


def c_upper(s):
    return s.upper().replace("-", "_")


def c_lower(s):
    return s.lower().replace("-", "_")


def cflags():
    """The userspace C flags (userspace/cflags.mk), without -Werror's
    friends that a generated program need not meet."""
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f",
         os.path.join(TOP, "userspace", "cflags.mk"),
         "--eval", "print-cflags: ; @echo $(P2PF_CFLAGS)", "print-cflags"],
        capture_output=True, text=True, check=True).stdout.split()
    return out


def find_header(name):
    for d in INCLUDE:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return name  # the system's include path


def cc(args, src=None):
    r = subprocess.run(["cc"] + cflags() + ["-I" + d for d in INCLUDE] + args,
                       input=src, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(" ".join(args) + ": " + r.stderr.strip()[:2000])
    return r.stdout


def macros(header):
    """{name: body} of the #defines @header itself adds."""
    def dm(path):
        out = {}
        for line in cc(["-dM", "-E", "-x", "c", "/dev/null"] +
                       (["-include", path] if path else [])).splitlines():
            m = re.match(r"#define (\w+)(?:\(.*?\))? ?(.*)", line)
            if m:
                out[m.group(1)] = m.group(2)
        return out
    base = dm(None)
    return {k: v for k, v in dm(header).items() if k not in base}


def enums(header):
    """{tag: [enumerator, ...]} of the named enums in @header (and what it
    includes), in order, from the preprocessed text (no comments)."""
    text = cc(["-E", "-P", "-x", "c", "/dev/null", "-include", header])
    out = {}
    for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}\s*;", text, re.S):
        names = []
        for item in m.group(2).split(","):
            n = re.match(r"\s*([A-Za-z_]\w*)", item)
            if n:
                names.append(n.group(1))
        out[m.group(1)] = names
    return out


def values(headers, ints, strings):
    """The compiler's value of each name (ints as integers, strings as
    str), by a generated program that includes @headers."""
    src = "#include <stdio.h>\n"
    src += "".join(f'#include "{h}"\n' for h in headers)
    src += "int main(void)\n{\n"
    for n in ints:
        src += f'\tprintf("%s %lld\\n", "{n}", (long long)({n}));\n'
    for n in strings:
        src += f'\tprintf("%s %s\\n", "{n}", {n});\n'
    src += "\treturn 0;\n}\n"
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "values")
        cc(["-x", "c", "-", "-o", exe], src)
        out = subprocess.run([exe], capture_output=True, text=True,
                             check=True).stdout
    vals = {}
    for line in out.splitlines():
        k, v = line.split(" ", 1)
        vals[k] = v if k in strings else int(v)
    return vals


def type_comments(header):
    """{enumerator: YNL type} from the comments after the enumerators."""
    out = {}
    with open(header) as f:
        for line in f:
            m = re.match(r"\s*([A-Z_][A-Z0-9_]*)\s*(?:=[^,]*)?,\s*/\*\s*([A-Za-z_0-9]+)",
                         line)
            if m and m.group(2) in COMMENT_TYPES:
                out[m.group(1)] = COMMENT_TYPES[m.group(2)]
    return out


def schema_check(spec):
    bad = []

    def keys(obj, kind, where, required=()):
        if not isinstance(obj, dict):
            bad.append(f"{where}: not a mapping")
            return False
        for k in obj:
            if k not in SCHEMA[kind]:
                bad.append(f"{where}: unknown key '{k}'")
        for k in required:
            if k not in obj:
                bad.append(f"{where}: '{k}' missing")
        return all(k in obj for k in required)

    # The parts the rest relies on: stop at the first malformed one.
    if not keys(spec, "top", "top", ("name", "doc", "attribute-sets", "operations")):
        return bad
    for i, d in enumerate(spec.get("definitions", [])):
        if not keys(d, "definition", f"definition #{i + 1}", ("name", "type")):
            return bad
    for i, s in enumerate(spec["attribute-sets"]):
        if not keys(s, "set", f"set #{i + 1}", ("name", "attributes")):
            return bad
        for j, a in enumerate(s["attributes"]):
            if not keys(a, "attr", f"set {s['name']} attr #{j + 1}",
                        ("name",) if "subset-of" in s else ("name", "type")):
                return bad
    if not keys(spec["operations"], "operations", "operations", ("list",)):
        return bad
    for i, op in enumerate(spec["operations"]["list"]):
        if not keys(op, "op", f"op #{i + 1}", ("name",)):
            return bad

    if spec.get("protocol") != "genetlink-legacy":
        bad.append("protocol is not genetlink-legacy")
    for d in spec.get("definitions", []):
        keys(d, "definition", f"definition {d.get('name')}")
        if d.get("type") not in ("const", "enum", "flags"):
            bad.append(f"definition {d.get('name')}: type {d.get('type')}")
        for e in d.get("entries", []):
            if isinstance(e, dict):
                keys(e, "entry", f"definition {d.get('name')} entry")
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    defs = {d["name"]: d for d in spec.get("definitions", [])}
    for s in spec["attribute-sets"]:
        keys(s, "set", f"set {s['name']}")
        parent = sets.get(s.get("subset-of")) if "subset-of" in s else None
        if "subset-of" in s and parent is None:
            bad.append(f"set {s['name']}: subset of unknown {s['subset-of']}")
        for a in s["attributes"]:
            w = f"set {s['name']} attr {a.get('name')}"
            keys(a, "attr", w)
            if parent is not None:
                if a["name"] not in [p["name"] for p in parent["attributes"]]:
                    bad.append(f"{w}: not in {parent['name']}")
                continue
            if a.get("type") not in ATTR_TYPES:
                bad.append(f"{w}: type {a.get('type')}")
            if (a.get("type") == "nest") != ("nested-attributes" in a):
                bad.append(f"{w}: nest without nested-attributes or the reverse")
            if "nested-attributes" in a and a["nested-attributes"] not in sets:
                bad.append(f"{w}: unknown set {a['nested-attributes']}")
            if "enum" in a and a["enum"] not in defs:
                bad.append(f"{w}: unknown enum {a['enum']}")
            if "checks" in a:
                keys(a["checks"], "checks", w + " checks")
    groups = [g["name"] for g in spec.get("mcast-groups", {}).get("list", [])]
    for g in spec.get("mcast-groups", {}).get("list", []):
        keys(g, "mcgrp", f"mcast group {g.get('name')}")
    keys(spec["operations"], "operations", "operations")
    for op in spec["operations"]["list"]:
        w = f"op {op.get('name')}"
        keys(op, "op", w)
        if "doc" not in op:
            bad.append(f"{w}: no doc")
        aset = sets.get(op.get("attribute-set"))
        if aset is None:
            bad.append(f"{w}: unknown attribute-set {op.get('attribute-set')}")
            continue
        names = [a["name"] for a in aset["attributes"]]
        msgs = []
        for sub in ("do", "dump"):
            if sub in op:
                keys(op[sub], "subop", f"{w} {sub}")
                for part in ("request", "reply"):
                    if part in op[sub]:
                        keys(op[sub][part], "msg", f"{w} {sub} {part}")
                        msgs += op[sub][part].get("attributes", [])
        if "event" in op:
            keys(op["event"], "msg", f"{w} event")
            msgs += op["event"].get("attributes", [])
            if op.get("mcgrp") not in groups:
                bad.append(f"{w}: unknown mcgrp {op.get('mcgrp')}")
        for m in msgs:
            if m not in names:
                bad.append(f"{w}: attribute {m} not in set {aset['name']}")
    return bad


def print_consts(spec, header):
    names = {}
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            names[c_upper(d.get("name-prefix", spec["name"] + "-") + d["name"])] = d
    hdrs = [header] + sorted({find_header(d["header"]) for d in names.values()
                              if "header" in d})
    vals = values(hdrs, list(names), [])
    for n in names:
        print(n, vals[n])
    return 0


def main():
    args = sys.argv[1:]
    consts = args[:1] == ["--consts"]
    if consts:
        args = args[1:]
    spec_path = args[0] if args else os.path.join(
        TOP, "kmod", "uapi", "p2pfence.yaml")
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    header = args[1] if len(args) > 1 else os.path.join(
        TOP, spec.get("uapi-header", "kmod/uapi/p2pfence.h"))
    if consts:
        return print_consts(spec, header)

    bad = schema_check(spec)
    result(not bad, "uapi-spec: schema (genetlink-legacy keys, references)",
           "; ".join(bad[:10]))
    if bad:
        return 1

    family = spec["name"]
    defs = {d["name"]: d for d in spec.get("definitions", [])}
    sets = {s["name"]: s for s in spec["attribute-sets"]}

    # What the header has: #defines, enums, and (below) their values.
    hmacros = macros(header)
    henums = enums(header)
    guard = [m for m, v in hmacros.items() if v == "" and m.endswith("_H")]
    hmacros = {m: v for m, v in hmacros.items() if m not in guard}
    extra_headers = sorted({d["header"] for d in defs.values() if "header" in d})
    xenums, xmacros = {}, set()
    for h in extra_headers:
        xenums.update(enums(find_header(h)))
        xmacros.update(macros(find_header(h)))

    # claims[C name] = (expected value, what in the spec says so); strings
    # for string macros. Every claim must hold in the header.
    claims, conflicts = {}, []

    def claim(name, value, what):
        if name in claims and claims[name][0] != value:
            conflicts.append(f"{name}: {claims[name][1]} says {claims[name][0]}, "
                             f"{what} says {value}")
        claims[name] = (value, what)

    claim(c_upper(spec["c-family-name"]), family, "family name")
    claim(c_upper(spec["c-version-name"]), spec.get("version", 1), "version")
    for g in spec.get("mcast-groups", {}).get("list", []):
        claim(c_upper(g.get("c-define-name", f"{family}-mcgrp-{g['name']}")),
              g["name"], f"mcast group {g['name']}")

    # Which C enum each part of the spec is: {tag: [(name, value), ...]}.
    spec_enums = {}
    enum_where = {}

    # Definitions.
    def_c = {}	# definition name -> C name (consts) or entry values
    for d in spec.get("definitions", []):
        pfx = d.get("name-prefix", f"{family}-{d['name']}-" if d["type"] != "const" else f"{family}-")
        if d["type"] == "const":
            def_c[d["name"]] = c_upper(pfx + d["name"])
            claim(c_upper(pfx + d["name"]), d["value"], f"const {d['name']}")
            continue
        entries, val = [], d.get("value-start", 0)
        for e in d["entries"]:
            e = e if isinstance(e, dict) else {"name": e}
            val = e.get("value", val)
            v = (1 << val) if d["type"] == "flags" else val
            entries.append((c_upper(pfx + e["name"]), v))
            val += 1
        d["_values"] = [v for _, v in entries]
        if d.get("render-max"):
            if d["type"] == "flags":
                mask = 0
                for _, v in entries:
                    mask |= v
                entries.append((c_upper(d.get("enum-max-name", pfx + "mask")), mask))
            else:
                last = entries[-1][1]
                entries.append((c_upper(d.get("enum-cnt-name", "--" + pfx + "max")), last + 1))
                if "enum-max-name" in d:
                    claim(c_upper(d["enum-max-name"]), last, f"enum {d['name']} max")
        tag = c_lower(d.get("enum-name", f"{family}-{d['name']}"))
        spec_enums[tag] = entries
        enum_where[tag] = ("header " + d["header"]) if "header" in d else "header"

    # Attribute sets with a C enum of their own; the others claim names.
    types = type_comments(header)
    type_bad = []
    for s in spec["attribute-sets"]:
        if "subset-of" in s:
            continue
        pfx = s.get("name-prefix", f"{family}-a-{s['name']}-")
        entries, val = [], 1
        for a in s["attributes"]:
            val = a.get("value", val)
            cname = c_upper(a.get("name-prefix", pfx) + a["name"])
            entries.append((cname, val))
            want = types.get(cname)
            if a["type"] == "unused" and cname.endswith("_UNSPEC"):
                want = "unused"
            elif a["type"] == "pad" and cname.endswith("_PAD"):
                want = "pad"
            if want != a["type"]:
                type_bad.append(f"{cname}: spec {a['type']}, header "
                                f"{want or 'says no type'}")
            val += 1
        if "enum-name" not in s:
            for cname, v in entries:
                claim(cname, v, f"set {s['name']}")
            continue
        last = entries[-1][1]
        entries.append((c_upper(s.get("attr-cnt-name", "--" + pfx + "max")), last + 1))
        claim(c_upper(s.get("attr-max-name", pfx + "max")), last, f"set {s['name']} max")
        spec_enums[c_lower(s["enum-name"])] = entries
        enum_where[c_lower(s["enum-name"])] = "header"
    result(not type_bad, "uapi-spec: attribute types (spec vs header comments)",
           "; ".join(type_bad))

    # Operations: values from 1 (0 is the header's UNSPEC).
    ops = spec["operations"]
    opfx = ops.get("name-prefix", f"{family}-cmd-")
    entries, val = [(c_upper(opfx + "unspec"), 0)], 1
    for op in ops["list"]:
        val = op.get("value", val)
        entries.append((c_upper(opfx + op["name"]), val))
        val += 1
    last = entries[-1][1]
    entries.append((c_upper(spec.get("cmd-cnt-name", "--" + opfx + "max")), last + 1))
    claim(c_upper(spec.get("cmd-max-name", opfx + "max")), last, "commands max")
    spec_enums[c_lower(ops.get("enum-name", f"{family}-cmd"))] = entries
    enum_where[c_lower(ops.get("enum-name", f"{family}-cmd"))] = "header"

    # Every enum: the same tag, the same names in the same order, and (in
    # values() below) the same values.
    for tag, entries in spec_enums.items():
        src = henums if enum_where[tag] == "header" else xenums
        got = src.get(tag)
        names = [n for n, _ in entries]
        if got is None:
            result(False, f"uapi-spec: enum {tag}", f"not in the {enum_where[tag]}")
        elif got != names:
            only_h = [n for n in got if n not in names]
            only_s = [n for n in names if n not in got]
            result(False, f"uapi-spec: enum {tag}",
                   f"header only {only_h}, spec only {only_s}"
                   + ("" if only_h or only_s else ", order differs"))
        for n, v in entries:
            claim(n, v, f"enum {tag}")

    # Every enum and #define of the header is in the spec.
    stray = [t for t in henums if t not in spec_enums]
    stray += [m for m in hmacros if m not in claims]
    result(not stray, "uapi-spec: every enum and #define of the header is in the spec",
           f"not in the spec: {stray}")

    # Values, from the compiler.
    strings = [n for n, (v, _) in claims.items() if isinstance(v, str)]
    ints = [n for n, (v, _) in claims.items() if not isinstance(v, str)]
    known = set(hmacros) | xmacros
    for src in (henums, xenums):
        for names in src.values():
            known.update(names)
    missing = [n for n in claims if n not in known]
    result(not missing, "uapi-spec: every name of the spec is in the header",
           f"not in the header: {missing}")
    if missing:
        return 1
    hdrs = [header] + [find_header(h) for h in extra_headers]
    vals = values(hdrs, ints, strings)
    wrong = conflicts + [f"{n}: spec {v} ({w}), header {vals.get(n)}"
                         for n, (v, w) in claims.items() if vals.get(n) != v]
    result(not wrong, f"uapi-spec: values ({len(claims)} names: commands, "
           "attributes, enums, limits, family, group)", "; ".join(wrong))

    # Checks: the names they use exist; ranges agree with the limits and
    # the enums they are about.
    bad = []
    consts = {d["name"]: d["value"] for d in defs.values() if d["type"] == "const"}
    for s in spec["attribute-sets"]:
        for a in s["attributes"]:
            ch = a.get("checks", {})
            w = f"{s['name']}.{a['name']}"
            for k, v in ch.items():
                if k == "flags-mask":
                    if v not in defs or defs[v]["type"] != "flags":
                        bad.append(f"{w}: flags-mask {v} is no flags definition")
                elif isinstance(v, str):
                    m = re.fullmatch(r"([0-9A-Za-z_-]+)( - 1)?", v)
                    cn = c_upper(m.group(1)) if m else None
                    if cn not in vals:
                        bad.append(f"{w}: {k} {v}: no such constant")
            if "enum" in a and not a.get("enum-as-flags") and "max" in ch:
                if ch["max"] != max(defs[a["enum"]]["_values"]):
                    bad.append(f"{w}: max {ch['max']} is not the last {a['enum']}")
            if a.get("type") in INT_TYPES:
                for end in ("min", "max"):
                    c = f"{a['name']}-{end}"
                    if c in consts and ch.get(end) != consts[c]:
                        bad.append(f"{w}: {end} {ch.get(end)}, const {c} {consts[c]}")
                    if (c not in consts and end == "min" and f"{a['name']}-max" in consts
                            and ch.get("min", 0) != 0):
                        bad.append(f"{w}: min {ch['min']} without a const {c}")
    result(not bad, "uapi-spec: attribute checks agree with the limits and enums",
           "; ".join(bad))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError, KeyError,
            yaml.YAMLError) as e:
        print(f"FAIL: uapi-spec: {type(e).__name__}: {e}")
        sys.exit(1)
