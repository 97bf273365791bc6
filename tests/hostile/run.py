#!/usr/bin/env python3
"""Hostile inputs for `goescape parse` and `goescape check`, one ctest per case:

  run.py CASE --goescape BIN --fake-go FAKE --source-dir DIR

Each case feeds the tool something a user or a broken toolchain can hand it
and holds the result to SPEC.md: the documented exit code (0, 2 or 3); on an
error, exactly one stderr line starting with `goescape:`; on success with
`--format json`, valid JSON whose stats.lines equals the input's line count
and whose line counters add up; and no file left behind (the run's TMPDIR is
empty afterwards, `-o` targets appear only on success). Never a crash: a
signal or a sanitizer report fails the case.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
STAT_PARTS = ("verdict_lines", "explanation_lines", "orphan_explanations", "duplicate_lines",
              "header_lines", "noise_lines", "unclassified")


class Failed(Exception):
    pass


def expect(cond, what, proc=None):
    if cond:
        return
    detail = ""
    if proc is not None:
        detail = "\n--- exit {}\n--- stdout:\n{}\n--- stderr:\n{}".format(
            proc.returncode, proc.stdout[:2000], proc.stderr[:3000])
    raise Failed(what + detail)


def line_count(data):
    """Lines as the parser counts them: '\\n'-terminated, plus an unterminated tail."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


class Env:
    def __init__(self, args, work):
        self.goescape = args.goescape
        self.fake_go = args.fake_go
        self.source_dir = args.source_dir
        self.work = work
        self.tmp = os.path.join(work, "tmp")
        os.mkdir(self.tmp)

    def path(self, name):
        return os.path.join(self.work, name)

    def write(self, name, data):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def sample_log(self, version="go1.26", name="m2.txt", limit=None):
        with open(os.path.join(self.source_dir, "samples", "logs", version, name), "rb") as f:
            data = f.read()
        return data if limit is None else data[:data.rfind(b"\n", 0, limit) + 1]

    def run(self, args, env=None, stdin=b"", cwd=None):
        environ = dict(os.environ if env is None else env)
        environ["TMPDIR"] = self.tmp
        environ.setdefault("NO_COLOR", "1")
        p = subprocess.run([self.goescape] + args, input=stdin, capture_output=True, env=environ,
                           cwd=cwd or self.work, timeout=240)
        # Text views for messages and checks; bytes kept for JSON.
        p.stdout_bytes = p.stdout
        p.stdout = p.stdout.decode("utf-8", "replace")
        p.stderr = p.stderr.decode("utf-8", "replace")
        expect(p.returncode >= 0, "killed by signal {}".format(-p.returncode), p)
        for marker in ("AddressSanitizer", "runtime error:", "LeakSanitizer", "terminate called"):
            expect(marker not in p.stderr, "sanitizer or runtime report: " + marker, p)
        return p

    def assert_tmp_empty(self):
        left = os.listdir(self.tmp)
        expect(not left, "files left in TMPDIR: {}".format(left))


def expect_error(p, code, mentions=None):
    expect(p.returncode == code, "exit {}, want {}".format(p.returncode, code), p)
    tagged = [l for l in p.stderr.splitlines() if l.startswith("goescape:")]
    expect(len(tagged) == 1, "want exactly one stderr line starting with 'goescape:'", p)
    if mentions is not None:
        expect(mentions in tagged[0], "the error line does not mention {!r}".format(mentions), p)
    expect(p.stdout == "", "nothing on stdout on an error", p)


def expect_report(p, data):
    """A successful `parse --format json` of `data`: valid JSON, counts add up."""
    expect(p.returncode == 0, "exit {}, want 0".format(p.returncode), p)
    expect(not any(l.startswith("goescape:") for l in p.stderr.splitlines()),
           "no error line on success", p)
    try:
        report = json.loads(p.stdout_bytes.decode("utf-8"))  # strict: JSON must be UTF-8
    except (UnicodeDecodeError, ValueError) as err:
        raise Failed("stdout is not valid UTF-8 JSON: {}".format(err))
    stats = report["stats"]
    expect(stats["lines"] == line_count(data),
           "stats.lines {} != input lines {}".format(stats["lines"], line_count(data)))
    expect(sum(stats[k] for k in STAT_PARTS) == stats["lines"],
           "line counters do not add up to stats.lines: {}".format(stats))
    expect(len(report["diagnostics"]) >= 0 and isinstance(report["findings"], list), "shape")
    heap = [f for f in report["findings"] if f["kind"] in ("moved_to_heap", "escapes_to_heap")]
    allocating = sum(1 for f in heap if f.get("allocation") != "never")
    expect(report["summary"].get("heap_allocations", 0) == allocating,
           "summary.heap_allocations != heap findings that allocate")
    expect(report["summary"].get("escapes_without_allocation", 0) == len(heap) - allocating,
           "summary.escapes_without_allocation != heap findings that never allocate")
    return report


