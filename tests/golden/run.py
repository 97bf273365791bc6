#!/usr/bin/env python3
"""Drives the golden, want and live tests over samples/.

  run.py golden --goescape BIN --samples DIR --log LOG --expected FILE [--update]
                [--format FMT] [--flag F]...
      parse LOG with `goescape parse --format json -C DIR` and compare the
      report with FILE, ignoring volatile fields (tool.version, root); with
      another format (text, markdown) compare its text, byte for byte, with
      the samples' directory written <samples>.
      parse finds the samples' packages with `go list` and takes their types
      from the facts helper, as a user's run does, under GOTOOLCHAIN=FACTS_RELEASE
      (the helper's names and sizes follow the release that builds it): golden
      and wants report SKIPPED (77) without go or that toolchain.
  run.py wants  --goescape BIN --samples DIR --log LOG --allow FILE [--tests]
      parse LOG and check the report against the `// want` comments.
  run.py live   --goescape BIN --samples DIR --allow FILE
      run `goescape check --format json -C DIR ./...` with the go on PATH and
      check the `// want` comments; exits 77 (skip) when go is missing.
"""

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77

# The release whose facts helper the goldens were made with.
FACTS_RELEASE = "go1.26.8"

# Fields whose value depends on the machine or the build, not on the input.
VOLATILE = (("tool", "version"), ("root",))


def normalize(report):
    for path in VOLATILE:
        obj = report
        for key in path[:-1]:
            obj = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(obj, dict):
            obj.pop(path[-1], None)
    return report


def dump(report):
    return json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def run_goescape(argv, what, env=None, as_json=True):
    """The output of a goescape command that must succeed: parsed JSON, or
    its text."""
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    except OSError as e:
        print(f"cannot run {argv[0]}: {e}", file=sys.stderr)
        sys.exit(2)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        print(f"{what}: `{' '.join(argv)}` exited {proc.returncode}", file=sys.stderr)
        sys.exit(1)
    if not as_json:
        return proc.stdout.decode("utf-8")
    try:
        return json.loads(proc.stdout.decode("utf-8"))
    except ValueError as e:
        print(f"{what}: output is not JSON: {e}", file=sys.stderr)
        sys.stdout.write(proc.stdout.decode("utf-8", "replace")[:2000])
        sys.exit(1)


def parse_log(args):
    env = dict(os.environ, GOTOOLCHAIN=FACTS_RELEASE)
    return run_goescape([args.goescape, "parse", "--format", "json", "-C", args.samples, args.log],
                        "parse", env)


def release_of(log):
    # samples/logs/go1.25/m2.txt -> go1.25
    return os.path.basename(os.path.dirname(os.path.abspath(log)))


def need_go(what):
    if shutil.which("go") is None:
        print(f"{what}: go is not on PATH; skipped")
        sys.exit(SKIP)
    probe = subprocess.run(["go", "env", "GOVERSION"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True,
                           env=dict(os.environ, GOTOOLCHAIN=FACTS_RELEASE))
    if probe.returncode != 0 or probe.stdout.strip() != FACTS_RELEASE:
        print(f"{what}: {FACTS_RELEASE} cannot be had ({probe.stderr.strip()[:200]}); skipped")
        sys.exit(SKIP)


def render_log(args):
    """The report of `goescape parse --format FMT FLAGS` as text, the
    samples' directory written <samples>."""
    env = dict(os.environ, GOTOOLCHAIN=FACTS_RELEASE)
    argv = [args.goescape, "parse", "--format", args.format, "--color", "never",
            "-C", args.samples] + list(args.flag or []) + [args.log]
    text = run_goescape(argv, "parse", env, as_json=False)
    return text.replace(os.path.abspath(args.samples), "<samples>")


def cmd_golden(args):
    need_go("golden")
    text = args.format != "json"
    got = render_log(args) if text else dump(normalize(parse_log(args)))
    if args.update:
        os.makedirs(os.path.dirname(os.path.abspath(args.expected)), exist_ok=True)
        old = open(args.expected, encoding="utf-8").read() if os.path.exists(args.expected) else None
        if old != got:
            with open(args.expected, "w", encoding="utf-8") as f:
                f.write(got)
            print(f"updated {args.expected}")
        return 0
    try:
        want = open(args.expected, encoding="utf-8").read()
    except OSError as e:
        print(f"golden: no expected file ({e}); run scripts/update-goldens", file=sys.stderr)
        return 1
    if (want == got) if text else (json.loads(want) == json.loads(got)):
        print(f"golden: ok: {args.log}")
        return 0
    diff = difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                "expected/" + os.path.basename(args.expected), "actual")
    sys.stdout.writelines(list(diff)[:400])
    print(f"\ngolden: FAIL: {args.log} differs from {args.expected}; "
          "if the change is intended, run scripts/update-goldens and review the diff")
    return 1


def check(report, args, release, tests):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(report, f)
        path = f.name
    try:
        argv = [sys.executable, os.path.join(HERE, "check_wants.py"), path,
                "--src", args.samples, "--allow", args.allow]
        if release:
            argv += ["--release", release]
        if tests:
            argv.append("--tests")
        return subprocess.call(argv)
    finally:
        os.unlink(path)


def cmd_wants(args):
    need_go("wants")
    return check(parse_log(args), args, release_of(args.log), args.tests)


def cmd_live(args):
    if shutil.which("go") is None:
        print("live: go is not on PATH; skipped")
        return SKIP
    report = run_goescape([args.goescape, "check", "--format", "json", "-C", args.samples, "./..."],
                          "check")
    return check(report, args, None, False)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("golden", "wants", "live"):
        p = sub.add_parser(name)
        p.add_argument("--goescape", required=True)
        p.add_argument("--samples", required=True)
        if name != "live":
            p.add_argument("--log", required=True)
        if name == "golden":
            p.add_argument("--expected", required=True)
            p.add_argument("--update", action="store_true")
            p.add_argument("--format", default="json")
            p.add_argument("--flag", action="append", help="one more parse flag (repeatable)")
        else:
            p.add_argument("--allow", required=True)
        if name == "wants":
            p.add_argument("--tests", action="store_true")
    args = ap.parse_args()
    return {"golden": cmd_golden, "wants": cmd_wants, "live": cmd_live}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
