#!/usr/bin/env python3
"""End-to-end tests of `goescape check`, one ctest per case:

  run.py CASE --goescape BIN --fake-go FAKE

Cases named fake_* run against tests/check/fake-go/go (no toolchain needed);
real_* run the go on PATH on a module made in a temporary directory and exit
77 (skip) when there is none. Every case runs with TMPDIR pointing to a fresh
directory that must be empty afterwards: no spool, build or -o temporary file
may be left behind, whatever the outcome.
"""

import argparse
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77

MAIN_GO = """package main

func newT() *int { x := 1; return &x }

func main() { println(*newT()) }
"""


class Failed(Exception):
    pass


def expect(cond, what, proc=None):
    if not cond:
        detail = ""
        if proc is not None:
            detail = "\n--- exit {}\n--- stdout:\n{}\n--- stderr:\n{}".format(
                proc.returncode, proc.stdout[:3000], proc.stderr[:3000])
        raise Failed(what + detail)


# The one line goescape adds when it has no typed facts (the fake go cannot
# build the facts helper): a note, not an error.
FACTS_NOTE = "goescape (note): no type facts ("


def without_facts_note(stderr):
    expect(stderr.count(FACTS_NOTE) <= 1, "the facts note is said once: {!r}".format(stderr))
    return re.sub(re.escape(FACTS_NOTE) + r"[^\n]*\n", "", stderr)


class Env:
    def __init__(self, args, work):
        self.goescape = args.goescape
        self.fake_go = args.fake_go
        self.work = work
        self.tmp = os.path.join(work, "tmp")
        os.mkdir(self.tmp)
        self.module = os.path.join(work, "module")
        os.mkdir(self.module)
        with open(os.path.join(self.module, "main.go"), "w") as f:
            f.write(MAIN_GO)
        self.args_file = os.path.join(work, "go-args.log")

    def environ(self, mode="ok", **extra):
        env = dict(os.environ)
        # The facts helper's cache: the fake go cannot build it, and nothing
        # of a test belongs in the user's cache.
        env.update(TMPDIR=self.tmp, FAKE_GO_MODE=mode, FAKE_GO_ARGS=self.args_file, NO_COLOR="1",
                   GOESCAPE_CACHE_DIR=os.path.join(self.work, "cache"))
        env.update(extra)
        return env

    def run(self, argv, mode="ok", cwd=None, env=None, **extra):
        return subprocess.run([self.goescape] + argv, cwd=cwd or self.module,
                              env=env or self.environ(mode, **extra),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=120)

    def check(self, extra_argv, mode="ok", **kw):
        return self.run(["check", "--go", self.fake_go] + extra_argv, mode=mode, **kw)

    def go_invocations(self):
        """[(cwd, [args...]), ...] the fake go recorded."""
        if not os.path.exists(self.args_file):
            return []
        calls = []
        with open(self.args_file) as f:
            for line in f.read().splitlines():
                if line.startswith("--- "):
                    calls.append((line[4:], []))
                else:
                    calls[-1][1].append(line)
        return calls

    def assert_tmp_empty(self):
        left = os.listdir(self.tmp)
        expect(not left, "temporary files left in TMPDIR: {}".format(left))


# ---- fake go ---------------------------------------------------------------


def fake_ok_json(e):
    p = e.check(["--format", "json"])
    expect(p.returncode == 0, "exit 0 expected", p)
    expect(without_facts_note(p.stderr) == "", "nothing on stderr but the facts note expected", p)
    expect(FACTS_NOTE in p.stderr, "the missing facts are noted", p)
    report = json.loads(p.stdout)
    expect(report["go"]["version"] == "go1.26.8", "go.version from go env", p)
    expect(report["go"]["flags"] == "-m=2", "go.flags", p)
    expect(os.path.realpath(report["root"]) == os.path.realpath(e.module), "root is -C / cwd", p)
    heap = [f for f in report["findings"] if f["kind"] == "moved_to_heap"]
    expect(len(heap) == 1, "one moved_to_heap finding", p)
    expect(heap[0]["file"] == "main.go" and heap[0]["line"] == 3, "resolved position", p)
    expect(heap[0]["function"] == "main.newT", "attributed to main.newT", p)
    expect(report["summary"]["heap_allocations"] == 1, "summary", p)


