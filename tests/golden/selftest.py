#!/usr/bin/env python3
"""Self-test of check_wants.py on synthetic reports: it must pass a report
that satisfies the sample's annotations and fail one whose findings moved,
vanished or were added, so that the want tests cannot pass vacuously."""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "samples")
CHECKER = os.path.join(HERE, "check_wants.py")
FILE = "internal/stats/stats.go"


def line_of(text):
    with open(os.path.join(SAMPLES, FILE), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise SystemExit(f"selftest: {text!r} not found in {FILE}")


def run(findings, release="go1.26"):
    report = {"schema": "goescape/report/v1", "root": os.path.realpath(SAMPLES),
              "findings": findings}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(report, f)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as a:
            pass
        proc = subprocess.run([sys.executable, CHECKER, f.name, "--src", SAMPLES,
                               "--allow", a.name, "--release", release],
                              stdout=subprocess.PIPE, universal_newlines=True)
        return proc.returncode, proc.stdout
    finally:
        os.unlink(f.name)
        os.unlink(a.name)


def finding(line, kind, message):
    return {"file": FILE, "line": line, "col": 1, "kind": kind, "message": message,
            "function": None}


def problems_in_file(out):
    return [line for line in out.splitlines() if line.startswith(FILE + ":")]


def main():
    moved = line_of("moved to heap: initial")
    lit = line_of("&Gauge")
    # Reports hold findings of stats.go only; the wants of the other files are
    # then unmatched, so only the problems reported for stats.go are looked at.
    good = [finding(moved, "moved_to_heap", "moved to heap: initial"),
            finding(lit, "escapes_to_heap", "&Gauge{...} escapes to heap"),
            finding(lit, "does_not_escape", "name does not escape")]
    cases = {
        "finding on the wrong line": [finding(moved + 1, "moved_to_heap", "moved to heap: initial"),
                                      good[1]],
        "finding missing": [good[1]],
        "unexpected heap finding": good + [finding(lit, "escapes_to_heap", "name escapes to heap")],
    }
    failures = 0
    _, out = run(good)
    if problems_in_file(out):
        print(f"selftest: a correct report for {FILE} was rejected:\n{out}")
        failures += 1
    for name, fds in cases.items():
        rc, out = run(fds)
        if rc != 1 or not problems_in_file(out):
            print(f"selftest: {name!r} was not detected (exit {rc}):\n{out}")
            failures += 1
    print("selftest: ok" if not failures else f"selftest: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
