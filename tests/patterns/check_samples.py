#!/usr/bin/env python3
"""Live test of one catalog pattern (or of the §16 negative sample).

Runs `goescape check --format json -C DIR ./...` with the real go on
samples/patterns/<id>/ and compares the findings with the expectations written
in the Go sources:

  // want "PATTERN-ID"   the pattern must fire (with a suggestion) on this line;
                         it must fire nowhere else in before/ and nowhere in after/
  // held "RULE"         a finding on this line matched a pattern (in a
                         pattern's sample: that pattern) and RULE withheld its
                         suggestion

In the negative sample no finding may carry a suggestion at all.

Findings that carry a machine-applicable `fix` (reviewdog suggestions, SARIF
fixes) are also checked end to end: the fixes are applied to a copy of the
sample, which must still build, and the pattern must no longer fire there.
Exit 77 (ctest SKIP) when go is not installed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
WANT = re.compile(r'//\s*(want|held)\s+"([^"]+)"')


def expectations(root):
    out = {}  # (relpath, line) -> [(what, id)]
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".go"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as f:
                for number, text in enumerate(f, 1):
                    for m in WANT.finditer(text):
                        out.setdefault((rel, number), []).append((m.group(1), m.group(2)))
    return out


def run_report(goescape, sample, go):
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")
    cmd = [goescape, "check", "--format", "json", "--go", go, "-C", sample, "./..."]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode == 0:
        return json.loads(proc.stdout)
    # Fall back to the parse path (same analysis, log produced here).
    build = subprocess.run([go, "build", "-gcflags=-m=2", "./..."], cwd=sample,
                           capture_output=True, text=True, env=env)
    if build.returncode != 0:
        sys.exit(f"go build failed in {sample}:\n{build.stderr}")
    proc2 = subprocess.run([goescape, "parse", "--format", "json", "--go", go, "-C", sample],
                           input=build.stderr, capture_output=True, text=True, env=env)
    if proc2.returncode != 0:
        sys.exit(f"goescape check failed ({proc.returncode}): {proc.stderr}\n"
                 f"goescape parse failed ({proc2.returncode}): {proc2.stderr}")
    return json.loads(proc2.stdout)


def apply_fixes(sample, findings, case, goescape, go):
    """Applies every fix of `case` to a copy of the sample; returns problems."""
    fixes = [f for f in findings if f.get("pattern") == case and f.get("fix")]
    if not fixes:
        return []
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "sample")
        shutil.copytree(sample, copy)
        by_file = {}
        for f in fixes:
            for e in f["fix"]["edits"]:
                by_file.setdefault(e["file"], []).append(e)
        for rel, edits in by_file.items():
            path = os.path.join(copy, rel)
            with open(path, "rb") as fh:
                lines = fh.read().split(b"\n")
            offsets = [0]
            for text in lines:
                offsets.append(offsets[-1] + len(text) + 1)
            data = b"\n".join(lines)
            # Last edit first, so earlier offsets stay valid.
            for e in sorted(edits, key=lambda e: (e["line"], e["col"]), reverse=True):
                begin = offsets[e["line"] - 1] + e["col"] - 1
                end = offsets[e["end_line"] - 1] + e["end_col"] - 1
                data = data[:begin] + e["text"].encode() + data[end:]
            with open(path, "wb") as fh:
                fh.write(data)
        env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")
        vet = subprocess.run([go, "vet", "./..."], cwd=copy, capture_output=True, text=True,
                             env=env)
        if vet.returncode != 0:
            return [f"the sample does not build once its fixes are applied:\n{vet.stderr}"]
        after = run_report(goescape, copy, go)["findings"]
        fixed = {(f["file"], f["line"]) for f in fixes}
        for f in after:
            if f.get("pattern") == case and (f["file"], f["line"]) in fixed:
                problems.append(f"{f['file']}:{f['line']}: {case} still fires after its fix")
        print(f"{len(fixes)} fix(es) applied: the sample builds and {case} is gone there")
    return problems


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: check_samples.py GOESCAPE SAMPLES_DIR ID|negative")
    goescape, samples, case = sys.argv[1:]
    go = shutil.which("go")
    if not go:
        print("SKIP: go is not installed")
        return SKIP
    sample = os.path.join(samples, case)
    report = run_report(goescape, sample, go)
    findings = report["findings"]
    expected = expectations(sample)
    problems = []

    def at(rel, line):
        return [f for f in findings if f["file"] == rel and f["line"] == line]

    if case == "negative":
        for f in findings:
            if f.get("suggestion"):
                problems.append(f"{f['file']}:{f['line']}: unexpected suggestion "
                                f"[{f.get('pattern')}]: {f['suggestion'].splitlines()[0]}")
        for (rel, line), wants in expected.items():
            for what, rule in wants:
                if what != "held":
                    continue
                if not any(f.get("held_back") == rule and f.get("pattern") for f in at(rel, line)):
                    got = [(f.get("pattern"), f.get("held_back")) for f in at(rel, line)]
                    problems.append(f"{rel}:{line}: want a pattern held back by {rule}, got {got}")
    else:
        want_lines = {k for k, v in expected.items() if ("want", case) in v}
        fired = {}
        for f in findings:
            if f.get("pattern") == case:
                fired.setdefault((f["file"], f["line"]), []).append(f)
        for key in sorted(want_lines):
            got = fired.get(key, [])
            if not got:
                problems.append(f"{key[0]}:{key[1]}: {case} did not fire")
            elif not any(f.get("suggestion") for f in got):
                problems.append(f"{key[0]}:{key[1]}: {case} fired without a suggestion "
                                f"(held_back={got[0].get('held_back')})")
        # `// held "RULE"` in a pattern's sample: the pattern matched there and
        # that PLAYBOOK §16 rule withheld its suggestion.
        held_lines = {}
        for key, marks in expected.items():
            for what, rule in marks:
                if what == "held":
                    held_lines[key] = rule
        for key, rule in sorted(held_lines.items()):
            got = fired.get(key, [])
            if not any(f.get("held_back") == rule and not f.get("suggestion") for f in got):
                problems.append(f"{key[0]}:{key[1]}: want {case} held back by {rule}, got "
                                f"{[(f.get('held_back'), bool(f.get('suggestion'))) for f in got]}")
        for key in sorted(set(fired) - want_lines - set(held_lines)):
            problems.append(f"{key[0]}:{key[1]}: {case} fired on a line not marked want")
        if not want_lines:
            problems.append("the before/ sources have no // want line for this pattern")
        problems += apply_fixes(sample, findings, case, goescape, go)
        for key in sorted(want_lines):
            for f in fired.get(key, []):
                if f.get("suggestion"):
                    print(f"{key[0]}:{key[1]}: [{f.get('playbook')}] {f['suggestion']}\n")
                    break
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