def fake_ok_text_and_o(e):
    out = os.path.join(e.work, "report.txt")
    p = e.check(["-o", out])
    expect(p.returncode == 0 and p.stdout == "", "exit 0, report only in -o", p)
    with open(out) as f:
        text = f.read()
    expect("main.go:3:20: moved to heap: x" in text, "text report in the -o file:\n" + text)
    e.assert_tmp_empty()


def fake_build_args(e):
    """-C, default ./..., --tags, --gcflags; go runs in the -C directory."""
    sub = os.path.join(e.work, "elsewhere")
    os.mkdir(sub)
    p = e.check(["-C", e.module, "--tags", "a,b", "--gcflags", "-l -B", "--format", "json"], cwd=sub)
    expect(p.returncode == 0, "exit 0", p)
    calls = e.go_invocations()
    # (The facts helper's build runs in goescape's cache, not in the module.)
    builds = [c for c in calls if c[1] and c[1][0] == "build" and "-trimpath" not in c[1]]
    expect(len(builds) == 1, "one go build: {}".format(calls))
    cwd, args = builds[0]
    expect(os.path.realpath(cwd) == os.path.realpath(e.module), "go ran in -C dir: " + cwd)
    expect("-gcflags=-m=2 -l -B" in args, "gcflags without a package pattern: {}".format(args))
    expect("-tags=a,b" in args, "tags: {}".format(args))
    expect(args[-1] == "./...", "default pattern ./...: {}".format(args))
    # A lone main package: its executable goes nowhere (cmd/go's "-o /dev/null",
    # which no go list has to decide on first).
    o = args.index("-o")
    expect(args[o + 1] == "/dev/null", "executable discarded: {}".format(args))
    expect(json.loads(p.stdout)["go"]["flags"] == "-m=2 -l -B", "go.flags include --gcflags", p)
    e.assert_tmp_empty()
    expect(sorted(os.listdir(e.module)) == ["main.go"], "nothing written into the module")


def fake_tests_flag(e):
    p = e.check(["--tests", "./..."])
    expect(p.returncode == 0, "exit 0", p)
    calls = [c for c in e.go_invocations() if c[1] and c[1][0] == "test"]
    expect(len(calls) == 1, "go test -c ran: {}".format(e.go_invocations()))
    args = calls[0][1]
    expect(args[:2] == ["test", "-c"] and "-o" in args, "go test -c -o DIR: {}".format(args))
    expect("-run" not in " ".join(args), "tests are never run")
    e.assert_tmp_empty()


def fake_compile_error(e):
    p = e.check(["--format", "json"], mode="compile-error")
    expect(p.returncode == 3, "exit 3 on a failed build", p)
    expect("# example.com/m\n./main.go:4:2: undefined: foo\n" in p.stderr,
           "compile errors forwarded verbatim under their header", p)
    expect("cannot use x (variable of type int)" in p.stderr, "every error line", p)
    expect("go build failed" in p.stderr, "says the build failed", p)
    expect(p.stdout == "", "no report on standard output", p)
    e.assert_tmp_empty()


def fake_compile_error_keeps_o(e):
    out = os.path.join(e.work, "report.json")
    with open(out, "w") as f:
        f.write("previous report\n")
    p = e.check(["--format", "json", "-o", out], mode="compile-error")
    expect(p.returncode == 3, "exit 3", p)
    with open(out) as f:
        expect(f.read() == "previous report\n", "the existing -o file is untouched")
    left = [n for n in os.listdir(e.work) if n.startswith("report.json.")]
    expect(not left, "no temporary -o file left: {}".format(left))
    fresh = os.path.join(e.work, "fresh.json")
    p = e.check(["-o", fresh], mode="compile-error")
    expect(p.returncode == 3 and not os.path.exists(fresh), "no -o file created on failure", p)
    e.assert_tmp_empty()


def fake_missing_go(e):
    p = e.run(["check", "--go", os.path.join(e.work, "no-such-go")])
    expect(p.returncode == 3, "exit 3 when --go does not exist", p)
    expect(p.stderr.strip() == "goescape: {}: not found or not executable".format(
        os.path.join(e.work, "no-such-go")), "one clear line", p)
    env = e.environ(PATH=os.path.join(e.work, "empty-path"))
    p = e.run(["check"], env=env)
    expect(p.returncode == 3, "exit 3 when go is not on PATH", p)
    expect(p.stderr == "goescape: go: not found on PATH (install Go or pass --go)\n",
           "one clear line", p)
    out = os.path.join(e.work, "never.json")
    p = e.run(["check", "-o", out], env=env)
    expect(p.returncode == 3 and not os.path.exists(out), "no -o file", p)
    e.assert_tmp_empty()