def parse_json(e, name, data):
    log = e.write(name, data)
    report = expect_report(e.run(["parse", "--format", "json", log]), data)
    # Standard input takes the same path through the reader.
    expect_report(e.run(["parse", "--format", "json", "-"], stdin=data), data)
    e.assert_tmp_empty()
    return report


# --- parse: hostile logs -----------------------------------------------------

def binary_bytes(e):
    rng = random.Random(1)
    parse_json(e, "binary.log", bytes(rng.randrange(256) for _ in range(200_000)))


def empty_log(e):
    report = parse_json(e, "empty.log", b"")
    expect(report["findings"] == [] and report["stats"]["lines"] == 0, "empty report")


def truncated_block(e):
    data = e.sample_log(limit=64 * 1024)
    lines = data.splitlines(keepends=True)
    # Cut right after the first line of an explanation block ("...:" then "  flow:").
    cut = next(i for i, l in enumerate(lines) if b"flow:" in l)
    parse_json(e, "truncated.log", b"".join(lines[:cut + 1]))
    # And mid-line, without a final line end.
    parse_json(e, "truncated-mid.log", b"".join(lines[:cut + 1]) + lines[cut + 1][:7])


def long_line(e):
    log = e.sample_log(limit=16 * 1024)
    cut = log.rfind(b"\n# ", 0, len(log) // 2) + 1 or len(log) // 2
    head, tail = log[:cut], log[cut:]
    data = head + b"./main.go:1:1: " + b"x" * (3 * 1024 * 1024) + b"\n" + tail
    report = parse_json(e, "long.log", data)
    expect(report["stats"]["unclassified"] >= 1, "the 3 MB line is counted as unclassified")
    short = head + b"./main.go:1:1: x\n" + tail
    small = expect_report(e.run(["parse", "--format", "json", e.write("short.log", short)]), short)
    expect(len(report["findings"]) == len(small["findings"]),
           "the lines after the long line are read as usual")


def crlf(e):
    data = e.sample_log(limit=64 * 1024)
    lf = parse_json(e, "lf.log", data)
    cr = parse_json(e, "crlf.log", data.replace(b"\n", b"\r\n"))
    expect(len(lf["findings"]) == len(cr["findings"]) and lf["stats"] == cr["stats"],
           "CRLF line ends parse as LF ones")


def invalid_utf8(e):
    data = (b"# example.com/m\n"
            b"./main.go:3:6: moved to heap: \xff\xfe\n"
            b"./main.go:4:9: \xc0\xaf escapes to heap\n"
            b"\xed\xa0\x80 surrogate half\n"
            b"./ma\xe9in.go:5:2: leaking param: p\n")
    parse_json(e, "utf8.log", data)
    p = e.run(["parse", "--format", "sarif", e.path("utf8.log")])
    expect(p.returncode == 0, "sarif on invalid UTF-8", p)
    json.loads(p.stdout_bytes.decode("utf-8"))


def nul_bytes(e):
    data = (b"# example.com/m\n./main.go:3:6: moved to heap: x\x00y\n\x00\x00\x00\n"
            b"./main.go\x00:4:2: x escapes to heap\n")
    parse_json(e, "nul.log", data)


def windows_paths(e):
    data = (b"# example.com/m\r\n"
            b"C:\\Users\\dev\\m\\main.go:3:6: moved to heap: x\r\n"
            b".\\main.go:4:9: &T{} escapes to heap\r\n"
            b"\\\\server\\share\\m\\x.go:5:2: leaking param: p\r\n")
    parse_json(e, "windows.log", data)


def spaces_and_colons(e):
    data = (b"# example.com/my mod\n"
            b"./my dir/a:b.go:3:6: moved to heap: x\n"
            b"./c d.go:4:9: new(T) escapes to heap\n"
            b"/abs/with space/e:f.go:12:1: can inline F\n")
    log = e.write("dir with space/log:with:colons.txt", data)
    expect_report(e.run(["parse", "--format", "json", log]), data)
    e.assert_tmp_empty()


def multiline_messages(e):
    data = (b"# example.com/m\n"
            b"./main.go:5:9: cannot use x (variable of type int) as string value in return statement:\n"
            b"\tint does not implement fmt.Stringer (missing method String)\n"
            b"\t\thave string()\n"
            b"./main.go:7:2: x escapes to heap:\n"
            b"./main.go:7:2:   flow: {heap} = &x:\n"
            b"./main.go:7:2:     from &x (address-of) at ./main.go:8:9\n"
            b"./main.go:7:2: moved to heap: x\n"
            b"./main.go:9:3: string(\"a\nb\") escapes to heap\n")
    parse_json(e, "multiline.log", data)


def missing_file(e):
    missing = e.path("no-such.log")
    expect_error(e.run(["parse", missing]), 2, missing)
    e.assert_tmp_empty()


def directory_as_log(e):
    d = e.path("adir")
    os.mkdir(d)
    expect_error(e.run(["parse", d]), 2, d)


def broken_pattern_regex(e):
    d = e.path("patterns")
    os.mkdir(d)
    shutil.copy(os.path.join(e.source_dir, "patterns", sorted(
        f for f in os.listdir(os.path.join(e.source_dir, "patterns")) if f.endswith(".json"))[0]),
        os.path.join(d, "good.json"))
    with open(os.path.join(d, "good.json")) as f:
        pattern = json.load(f)
    pattern["id"] = "broken-regex"
    match = pattern.setdefault("match", {})
    # Put a broken RE2 expression into the first string-valued regular expression field.
    keys = [k for k, v in match.items() if isinstance(v, str) and k not in ("kind",)]
    match[keys[0] if keys else "expr"] = "([unclosed"
    with open(os.path.join(d, "broken.json"), "w") as f:
        json.dump(pattern, f)
    log = e.write("m.log", e.sample_log(limit=8 * 1024))
    p = e.run(["parse", "--patterns", d, "--format", "json", log])
    expect_error(p, 2, None)
    expect("broken.json" in p.stderr, "the problem names its file", p)
    e.assert_tmp_empty()


def pattern_number_overflow(e):
    d = e.path("patterns")
    os.mkdir(d)
    with open(os.path.join(d, "huge.json"), "w") as f:
        f.write('{"id": "huge", "priority": 1E400}')
    log = e.write("m.log", b"")
    p = e.run(["parse", "--patterns", d, log])
    expect_error(p, 2, None)
    expect("huge.json" in p.stderr, "the problem names its file", p)


def pattern_go_min_overflow(e):
    d = e.path("patterns")
    os.mkdir(d)
    name = sorted(f for f in os.listdir(os.path.join(e.source_dir, "patterns"))
                  if f.endswith(".json"))[0]
    with open(os.path.join(e.source_dir, "patterns", name)) as f:
        pattern = json.load(f)
    pattern["id"] = "far-future"
    pattern["match"]["go_min"] = "1.99999999999"
    with open(os.path.join(d, "future.json"), "w") as f:
        json.dump(pattern, f)
    log = e.write("m.log", e.sample_log(limit=8 * 1024))
    p = e.run(["parse", "--patterns", d, log])
    expect(p.returncode == 2, "exit 2 for a Go release out of range", p)
    expect("future.json: match.go_min:" in p.stderr, "the problem names its file and field", p)
    expect(p.stdout == "", "nothing on stdout on an error", p)
    e.assert_tmp_empty()


def diff_function_line_not_integer(e):
    base = os.path.join(e.source_dir, "tests", "diff", "data", "base.json")
    with open(base) as f:
        report = json.load(f)
    report["functions"] = [{"function": "example.com/gate.Keep", "package": "example.com/gate",
                            "file": "a.go", "line": "x", "counts": {"moved_to_heap": 1}}]
    head = e.write("head.json", json.dumps(report).encode())
    p = e.run(["diff", base, head])
    expect_error(p, 2, head + ": functions[0].line: expected an integer")
    # The same for every reader of numbers in a report: deep in a finding.
    report["functions"] = []
    report["findings"][0]["flow"] = [{"reason": "return", "text": "t", "file": "a.go",
                                      "line": 12, "col": "3"}]
    head = e.write("head2.json", json.dumps(report).encode())
    expect_error(e.run(["diff", base, head]), 2, head + ": findings[0].flow[0].col: expected an integer")
    # A number JSON can write but no double can hold.
    head = e.write("head3.json", b'{"schema": "goescape/report/v1", "findings": [{"kind": "moved_to_heap", "line": 1E400}]}')
    expect_error(e.run(["diff", base, head]), 2, head + ": not JSON")
    e.assert_tmp_empty()


def profile_not_profile(e):
    garbage = e.write("garbage.prof", b"\x1f\x8b not really gzip\n")
    log = e.write("m.log", e.sample_log(limit=8 * 1024))
    p = e.run(["parse", "--profile", garbage, log])
    # Reading a profile needs `go tool pprof`: without go that is exit 3.
    want = 2 if shutil.which("go") else 3
    expect_error(p, want, None)
    expect(garbage in p.stderr or want == 3, "the error names the profile", p)
    e.assert_tmp_empty()


def output_missing_dir(e):
    log = e.write("m.log", e.sample_log(limit=8 * 1024))
    target = e.path("no/such/dir/out.json")
    expect_error(e.run(["parse", "--format", "json", "-o", target, log]), 2, None)
    expect(not os.path.exists(e.path("no")), "no directory created")
    e.assert_tmp_empty()


def output_onto_directory(e):
    log = e.write("m.log", e.sample_log(limit=8 * 1024))
    target = e.path("outdir")
    os.mkdir(target)
    expect_error(e.run(["parse", "--format", "json", "-o", target, log]), 2, None)
    expect(os.path.isdir(target) and os.listdir(target) == [], "the directory is untouched")
    expect(sorted(os.listdir(e.work)) == ["m.log", "outdir", "tmp"], "no stray file")
    e.assert_tmp_empty()


def output_failed_run(e):
    target = e.path("report.json")
    missing = e.path("no-such.log")
    expect_error(e.run(["parse", "--format", "json", "-o", target, missing]), 2, missing)
    expect(not os.path.exists(target), "a failed run creates no -o file")
    with open(target, "w") as f:
        f.write("previous report\n")
    expect_error(e.run(["parse", "--format", "json", "-o", target, missing]), 2, missing)
    with open(target) as f:
        expect(f.read() == "previous report\n", "a failed run leaves the -o file untouched")
    expect(sorted(os.listdir(e.work)) == ["report.json", "tmp"], "no stray temporary file")
    e.assert_tmp_empty()


# --- check: a broken module, no go -------------------------------------------

def make_module(e):
    module = e.path("module")
    os.mkdir(module)
    with open(os.path.join(module, "go.mod"), "w") as f:
        f.write("module example.com/m\n\ngo 1.22\n")
    with open(os.path.join(module, "main.go"), "w") as f:
        f.write("package main\n\nfunc main() {\n\tfoo()\n}\n")
    return module


def check_compile_error(e):
    module = make_module(e)
    env = dict(os.environ, FAKE_GO_MODE="compile-error")
    target = e.path("report.json")
    p = e.run(["check", "--go", e.fake_go, "-C", module, "-o", target], env=env)
    expect(p.returncode == 3, "exit 3 when the module does not build", p)
    expect("undefined: foo" in p.stderr, "the compile errors are forwarded", p)
    expect(sum(l.startswith("goescape:") for l in p.stderr.splitlines()) <= 1,
           "at most one goescape: line", p)
    expect(not os.path.exists(target), "no -o file when go failed")
    e.assert_tmp_empty()


def check_no_go(e):
    module = make_module(e)
    empty = e.path("empty-path")
    os.mkdir(empty)
    env = dict(os.environ, PATH=empty)
    target = e.path("report.json")
    expect_error(e.run(["check", "-C", module, "-o", target], env=env), 3, "go")
    expect(not os.path.exists(target), "no -o file without go")
    e.assert_tmp_empty()


CASES = {f.__name__: f for f in (
    binary_bytes, empty_log, truncated_block, long_line, crlf, invalid_utf8, nul_bytes,
    windows_paths, spaces_and_colons, multiline_messages, missing_file, directory_as_log,
    broken_pattern_regex, pattern_number_overflow, pattern_go_min_overflow,
    diff_function_line_not_integer, profile_not_profile, output_missing_dir, output_onto_directory,
    output_failed_run, check_compile_error, check_no_go)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES) + ["list"])
    ap.add_argument("--goescape", required=True)
    ap.add_argument("--fake-go", required=True)
    ap.add_argument("--source-dir", required=True)
    args = ap.parse_args()
    if args.case == "list":
        print("\n".join(CASES))
        return 0
    work = tempfile.mkdtemp(prefix="goescape-hostile-")
    try:
        CASES[args.case](Env(args, work))
    except Failed as err:
        print("FAIL {}: {}".format(args.case, err))
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok", args.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
