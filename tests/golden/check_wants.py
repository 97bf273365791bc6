#!/usr/bin/env python3
"""Checks a goescape JSON report against the `// want` comments in samples/.

Go's convention (x/tools analysistest, the compiler's test/ harness): a comment
`// want "re1" "re2"` on a source line lists regular expressions, each of which
must match the message of a diagnostic reported for that file and line. Text
between double quotes (or backquotes) is taken verbatim as the expression.

Two checks, both per file and line:
  1. every `// want` expression matches the message of some finding there;
  2. every heap finding (moved_to_heap, escapes_to_heap) in the module's own
     non-test sources is matched by a `// want` on its line, or by an entry of
     the allow-list (a release-dependent or otherwise explained verdict).

Exit status: 0 pass, 1 mismatches, 2 bad input.
"""

import argparse
import json
import os
import re
import sys

HEAP_KINDS = {"moved_to_heap", "escapes_to_heap"}
# Directories of samples/ that are not part of the annotated sample code.
SKIP_DIRS = {"logs", "patterns", "profile", "testdata"}
WANT_RE = re.compile(r"//\s*want\s+(.*)$")
QUOTED_RE = re.compile(r'"([^"]*)"|`([^`]*)`')


def release_key(name):
    m = re.match(r"go(\d+)\.(\d+)", name or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def release_matches(spec, release):
    """spec: '*', 'go1.25', 'go1.25+', '-go1.24' (up to and including), or a
    comma-separated list of those."""
    if spec == "*":
        return True
    rel = release_key(release)
    for part in spec.split(","):
        part = part.strip()
        if part.endswith("+"):
            lo = release_key(part[:-1])
            if rel and lo and rel >= lo:
                return True
        elif part.startswith("-"):
            hi = release_key(part[1:])
            if rel and hi and rel <= hi:
                return True
        elif rel and release_key(part) == rel:
            return True
    return False


def load_wants(src_dir, with_tests):
    """Returns {(relpath, line): [regexp text, ...]}."""
    wants = {}
    for dirpath, dirnames, filenames in os.walk(src_dir):
        rel_dir = os.path.relpath(dirpath, src_dir)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".go"):
                continue
            if name.endswith("_test.go") and not with_tests:
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.relpath(path, src_dir))
            with open(path, encoding="utf-8") as f:
                for lineno, text in enumerate(f, 1):
                    m = WANT_RE.search(text)
                    if not m:
                        continue
                    exprs = [b if b else a for a, b in QUOTED_RE.findall(m.group(1))]
                    if not exprs:
                        raise SystemExit(f"{rel}:{lineno}: `// want` without a quoted regexp")
                    wants[(rel, lineno)] = exprs
    return wants


def load_allow(path):
    """Each non-comment line: FILE:LINE RELEASES "REGEXP" REASON...
    LINE may be '*'. Returns a list of dicts."""
    entries = []
    if not path:
        return entries
    with open(path, encoding="utf-8") as f:
        for lineno, text in enumerate(f, 1):
            text = text.strip()
            if not text or text.startswith("#"):
                continue
            m = re.match(r'^(\S+):(\d+|\*)\s+(\S+)\s+"([^"]*)"\s+(.+)$', text)
            if not m:
                raise SystemExit(f"{path}:{lineno}: expected FILE:LINE RELEASES \"REGEXP\" REASON")
            entries.append({"file": m.group(1), "line": m.group(2), "releases": m.group(3),
                            "re": re.compile(m.group(4)), "where": f"{os.path.basename(path)}:{lineno}"})
    return entries


def finding_path(finding, root, src_dir):
    f = finding.get("file")
    if not f:
        return None
    if not os.path.isabs(f):
        f = os.path.join(root or src_dir, f)
    rel = os.path.relpath(os.path.normpath(f), src_dir)
    if rel.startswith(".."):
        return None
    return rel


def own_code(rel, src_dir, with_tests):
    """A Go file of the sample module on disk (not _testmain.go, not a
    directory of samples/ that is not sample code)."""
    if not rel.endswith(".go") or rel.split(os.sep)[0] in SKIP_DIRS:
        return False
    if not os.path.isfile(os.path.join(src_dir, rel)):
        return False
    return with_tests or not rel.endswith("_test.go")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", help="goescape --format json output")
    ap.add_argument("--src", required=True, help="the samples/ directory")
    ap.add_argument("--allow", help="allow-list file")
    ap.add_argument("--release", default="", help="Go release of the log, e.g. go1.25")
    ap.add_argument("--tests", action="store_true", help="the log includes _test.go files")
    args = ap.parse_args()

    src_dir = os.path.realpath(args.src)
    try:
        with open(args.report, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check_wants: cannot read report {args.report}: {e}", file=sys.stderr)
        return 2
    if not args.release:
        args.release = ((report.get("go") or {}).get("version")) or ""
    root = report.get("root")
    root = os.path.realpath(root) if root else src_dir

    wants = load_wants(src_dir, args.tests)
    allow = [a for a in load_allow(args.allow) if release_matches(a["releases"], args.release)]

    by_line = {}
    for fd in report.get("findings", []):
        rel = finding_path(fd, root, src_dir)
        if rel is None or fd.get("line") is None:
            continue
        by_line.setdefault((rel, fd["line"]), []).append(fd)

    errors = []
    checked = 0
    for (rel, line), exprs in sorted(wants.items()):
        msgs = [fd.get("message") or "" for fd in by_line.get((rel, line), [])]
        for e in exprs:
            checked += 1
            rx = re.compile(e)
            if not any(rx.search(m) for m in msgs):
                got = "; ".join(sorted(set(m for m in msgs if m))) or "no finding"
                errors.append(f"{rel}:{line}: want {e!r} not matched (got: {got})")

    heap = 0
    allowed = 0
    for (rel, line), fds in sorted(by_line.items()):
        if not own_code(rel, src_dir, args.tests):
            continue
        exprs = [re.compile(e) for e in wants.get((rel, line), [])]
        for fd in fds:
            if fd.get("kind") not in HEAP_KINDS:
                continue
            heap += 1
            msg = fd.get("message") or ""
            if any(rx.search(msg) for rx in exprs):
                continue
            if any(a["file"] == rel.replace(os.sep, "/") and a["line"] in ("*", str(line))
                   and a["re"].search(msg) for a in allow):
                allowed += 1
                continue
            errors.append(f"{rel}:{line}:{fd.get('col') or 0}: unexpected heap finding "
                          f"{msg!r} ({fd.get('function')}): add a // want or an allow-list entry")

    for e in errors:
        print(e)
    status = "FAIL" if errors else "ok"
    print(f"check_wants: {status}: {args.release or 'unknown release'}: {checked} want(s), "
          f"{heap} heap finding(s) in own code, {allowed} allow-listed, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
