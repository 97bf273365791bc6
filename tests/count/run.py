#!/usr/bin/env python3
"""The runtime check of goescape's count (issue 11, item 6).

    run.py --goescape BIN --probe samples/allocprobe --rules src/analysis/allocation.cpp
           [--release go1.22.12]

Runs the probe's test (`go test -run TestAllocs`), which prints what
testing.AllocsPerRun measures for each probe function, and `goescape check
--format json` on the probe package, and compares them function by function:

  - busy arguments (its "sometimes" sites allocate): measured == always + sometimes;
  - quiet arguments (they do not), when the probe has them: measured == always;
  - every heap finding belongs to a probe function;
  - each `// rule: ID` comment above a probe function names a rule of the table
    in allocation.cpp whose note one of the function's findings carries (or ends
    with, after ": ", as "shares one allocation with x: ..." does) (unless
    the rule holds from a later release; `// rule from go1.N: ID` only from Go
    1.N on, for a construct older releases compile otherwise); every rule of
    the table is named.

Then the same without type facts (`goescape parse --go /nonexistent/go` of
the -m=2 log): what the fallback calls `never` must be `never` with facts too,
and it never counts fewer allocations than measured.

With --release, everything runs under GOTOOLCHAIN=RELEASE (GOPROXY=off: the
toolchain must already be in the module cache). A function marked
`// reported: go1.N` is about a construct the compiler reports from Go 1.N on:
with an older release it must have no finding and is not compared; one marked
`// upper bound before: go1.N` is counted as allocating by older releases where
the runtime may allocate nothing (measured <= counted); one marked
`// uncounted:` allocates where escape analysis reports nothing (make(chan)):
it is listed, never compared.

Exit status: 0 all agree; 1 a difference (each printed); 77 (skipped) when go
is missing or the release cannot be had without the network.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
HEAP = ("moved_to_heap", "escapes_to_heap")


def run(argv, cwd, env, stdin=None):
    return subprocess.run(argv, cwd=cwd, env=env, input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)


def read_rules(path):
    """id -> (since_go, note) of every row of the allocation rules table."""
    text = open(path, encoding="utf-8").read()
    row = re.compile(r'AllocationRule\{"(?P<id>[^"]+)",\s*C::\w+,\s*[^,]+,\s*(?P<since>\d+),'
                     r'\s*\w+,\s*"(?P<note>[^"]*)"')
    rules = {m.group("id"): (int(m.group("since")), m.group("note")) for m in row.finditer(text)}
    if not rules:
        sys.exit(f"count: no rule rows found in {path}")
    return rules


def read_probes(path):
    """name -> {"rules": [ids], "reported": minor, "uncounted": reason} for each
    probe function: one whose doc comment has a `rule:`, `probe:` or
    `uncounted:` line."""
    probes = {}
    doc = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("//"):
            doc.append(line[2:].strip())
            continue
        m = re.match(r"func ([A-Z]\w*)\(", line)
        if m:
            info = {"rules": [], "rules_from": [], "reported": 0, "uncounted": None,
                    "exact_from": 0}
            marked = False
            continued = False  # the lines after `uncounted:` continue its reason
            for d in doc:
                if continued and d and not d.startswith(("go:", "rule:", "rule from", "probe:",
                                                         "reported:")):
                    info["uncounted"] += " " + d
                    continue
                continued = False
                if d.startswith("rule:"):
                    info["rules"] += d[len("rule:"):].split()
                    marked = True
                elif d.startswith("rule from go1."):
                    since, ids = d[len("rule from go1."):].split(":", 1)
                    info["rules_from"] += [(i, int(since)) for i in ids.split()]
                    marked = True
                elif d.startswith("probe:"):
                    marked = True
                elif d.startswith("reported: go1."):
                    info["reported"] = int(d[len("reported: go1."):])
                elif d.startswith("upper bound before: go1."):
                    info["exact_from"] = int(re.match(r"\d+", d[len("upper bound before: go1."):]).group())
                elif d.startswith("uncounted:"):
                    info["uncounted"] = d[len("uncounted:"):].strip()
                    marked = continued = True
            if marked:
                probes[m.group(1)] = info
        doc = []
    return probes


def measure(probe_dir, env):
    proc = run(["go", "test", "-count=1", "-run", "^TestAllocs$", "-v", "."], probe_dir, env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        sys.exit("count: go test failed in the probe")
    out = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"allocprobe (\w+) (\S+) (\S+)$", line)
        if m:
            quiet = None if m.group(3) == "-" else float(m.group(3))
            out[m.group(1)] = (float(m.group(2)), quiet)
    return out


def counts_by_function(report, prefix):
    """function short name -> {"always": n, "sometimes": n, "never": n, "notes": set}."""
    out = collections.defaultdict(lambda: {"always": 0, "sometimes": 0, "never": 0,
                                           "notes": set()})
    stray = []
    for f in report["findings"]:
        if f["kind"] not in HEAP:
            continue
        fn = f.get("function") or ""
        if not fn.startswith(prefix):
            stray.append(f)
            continue
        c = out[fn[len(prefix):]]
        c[f.get("allocation") or "always"] += 1
        c["notes"].add(f.get("allocation_note", ""))
    return out, stray


def describe(f):
    return f"{f.get('file')}:{f.get('line')}: {f.get('message')} ({f.get('function')})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--goescape", required=True)
    ap.add_argument("--probe", required=True, help="the probe module (samples/allocprobe)")
    ap.add_argument("--rules", required=True, help="src/analysis/allocation.cpp")
    ap.add_argument("--release", help="run under GOTOOLCHAIN=RELEASE")
    args = ap.parse_args()
    probe_dir = os.path.abspath(args.probe)
    goescape = os.path.abspath(args.goescape)
    if shutil.which("go") is None:
        print("count: go is not on PATH; skipped")
        return SKIP
    env = dict(os.environ, GOTOOLCHAIN=args.release or "local", GOPROXY="off", GOFLAGS="")
    version = run(["go", "env", "GOVERSION"], probe_dir, env)
    if version.returncode != 0 or not version.stdout.strip():
        print(f"count: {args.release or 'go'} cannot be had without the network "
              f"({version.stderr.strip()[:200]}); skipped")
        return SKIP
    release = version.stdout.strip()
    minor = int(re.match(r"go1\.(\d+)", release).group(1))

    rules = read_rules(args.rules)
    probes = read_probes(os.path.join(probe_dir, "probe.go"))
    module = run(["go", "list", "-m"], probe_dir, env).stdout.strip()
    prefix = module + "."
    measured = measure(probe_dir, env)

    proc = run([goescape, "check", "--format", "json", "--no-progress", "./..."], probe_dir, env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        sys.exit("count: goescape check failed on the probe")
    if "no type facts" in proc.stderr:
        sys.stderr.write(proc.stderr)
        sys.exit("count: goescape check ran without type facts")
    found, stray = counts_by_function(json.loads(proc.stdout), prefix)

    bad = []
    for f in stray:
        bad.append(f"a heap finding outside the probe functions: {describe(f)}")
    for name in sorted(set(found) - set(probes)):
        bad.append(f"{name}: heap findings, but it is no probe function (no `// rule:` comment)")
    named = set()
    print(f"count: {module} with {release}")
    print(f"  {'function':<22} {'always':>6} {'sometimes':>9} {'never':>5}   measured busy/quiet")
    for name in sorted(probes):
        info = probes[name]
        c = found.get(name, {"always": 0, "sometimes": 0, "never": 0, "notes": set()})
        named.update(info["rules"])
        named.update(i for i, _ in info["rules_from"])
        if name not in measured:
            bad.append(f"{name}: the probe's test does not measure it")
            continue
        busy, quiet = measured[name]
        shown = "-" if quiet is None else f"{quiet:g}"
        print(f"  {name:<22} {c['always']:>6} {c['sometimes']:>9} {c['never']:>5}   "
              f"{busy:g}/{shown}")
        skipped = info["uncounted"] or (info["reported"] > minor and
                                         f"the compiler reports it from go1.{info['reported']}")
        if skipped:
            if c["always"] + c["sometimes"] + c["never"] > 0:
                bad.append(f"{name}: has findings, but the probe says: {skipped}")
            print(f"    not compared: {skipped}")
            continue
        if info["exact_from"] > minor:
            # An upper bound: the runtime never allocates more than counted.
            print(f"    an upper bound before go1.{info['exact_from']}")
            if busy > c["always"] + c["sometimes"]:
                bad.append(f"{name}: measured {busy:g} allocations, more than goescape's "
                           f"{c['always']} always + {c['sometimes']} sometimes")
        elif busy != c["always"] + c["sometimes"]:
            bad.append(f"{name}: measured {busy:g} allocations, goescape counts "
                       f"{c['always']} always + {c['sometimes']} sometimes")
        if quiet is not None and quiet != c["always"] and info["exact_from"] <= minor:
            bad.append(f"{name}: measured {quiet:g} with quiet arguments, goescape counts "
                       f"{c['always']} always")
        for rule in info["rules"] + [i for i, since in info["rules_from"] if since <= minor]:
            if rule not in rules:
                bad.append(f"{name}: `// rule: {rule}` names no rule of the table")
                continue
            since, note = rules[rule]
            if since > minor:
                continue
            # A note may name what the finding shares with before the rule's own.
            if not any(n == note or n.endswith(": " + note) for n in c["notes"]):
                bad.append(f"{name}: no finding follows rule {rule} ({note!r}); notes: "
                           f"{sorted(c['notes'])}")
    for rule in sorted(set(rules) - named):
        bad.append(f"rule {rule} has no probe function (`// rule: {rule}`)")

    bad += check_fallback(goescape, probe_dir, env, prefix, found, measured, probes, minor)
    for b in bad:
        print(f"DIFFERENT: {b}")
    print(f"count: {len(probes)} probe functions, {len(bad)} difference(s)")
    return 1 if bad else 0


def check_fallback(goescape, probe_dir, env, prefix, found, measured, probes, minor):
    """The facts-less verdicts: `never` only where the facts say never too, and
    never fewer allocations than the runtime measured."""
    log = run(["go", "build", "-gcflags=-m=2", "."], probe_dir, env)
    if log.returncode != 0:
        return [f"go build -gcflags=-m=2 failed: {log.stderr[-500:]}"]
    # No go binary for parse: no facts; the sources are there for the scanner
    # to name functions.
    proc = run([goescape, "parse", "--format", "json", "--go", "/nonexistent/go", "-C", probe_dir,
                "-"], probe_dir, env, stdin=log.stderr)
    if proc.returncode != 0:
        return [f"goescape parse without facts failed: {proc.stderr[-500:]}"]
    if "no type facts" not in proc.stderr:
        return ["goescape parse --go /nonexistent/go did not run without facts"]
    report = json.loads(proc.stdout)
    bad = []
    by_function = collections.defaultdict(list)
    for f in report["findings"]:
        if f["kind"] in HEAP and (f.get("function") or "").startswith(prefix):
            by_function[f["function"][len(prefix):]].append(f)
    nevers = 0
    for name, (busy, _) in sorted(measured.items()):
        if name not in probes or probes[name]["reported"] > minor or probes[name]["uncounted"]:
            continue
        fs = by_function.get(name, [])
        allocating = sum(1 for f in fs if f.get("allocation") != "never")
        never = sum(1 for f in fs if f.get("allocation") == "never")
        nevers += never
        if allocating < busy:
            bad.append(f"{name} without facts: {allocating} allocating findings, measured {busy:g}")
        if never > found.get(name, {}).get("never", 0):
            bad.append(f"{name} without facts: {never} never-findings, "
                       f"{found.get(name, {}).get('never', 0)} with facts")
    print(f"  without facts: {nevers} findings certain never to allocate from the text alone")
    return bad


if __name__ == "__main__":
    sys.exit(main())