def fake_go_on_path(e):
    bindir = os.path.join(e.work, "bin")
    os.mkdir(bindir)
    shutil.copy(e.fake_go, os.path.join(bindir, "go"))
    env = e.environ(PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    p = e.run(["check", "--format", "json"], env=env)
    expect(p.returncode == 0, "go found on PATH", p)


def fake_go_list_fails(e):
    p = e.check([], mode="list-fails")
    expect(p.returncode == 3, "exit 3 when go list fails", p)
    expect("go.mod file not found" in p.stderr, "go's message shown", p)
    p = e.check([], mode="env-fails")
    expect(p.returncode == 3, "exit 3 when go env fails", p)
    expect("toolchain not available" in p.stderr, "go's message shown", p)


def fake_usage_errors_before_go(e):
    for argv in (["--format", "nope"], ["--kind", "nope"], ["--func", "("],
                 ["-C", os.path.join(e.work, "missing")]):
        p = e.check(argv)
        expect(p.returncode == 2, "exit 2 for {}".format(argv), p)
        expect(p.stderr.count("\n") == 1, "one line", p)
    expect(e.go_invocations() == [], "go never ran: {}".format(e.go_invocations()))


def fake_package_order(e):
    """Go's parallel build finishes packages in any order; the report does not
    depend on it, in any format."""
    for fmt in ("json", "text", "sarif"):
        a = e.check(["--format", fmt], mode="lib-first")
        b = e.check(["--format", fmt], mode="lib-last")
        expect(a.returncode == 0 and b.returncode == 0, "exit 0", a)
        expect(a.stdout == b.stdout, "same {} report whatever order go printed in".format(fmt), b)
    report = json.loads(e.check(["--format", "json"], mode="lib-last").stdout)
    packages = [f["package"] for f in report["findings"]]
    expect(packages == sorted(packages) and "example.com/m/lib" in packages,
           "findings in import-path order: {}".format(packages))


def fake_progress(e):
    """The progress line shows on a terminal after a second, and is cleared."""
    for flags, want in (([], True), (["--no-progress"], False)):
        master, slave = pty.openpty()
        proc = subprocess.Popen([e.goescape, "check", "--go", e.fake_go, "--format", "json"] + flags,
                                cwd=e.module, env=e.environ("progress"), stdout=subprocess.PIPE,
                                stderr=slave, universal_newlines=True)
        os.close(slave)
        out, _ = proc.communicate(timeout=60)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        text = without_facts_note(err.decode("utf-8", "replace").replace("\r\n", "\n"))
        expect(proc.returncode == 0, "exit 0, stderr: " + repr(text))
        json.loads(out)
        if want:
            expect("] example.com/m/" in text, "progress shown: " + repr(text))
            expect(text.endswith("\r\x1b[K"), "progress cleared at the end: " + repr(text))
        else:
            expect(text == "", "--no-progress: nothing on stderr: " + repr(text))


def interrupt(e, sig, code):
    pidfile = os.path.join(e.work, "go.pid")
    out = os.path.join(e.work, "report.json")
    proc = subprocess.Popen([e.goescape, "check", "--go", e.fake_go, "-o", out], cwd=e.module,
                            env=e.environ("slow", FAKE_GO_PIDFILE=pidfile),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while not os.path.exists(pidfile) or os.path.getsize(pidfile) == 0:
        expect(time.time() < deadline and proc.poll() is None, "the fake build started")
        time.sleep(0.05)
    with open(pidfile) as f:
        go_pid = int(f.read().strip())
    proc.send_signal(sig)
    try:
        proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise Failed("goescape did not stop")
    expect(proc.returncode == code, "exit {} after signal {}, got {}".format(code, sig, proc.returncode))
    # The go process group (the fake go and its sleep) is gone.
    gone = False
    for _ in range(100):
        try:
            os.killpg(go_pid, 0)
        except ProcessLookupError:
            gone = True
            break
        time.sleep(0.05)
    expect(gone, "the go process group {} is gone".format(go_pid))
    expect(not os.path.exists(out), "no -o file")
    left = [n for n in os.listdir(e.work) if n.startswith("report.json")]
    expect(not left, "no temporary -o file: {}".format(left))
    e.assert_tmp_empty()


def fake_sigint(e):
    interrupt(e, signal.SIGINT, 130)


def fake_sigterm(e):
    interrupt(e, signal.SIGTERM, 143)


# ---- real go ---------------------------------------------------------------


def real_go(e):
    go = shutil.which("go")
    if not go:
        print("go is not on PATH: skipped")
        sys.exit(SKIP)
    env = e.environ()
    env.pop("FAKE_GO_ARGS")
    # A private build cache keeps the test independent of earlier runs.
    env["GOCACHE"] = os.path.join(e.work, "gocache")
    env["GOFLAGS"] = "-mod=mod"
    env["GOTOOLCHAIN"] = "local"
    with open(os.path.join(e.module, "go.mod"), "w") as f:
        f.write("module example.com/m\n\ngo 1.19\n")
    os.mkdir(os.path.join(e.module, "lib"))
    with open(os.path.join(e.module, "lib", "lib.go"), "w") as f:
        f.write("package lib\n\nfunc Box(v int) any { return v }\n")
    with open(os.path.join(e.module, "lib", "lib_test.go"), "w") as f:
        f.write("package lib\n\nimport \"testing\"\n\n"
                "func TestBox(t *testing.T) { p := new(int); sink = p }\n\nvar sink *int\n")
    return env


def real_check(e):
    env = real_go(e)
    # A lone main package: check must not write its executable into the module.
    p = e.run(["check", "--format", "json", "."], env=env)
    expect(p.returncode == 0, "exit 0", p)
    report = json.loads(p.stdout)
    expect(report["go"]["version"].startswith("go1."), "go version", p)
    heap = [f for f in report["findings"] if f["kind"] == "moved_to_heap"]
    expect(any(f["file"] == "main.go" and f["function"] == "main.newT" for f in heap),
           "moved_to_heap in main.newT", p)
    expect(sorted(os.listdir(e.module)) == ["go.mod", "lib", "main.go"],
           "nothing written into the module: {}".format(os.listdir(e.module)))
    # Every package; a second run replays the build cache and reports the same.
    p1 = e.run(["check", "--format", "json"], env=env)
    p2 = e.run(["check", "--format", "json"], env=env)
    expect(p1.returncode == 0 and p2.returncode == 0, "exit 0", p1)
    r1, r2 = json.loads(p1.stdout), json.loads(p2.stdout)
    expect(r1["findings"] == r2["findings"], "cached rebuild reports the same")
    files = {f["file"] for f in r1["findings"]}
    expect("lib/lib.go" in files and "main.go" in files, "both packages: {}".format(files))
    expect(not any(f.endswith("_test.go") for f in files), "no test files without --tests")
    e.assert_tmp_empty()


def real_tests(e):
    env = real_go(e)
    p = e.run(["check", "--tests", "--format", "json", "./lib"], env=env)
    expect(p.returncode == 0, "exit 0", p)
    files = {f["file"] for f in json.loads(p.stdout)["findings"]}
    expect("lib/lib_test.go" in files, "_test.go findings with --tests: {}".format(files))
    expect(sorted(os.listdir(os.path.join(e.module, "lib"))) == ["lib.go", "lib_test.go"],
           "no test binary in the tree")
    e.assert_tmp_empty()


def real_compile_error(e):
    env = real_go(e)
    with open(os.path.join(e.module, "lib", "broken.go"), "w") as f:
        f.write("package lib\n\nfunc Broken() int { return undefinedName }\n")
    out = os.path.join(e.work, "r.json")
    p = e.run(["check", "-o", out], env=env)
    expect(p.returncode == 3, "exit 3", p)
    expect("# example.com/m/lib\n" in p.stderr, "package header forwarded", p)
    expect("lib/broken.go:3:28: undefined: undefinedName" in p.stderr, "error verbatim", p)
    expect(not os.path.exists(out), "no report file", p)
    e.assert_tmp_empty()


CASES = {name: fn for name, fn in globals().items()
         if callable(fn) and (name.startswith("fake_") or name.startswith("real_"))
         and name != "real_go"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--goescape", required=True)
    ap.add_argument("--fake-go", required=True)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="goescape-check-test-")
    try:
        CASES[args.case](Env(args, work))
    except Failed as failure:
        print("FAIL:", failure)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
