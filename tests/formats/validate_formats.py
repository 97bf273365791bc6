#!/usr/bin/env python3
"""Validates goescape's reviewer-annotation formats with outside validators.

One run checks one --format on one --input:
  hostile   hand-built reports full of injection attempts, rendered by render_report
  crafted   `goescape parse` over a temp tree with hostile file names and Go sources
  samples   `goescape parse` over the captured logs in samples/logs
  multitool SARIF of all three, checked by Microsoft's SARIF Multitool

Exit 0 = pass, 1 = fail, 77 = skip (missing schemas, jsonschema, binary or
input). Nothing here uses the network.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

SKIP = 77
FAILURES = []


def fail(message):
    FAILURES.append(message)


def skip(message):
    print("SKIP: " + message)
    sys.exit(SKIP)


# ---------------------------------------------------------------- hostile input

HOSTILE_TEXT = [
    "plain",
    "::error file=x,line=1::injected",
    "line one\n::warning::second line\r\nthird",
    "100% of %0A and %25, a:b, c=d",
    "<script>alert(1)</script>",
    "]]><!-- &amp; &lt; \"quoted\" 'single'",
    "nul\x00byte and \x01\x07\x1b[31mescape\x7f",
    "| pipe | `back`tick` **bold** [link](http://x) @user #123",
    "\u2028sep\u2029 \u0085nel",
    "caf\u00e9 \U0001F600 \u65e5\u672c",
]
# Raw bytes that are not UTF-8, carried through JSON as latin-1 code points.
INVALID_UTF8 = [b"bad \xff\xfe byte", b"cut \xe2\x82", b"overlong \xc0\xaf"]

HOSTILE_FILES = [
    "dir with space/we,ird::name%0A.go",
    "a\nb.go",
    "<script>x</script>.go",
    "x]]>&amp;.go",
    "\u00fcn\u00efcode/\u0444\u0430\u0439\u043b.go",
    "ctl\x01\x1f.go",
    "q?h#frag[1].go",
    "c:colon,comma.go",
]


def latin1(data):
    return data.decode("latin-1")


def hostile_report():
    """A report whose every text field is hostile, plus a catalog."""
    texts = [t.encode("utf-8") for t in HOSTILE_TEXT] + INVALID_UTF8
    files = [f.encode("utf-8") for f in HOSTILE_FILES] + [b"inv\xffalid.go"]
    findings = []
    for i in range(24):
        text = texts[i % len(texts)]
        file = files[i % len(files)]
        kind = ["moved_to_heap", "escapes_to_heap", "source_pattern", "leaking_param"][i % 4]
        source = b"\tx := caf\xc3\xa9(\xf0\x9f\x98\x80, " + text + b")"
        expr = b"x" if i % 3 == 0 else text
        finding = {
            "kind": kind,
            "file": latin1(file),
            "line": 10 + i,
            "col": 2 if i % 5 else 0,
            "message": None if kind == "source_pattern" else latin1(b"moved to heap: " + text),
            "expr": latin1(expr),
            "package": latin1(b"example.com/m/" + text),
            "function": latin1(b"example.com/m/pkg.F" + text) if i % 6 else None,
            "flow": [
                {"reason": latin1(text), "text": latin1(b"&" + text), "file": latin1(file),
                 "line": 11 + i, "col": 3},
                {"reason": "return", "text": "return &x", "file": "", "line": 0, "col": 0},
            ] if i % 2 == 0 else [],
            "pattern": ["p-one", None, "unknown-pattern", None][i % 4],
            "playbook": "9.1" if i % 4 == 0 else None,
            "suggestion": latin1(b"Suggestion with " + text + b"\nsecond line") if i % 3 else None,
            "profile": {"alloc_space": 1000 * i, "alloc_objects": i} if i % 4 == 1 else None,
            # Duplicates on purpose: codeclimate must disambiguate.
            "fingerprint": latin1(b"fp" + bytes([48 + i % 5])) if i % 7 else "",
            "source_line": latin1(source),
        }
        if i % 3 and i % 2 == 0:
            # A drop-in replacement of "x :" whose text is hostile too (the
            # invalid UTF-8 ones must not be offered at all).
            finding["fix"] = {
                "edits": [{"file": latin1(file), "line": 10 + i, "col": 2, "end_line": 10 + i,
                           "end_col": 5, "text": latin1(text)}],
                "verified": {"builds": True, "escape_gone": True, "tests": "not_run"}}
        findings.append(finding)
    # A finding whose column sits after astral characters: UTF-16 differs.
    findings.append({
        "kind": "moved_to_heap", "file": "utf16.go", "line": 3, "col": 13,
        "message": "moved to heap: y", "expr": "y", "package": "example.com/m",
        "function": "example.com/m.G", "flow": [], "pattern": None, "playbook": None,
        "suggestion": None, "profile": None, "fingerprint": "utf16",
        "source_line": latin1("\t\U0001F600\u00e9 := 1; y".encode("utf-8")),
    })
    catalog = [{
        "id": "p-one", "title": latin1(b"Title <b>" + INVALID_UTF8[0]),
        "playbook": "9.1", "description": HOSTILE_TEXT[5] + " " + HOSTILE_TEXT[1],
        "suggestion": HOSTILE_TEXT[2], "before": "x := &T{}\n```\n<script>",
        "after": "var x T", "when_not": HOSTILE_TEXT[3],
    }]
    return {
        "latin1": True,
        "schema": "goescape/report/v1",
        "tool": {"name": "goescape", "version": "0.1.0"},
        "go": {"version": "go1.26.8", "flags": "-m=2"},
        "root": "/tmp/root",
        "findings": findings,
        "functions": [],
        "summary": {},
        "diagnostics": [],
        "catalog": catalog,
    }


def applicable_text(text):
    """Whether a latin-1 carried fix text is valid UTF-8 (else it is not offered)."""
    try:
        raw(text).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def applicable_fix(finding):
    """Whether a finding's fix can be offered: every edit's text and file valid UTF-8."""
    return all(applicable_text(e["text"]) and applicable_text(e["file"])
               for e in finding["fix"]["edits"])


def raw(text):
    """The bytes a latin-1 carried string stands for."""
    return text.encode("latin-1")


def decoded(data):
    """What a renderer should print for raw bytes: invalid UTF-8 replaced."""
    return data.decode("utf-8", errors="replace")


def is_control(c):
    o = ord(c)
    return o < 0x20 or 0x7F <= o <= 0x9F or o in (0x2028, 0x2029)


# ---------------------------------------------------------------- renderers

def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, timeout=100, **kwargs)


def render_hostile(args, fmt, extra=()):
    os.makedirs(args.work, exist_ok=True)
    path = os.path.join(args.work, "hostile.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(hostile_report(), f)
    if not os.path.exists(args.render):
        skip("render_report not built: " + args.render)
    proc = run([args.render, fmt, path, *extra])
    if proc.returncode != 0:
        fail("render_report failed: " + proc.stderr.decode(errors="replace"))
    return proc.stdout


def goescape_parse(args, fmt, root, log):
    if not os.path.exists(args.goescape):
        skip("goescape not built: " + args.goescape)
    proc = run([args.goescape, "parse", "--format", fmt, "-C", root, log])
    if proc.returncode != 0:
        fail("goescape parse --format %s -C %s %s: exit %d: %s" % (
            fmt, root, log, proc.returncode, proc.stderr.decode(errors="replace")[:2000]))
    return proc.stdout


CRAFTED_FILES = [
    "we,ird::name.go",
    "sp ace%0A.go",
    "x]]>&amp;<b>.go",
    "\u00fcn\u00efcode.go",
]


def crafted_tree(work):
    """A module whose files have hostile names and non-ASCII lines, and a
    -m=2 log about them."""
    root = os.path.join(work, "crafted")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    with open(os.path.join(root, "go.mod"), "w") as f:
        f.write("module example.com/m\n\ngo 1.21\n")
    log = ["# example.com/m"]
    for name in CRAFTED_FILES:
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            f.write("package m\n\n// \u00e9\U0001F600 <script>::error::x</script>\n"
                    "func F() *int {\n\t/*\U0001F600*/ x := 1\n\treturn &x\n}\n")
        log += [
            "./%s:5:20: x escapes to heap:" % name,
            "./%s:5:20:   flow: ~r0 = &x:" % name,
            "./%s:5:20:     from &x (address-of) at ./%s:6:9" % (name, name),
            "./%s:5:20: moved to heap: x" % name,
            "./%s:4:6: can inline F" % name,
        ]
    log_path = os.path.join(work, "crafted.log")
    with open(log_path, "w", encoding="utf-8") as f:
        f.write("\n".join(log) + "\n")
    return root, log_path


def sample_logs(samples):
    logs = []
    base = os.path.join(samples, "logs")
    if os.path.isdir(base):
        for version in sorted(os.listdir(base)):
            path = os.path.join(base, version, "m2.txt")
            if os.path.isfile(path):
                logs.append(path)
    return logs


# ---------------------------------------------------------------- validators

def load_schema(args, *parts):
    path = os.path.join(args.shared, "schemas", *parts)
    if not os.path.isfile(path):
        skip("schema not found: " + path)
    with open(path, encoding="utf-8") as f:
        return json.load(f), path


def validator(args, *parts):
    try:
        import jsonschema
    except ImportError:
        skip("python3 jsonschema missing (Debian: apt-get install python3-jsonschema)")
    schema, _ = load_schema(args, *parts)
    # Every $ref in these schemas is local ("#/definitions/..."); the schema's
    # own "id" is its base, so nothing is fetched.
    return jsonschema.Draft4Validator(schema)


def schema_errors(v, instance, where):
    for error in sorted(v.iter_errors(instance), key=lambda e: list(e.path)):
        fail("%s: schema: %s at %s" % (where, error.message[:300], list(error.absolute_path)))


def check_sarif(args, out, expect=None):
    try:
        log = json.loads(out)
    except ValueError as e:
        return fail("sarif: not JSON: %s" % e)
    schema_errors(validator(args, "sarif-schema-2.1.0.json"), log, "sarif")
    # GitHub code scanning's extra requirements (ANNOTATIONS.md §1.2, §1.9).
    if not log.get("$schema", "").endswith("sarif-2.1.0.json"):
        fail("sarif: $schema")
    run0 = log["runs"][0]
    if not isinstance(run0.get("results"), list):
        fail("sarif: run without a results array")
    if run0.get("columnKind") != "utf16CodeUnits":
        fail("sarif: columnKind")
    driver = run0["tool"]["driver"]
    for key in ("name", "version", "rules"):
        if not driver.get(key):
            fail("sarif: driver." + key)
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        fail("sarif: duplicate rule ids")
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            text = r.get(key, {}).get("text", "")
            if not text or (key != "help" and len(text) > 1024):
                fail("sarif: rule %s: %s" % (r["id"], key))
        if len(r.get("properties", {}).get("tags", [])) > 20:
            fail("sarif: rule %s: more than 20 tags" % r["id"])
    fixed = 0
    for i, res in enumerate(run0["results"]):
        where = "sarif: results[%d]" % i
        if res["ruleId"] not in ids or ids[res["ruleIndex"]] != res["ruleId"]:
            fail(where + ": ruleId/ruleIndex do not resolve")
        if not res["message"].get("text"):
            fail(where + ": empty message")
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        if re.search(r"[^A-Za-z0-9\-._~/!$&'()*+,;=@%:]", uri):
            fail(where + ": uri not percent-encoded: %r" % uri)
        if urllib.parse.urlsplit(uri).scheme not in ("", "file"):
            fail(where + ": uri %r parses with a scheme" % uri)
        region = loc["region"]
        if "startColumn" in region and "endColumn" not in region:
            fail(where + ": startColumn without endColumn")
        if not res.get("partialFingerprints") and expect is None:
            fail(where + ": no partialFingerprints")
        for fix in res.get("fixes", []):
            fixed += 1
            for change in fix.get("artifactChanges", []):
                if re.search(r"[^A-Za-z0-9\-._~/!$&'()*+,;=@%:]",
                             change["artifactLocation"]["uri"]):
                    fail(where + ": fix uri not percent-encoded")
                for rep in change.get("replacements", []):
                    dr = rep["deletedRegion"]
                    start = (dr.get("startLine", 0), dr.get("startColumn", 0))
                    end = (dr.get("endLine", 0), dr.get("endColumn", 0))
                    if start[0] < 1 or start[1] < 1 or end < start:
                        fail(where + ": a reversed or unplaced fix region")
    if expect is not None:
        findings = [f for f in expect["findings"]
                    if f["kind"] in ("moved_to_heap", "escapes_to_heap", "source_pattern")]
        if len(findings) != len(run0["results"]):
            fail("sarif: %d results for %d findings" % (len(run0["results"]), len(findings)))
        fixes = [f for f in findings if f.get("fix") and f.get("suggestion") and
                 f.get("source_line") and applicable_fix(f)]
        if fixed != len(fixes):
            fail("sarif: %d fixes for %d applicable ones" % (fixed, len(fixes)))
        uris = {urllib.parse.unquote_to_bytes(r["locations"][0]["physicalLocation"]
                                               ["artifactLocation"]["uri"])
                for r in run0["results"]}
        for f in findings:
            if raw(f["file"]) not in uris:
                fail("sarif: file %r does not round-trip through the uri" % f["file"])
        for r in run0["results"]:
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "utf16.go":
                region = r["locations"][0]["physicalLocation"]["region"]
                # "\t😀é := 1; y": y is byte column 13, UTF-16 column 10.
                if (region.get("startColumn"), region.get("endColumn")) != (10, 11):
                    fail("sarif: UTF-16 columns wrong: %r" % region)


def parse_workflow_command(line):
    """The Actions runner's parser (ActionCommand.TryParseV2), returning
    (command, {property: value}, data) or None when not a command."""
    stripped = line.strip()
    if not stripped.startswith("::"):
        return None
    end = stripped.find("::", 2)
    if end < 0:
        return None
    head, data = stripped[2:end], stripped[end + 2:]
    name, _, props_text = head.partition(" ")
    props = {}
    for part in props_text.split(","):
        if not part:
            continue
        key, eq, value = part.partition("=")
        if not eq:
            return None
        props[key] = unescape_command(value, True)
    return name.lower(), props, unescape_command(data, False)


def unescape_command(text, prop):
    maps = [("%0D", "\r"), ("%0A", "\n")]
    if prop:
        maps += [("%3A", ":"), ("%2C", ",")]
    maps.append(("%25", "%"))
    for a, b in maps:
        text = text.replace(a, b)
    return text


def expected_command_text(data):
    """What github_property/github_data keep of raw bytes: valid UTF-8 with
    control characters other than TAB, CR, LF replaced."""
    return "".join("\ufffd" if is_control(c) and c not in "\t\r\n" else c for c in decoded(data))


def check_github(args, out, expect=None, cap=10):
    text = out.decode("utf-8")
    if "\r" in text:
        fail("github: raw CR in output")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    files = []
    summaries = 0
    for n, line in enumerate(lines, 1):
        parsed = parse_workflow_command(line)
        if parsed is None:
            fail("github: line %d is not a workflow command: %r" % (n, line[:200]))
            continue
        name, props, data = parsed
        if name not in ("warning", "notice", "error"):
            fail("github: line %d: unexpected command %r" % (n, name))
        unknown = set(props) - {"file", "line", "col", "endColumn", "endLine", "title"}
        if unknown:
            fail("github: line %d: injected properties %r" % (n, unknown))
        if "file" in props:
            files.append(props["file"])
        else:
            summaries += 1
        if len(data) > 4096:
            fail("github: line %d: message over 4096 characters" % n)
    if summaries > 1:
        fail("github: %d summary lines" % summaries)
    if expect is not None:
        findings = [f for f in expect["findings"]
                    if f["kind"] in ("moved_to_heap", "escapes_to_heap", "source_pattern")]
        shown = min(len(findings), cap)
        if len(files) != shown or summaries != (1 if len(findings) > shown else 0):
            fail("github: %d annotations + %d summaries for %d findings (cap %d)" % (
                len(files), summaries, len(findings), cap))
        wanted = {expected_command_text(raw(f["file"])) for f in findings}
        for file in files:
            if file not in wanted:
                fail("github: file property %r does not round-trip" % file)


def check_rdjsonl(args, out, expect=None):
    v = validator(args, "rdf", "Diagnostic.json")
    suggested = 0
    lines = out.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if len(line.encode("utf-8")) >= 64 * 1024:
            fail("rdjsonl: line %d is 64 KiB or longer" % n)
        try:
            d = json.loads(line)
        except ValueError as e:
            fail("rdjsonl: line %d: not JSON: %s" % (n, e))
            continue
        schema_errors(v, d, "rdjsonl line %d" % n)
        if "suggestions" in d:
            suggested += 1
            for s in d["suggestions"]:
                r = s.get("range", {})
                start = (r.get("start", {}).get("line", 0), r.get("start", {}).get("column", 0))
                end = (r.get("end", {}).get("line", 0), r.get("end", {}).get("column", 0))
                if start[0] < 1 or start[1] < 1 or end < start:
                    fail("rdjsonl: line %d: a reversed or unplaced suggestion range" % n)
        if not d.get("location", {}).get("range", {}).get("start", {}).get("line"):
            fail("rdjsonl: line %d: no start line" % n)
    if expect is not None:
        findings = [f for f in expect["findings"]
                    if f["kind"] in ("moved_to_heap", "escapes_to_heap", "source_pattern")]
        if len(lines) != len(findings):
            fail("rdjsonl: %d lines for %d findings" % (len(lines), len(findings)))
        fixes = [f for f in findings if f.get("fix") and f.get("suggestion") and
                 applicable_fix(f)]
        if suggested != len(fixes):
            fail("rdjsonl: %d diagnostics with suggestions for %d applicable fixes"
                 % (suggested, len(fixes)))


def check_codeclimate(args, out, expect=None):
    if out.startswith(b"\xef\xbb\xbf"):
        fail("codeclimate: BOM")
    v = validator(args, "gitlab", "codeclimate.json")
    try:
        entries = json.loads(out)
    except ValueError as e:
        return fail("codeclimate: not JSON: %s" % e)
    if not isinstance(entries, list):
        return fail("codeclimate: not an array")
    prints = [e.get("fingerprint") for e in entries]
    if len(prints) != len(set(prints)):
        fail("codeclimate: duplicate fingerprints")
    for i, e in enumerate(entries):
        schema_errors(v, e, "codeclimate[%d]" % i)
        if e.get("severity") not in ("info", "minor", "major", "critical", "blocker"):
            fail("codeclimate[%d]: severity %r" % (i, e.get("severity")))
        if "\n" in e.get("description", ""):
            fail("codeclimate[%d]: multi-line description" % i)
    if expect is not None:
        findings = [f for f in expect["findings"]
                    if f["kind"] in ("moved_to_heap", "escapes_to_heap", "source_pattern")]
        if len(entries) != len(findings):
            fail("codeclimate: %d entries for %d findings" % (len(entries), len(findings)))


def xml_expected(data):
    """What xml_escape keeps of raw bytes, as a parser reads it back."""
    out = []
    for c in decoded(data):
        o = ord(c)
        legal = c in "\t\n\r" or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000
        out.append(c if legal else "\ufffd")
    return "".join(out)


def check_checkstyle(args, out, expect=None):
    if shutil.which("xmllint"):
        proc = subprocess.run(["xmllint", "--noout", "-"], input=out, capture_output=True)
        if proc.returncode != 0:
            fail("checkstyle: xmllint: " + proc.stderr.decode(errors="replace")[:1000])
    try:
        root = ET.fromstring(out)
    except ET.ParseError as e:
        return fail("checkstyle: not well-formed: %s" % e)
    if root.tag != "checkstyle":
        fail("checkstyle: root element %r" % root.tag)
    names = []
    errors = 0
    for file in root:
        if file.tag != "file" or set(file.attrib) != {"name"}:
            fail("checkstyle: unexpected element %r %r" % (file.tag, file.attrib))
        names.append(file.get("name"))
        for error in file:
            errors += 1
            if error.tag != "error" or len(error):
                fail("checkstyle: unexpected element %r" % error.tag)
            if not set(error.attrib) <= {"line", "column", "severity", "message", "source"}:
                fail("checkstyle: unexpected attributes %r" % error.attrib)
            if error.get("severity") not in ("error", "warning", "info"):
                fail("checkstyle: severity %r" % error.get("severity"))
            if not error.get("source", "").startswith("goescape."):
                fail("checkstyle: source %r" % error.get("source"))
    if expect is not None:
        findings = [f for f in expect["findings"]
                    if f["kind"] in ("moved_to_heap", "escapes_to_heap", "source_pattern")]
        if errors != len(findings):
            fail("checkstyle: %d errors for %d findings" % (errors, len(findings)))
        # Attribute text round-trips exactly (illegal characters replaced).
        wanted = {xml_expected(raw(f["file"])) for f in findings}
        if set(names) != wanted:
            fail("checkstyle: file names do not round-trip: %r vs %r" % (
                sorted(set(names) - wanted), sorted(wanted - set(names))))


def check_markdown(args, out, expect=None):
    text = out.decode("utf-8")
    # The only HTML allowed is goescape's own folding of cold code.
    bare = re.sub(r"</?details>|</?summary>", "", text)
    if "<" in bare:
        at = bare.index("<")
        fail("markdown: raw '<' at %r" % bare[max(0, at - 40):at + 40])
    if text.count("<details>") != text.count("</details>"):
        fail("markdown: unbalanced <details>")
    if len(text) > 65536:
        fail("markdown: %d characters, over GitHub's comment limit" % len(text))
    for n, line in enumerate(text.split("\n"), 1):
        if any(is_control(c) for c in line):
            fail("markdown: line %d has a control character" % n)
        if line.startswith("#") and not re.match(r"#{3,4} ", line):
            fail("markdown: line %d is an unexpected heading: %r" % (n, line[:100]))
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            if not 3 <= len(cells) <= 6:
                fail("markdown: line %d has %d cells: %r" % (n, len(cells), line[:200]))
    if re.search(r"(?<![\\\u2060])@[A-Za-z]", text) or re.search(r"#[0-9]", text):
        fail("markdown: an @mention or #issue reference survived")


CHECKS = {
    "sarif": check_sarif,
    "github": check_github,
    "rdjsonl": check_rdjsonl,
    "checkstyle": check_checkstyle,
    "codeclimate": check_codeclimate,
    "markdown": check_markdown,
}


# ---------------------------------------------------------------- multitool

def multitool(args):
    tool = args.multitool or shutil.which("sarif-multitool") or ""
    if not tool or not os.path.exists(tool):
        skip("SARIF Multitool not installed (tests/formats/install-sarif-multitool.sh)")
    # The npm wrapper runs the executable through a shell without quoting.
    native = os.path.join(os.path.dirname(os.path.realpath(tool)), "..", "..",
                          "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
    if os.path.basename(tool) == "sarif-multitool" and os.path.exists(native):
        tool = native
    paths = []
    os.makedirs(args.work, exist_ok=True)
    sources = [("hostile", lambda: render_hostile(args, "sarif"))]
    if os.path.exists(args.goescape):
        root, log = crafted_tree(args.work)
        sources.append(("crafted", lambda: goescape_parse(args, "sarif", root, log)))
        for log_path in sample_logs(args.samples):
            sources.append((os.path.basename(os.path.dirname(log_path)),
                            lambda p=log_path: goescape_parse(args, "sarif", args.samples, p)))
    for name, produce in sources:
        path = os.path.join(args.work, "multitool-%s.sarif" % name)
        with open(path, "wb") as f:
            f.write(produce())
        paths.append(path)
    for path in paths:
        out = path + ".validation.sarif"
        proc = run([tool, "validate", "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--output", out, path])
        text = proc.stdout.decode(errors="replace")
        errors = [l for l in text.splitlines() if re.search(r": error ", l)]
        if proc.returncode != 0 or errors:
            fail("multitool %s: exit %d\n%s" % (path, proc.returncode, "\n".join(errors) or text))
        else:
            print("multitool %s: ok (%d guidance lines)" % (
                os.path.basename(path), sum(1 for l in text.splitlines() if ": warning " in l)))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", required=True, choices=sorted(CHECKS))
    ap.add_argument("--input", required=True,
                    choices=["hostile", "crafted", "samples", "multitool"])
    ap.add_argument("--shared", required=True)
    ap.add_argument("--render", required=True)
    ap.add_argument("--goescape", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--multitool", default="")
    args = ap.parse_args()
    args.work = os.path.join(args.work, args.format + "-" + args.input)
    if not os.path.isdir(os.path.join(args.shared, "schemas")):
        skip("no schemas at %s/schemas" % args.shared)
    check = CHECKS[args.format]

    if args.input == "multitool":
        multitool(args)
    elif args.input == "hostile":
        report = hostile_report()
        if args.format == "github":
            # The default cap, an explicit one, and one above the count.
            for cap in (None, 3, 100):
                extra = [] if cap is None else ["--max-annotations", str(cap)]
                check(args, render_hostile(args, "github", extra), report, cap or 10)
        else:
            check(args, render_hostile(args, args.format), report)
    elif args.input == "crafted":
        with tempfile.TemporaryDirectory() as tmp:
            root, log = crafted_tree(tmp)
            check(args, goescape_parse(args, args.format, root, log))
    else:
        logs = sample_logs(args.samples)
        if not logs:
            skip("no samples/logs/*/m2.txt")
        for log in logs:
            check(args, goescape_parse(args, args.format, args.samples, log))

    if FAILURES:
        for message in FAILURES[:50]:
            print("FAIL: " + message)
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
