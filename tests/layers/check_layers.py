#!/usr/bin/env python3
"""The layers of src/ (DESIGN.md, "The pipeline, and a folder per stage"), checked
from the source text:

  check_layers.py SRC_DIR README      check the tree; exit 1 with one line per problem
  check_layers.py --self-test         check that a broken tree is caught

Builds the graph of src/ folders from the `#include "folder/..."` lines and
fails when
  - a folder includes one of its own tier or a higher one (the tiers below:
    dependencies point one way, so the graph has no cycle);
  - the graph has a cycle (also among folders the table does not know yet);
  - code outside src/runner/ starts a process (fork, exec*, posix_spawn,
    popen, system, clone), comments and string literals left aside;
  - a folder holding C++ is missing from the tier table or from the README's
    layout section.
"""

import os
import re
import shutil
import sys
import tempfile

# Lower tiers first; a folder may include its own headers and lower tiers'.
TIERS = {
    "support": 0,
    "model": 1,
    "runner": 2, "parse": 2, "source": 2, "catalog": 2, "profile": 2,
    "analysis": 3,
    "output": 4,
    "app": 5,
    "cli": 6,
}
PROCESS_STARTERS = re.compile(
    r"(?<![\w.>])(?:std::|::)?"
    r"(fork|vfork|_Fork|execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|"
    r"posix_spawn|posix_spawnp|popen|system|clone|clone3)\s*\(")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_0-9]+)/', re.M)
CPP = (".cpp", ".hpp", ".cc", ".h")


def code_only(text):
    """`text` with comments and string/char literals blanked, lines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i)
            delim = ")" + text[i + 2:open_paren] + '"'
            j = text.find(delim, open_paren)
            j = n if j < 0 else j + len(delim)
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def folders(src):
    """{folder: [files]} for the folders of `src` that hold C++."""
    found = {}
    for name in sorted(os.listdir(src)):
        top = os.path.join(src, name)
        if not os.path.isdir(top):
            continue
        files = [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs if f.endswith(CPP)]
        if files:
            found[name] = sorted(files)
    return found


def find_cycle(graph):
    """One cycle of `graph` ({node: set(nodes)}) as a list, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def check(src, readme):
    problems = []
    tree = folders(src)
    graph = {name: set() for name in tree}
    with open(readme, encoding="utf-8") as f:
        readme_text = f.read()
    for name, files in tree.items():
        if name not in TIERS:
            problems.append("src/{}: not in the tier table of {}; add it where it belongs".format(
                name, os.path.relpath(__file__)))
        if not re.search(r"^src/{}\s".format(re.escape(name)), readme_text, re.M):
            problems.append("src/{}: missing from the README's layout section".format(name))
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            rel = os.path.relpath(path, os.path.dirname(src))
            for dep in INCLUDE.findall(text):
                if dep == name or dep not in tree:
                    continue
                graph[name].add(dep)
                if name in TIERS and dep in TIERS and TIERS[dep] >= TIERS[name]:
                    problems.append("{}: includes {}/, which is not below {}/".format(rel, dep, name))
            if name == "runner":
                continue
            code = code_only(text)
            for m in PROCESS_STARTERS.finditer(code):
                line = code.count("\n", 0, m.start()) + 1
                problems.append("{}:{}: starts a process ({}); only src/runner/ may".format(
                    rel, line, m.group(1)))
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle: " + " -> ".join(cycle))
    return problems


def self_test():
    """A tree with each kind of problem must fail with each of them."""
    work = tempfile.mkdtemp(prefix="goescape-layers-")
    try:
        src = os.path.join(work, "src")

        def put(path, text):
            full = os.path.join(src, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)

        put("support/a.hpp", '#include "model/x.hpp"\n')
        put("model/x.hpp", '#include "support/a.hpp"\n')
        put("analysis/b.cpp", '// fork() in a comment is fine\nconst char* s = "system(x)";\n'
                              'int f() { return ::fork(); }\n')
        put("runner/p.cpp", "int g() { return fork(); }\n")
        put("newstage/c.cpp", '#include "newstage/c.hpp"\n')
        put("gofacts/main.go", "package main\n")
        readme = os.path.join(work, "README.md")
        with open(readme, "w") as f:
            f.write("src/support   x\nsrc/model   x\nsrc/analysis   x\nsrc/runner   x\n")
        got = check(src, readme)
        wanted = [
            "src/support/a.hpp: includes model/, which is not below support/",
            "src/analysis/b.cpp:3: starts a process (fork); only src/runner/ may",
            "src/newstage: not in the tier table",
            "src/newstage: missing from the README's layout section",
            "include cycle: model -> support -> model",
        ]
        missing = [w for w in wanted if not any(g.startswith(w) for g in got)]
        unexpected = [g for g in got if not any(g.startswith(w) for w in wanted)]
        if missing or unexpected:
            print("self-test failed:\n  got: {}\n  missing: {}\n  unexpected: {}".format(
                got, missing, unexpected))
            return 1
        print("self-test ok: {} problems found in the broken tree".format(len(got)))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 3:
        print(__doc__)
        return 2
    src, readme = argv[1], argv[2]
    if not os.path.isdir(src) or not folders(src):
        print("FAIL: no C++ folders under {}".format(src))
        return 1
    problems = check(src, readme)
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print("ok: {} folders, no upward include, no cycle, processes started in src/runner/ only"
          .format(len(folders(src))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
