#!/usr/bin/env python3
"""Checks the metadata a user's workflow depends on.

action.yml: valid against the action metadata schema (tests/ship/action-schema.json,
the composite-action part of GitHub's syntax); every input is in the README's input
table with the same default, is passed to the run step, and the variable it becomes
is read and documented by scripts/action-run; every output maps to a step output the
script writes; every script a step runs exists and is executable.

.pre-commit-hooks.yaml: each hook is complete, its entry script exists and is
executable, and the README's pre-commit snippet names a hook that exists.

    validate_metadata.py SOURCE_DIR             check the repository
    validate_metadata.py SOURCE_DIR --self-test  check that broken copies are caught

Exit 77 (a ctest skip) without PyYAML (python3-yaml) or jsonschema.
"""
import json
import os
import pathlib
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"SKIP: {e.name} is not installed (python3-yaml, python3-jsonschema)")
    sys.exit(77)

HERE = pathlib.Path(__file__).resolve().parent


def readme_inputs(readme):
    """{name: default cell} from the table headed `| input | default | meaning |`."""
    lines = readme.splitlines()
    try:
        start = next(i for i, line in enumerate(lines)
                     if re.match(r"^\|\s*input\s*\|\s*default\s*\|", line))
    except StopIteration:
        return None
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = re.fullmatch(r"`([^`]+)`", cells[0])
        if name:
            rows[name.group(1)] = cells[1]
    return rows


def check(root, action_text, readme, script, hooks_text):
    """The problems found, one line each."""
    problems = []
    action = yaml.safe_load(action_text)
    schema = json.loads((HERE / "action-schema.json").read_text())
    for error in jsonschema.Draft7Validator(schema).iter_errors(action):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"action.yml: {where}: {error.message}")
    if problems:
        return problems

    inputs = action.get("inputs", {})
    steps = action["runs"]["steps"]

    # Inputs against the README's table.
    table = readme_inputs(readme)
    if table is None:
        problems.append("README.md: no `| input | default | meaning |` table")
        table = {}
    for name in sorted(set(inputs) - set(table)):
        problems.append(f"README.md: input {name} is missing from the table")
    for name in sorted(set(table) - set(inputs)):
        problems.append(f"README.md: the table lists {name}, which action.yml lacks")
    for name in sorted(set(inputs) & set(table)):
        default = inputs[name].get("default", "")
        cell = table[name]
        if default and cell != f"`{default}`":
            problems.append(f"README.md: {name}: default {cell}, action.yml says `{default}`")
        if not default and not cell.startswith("("):
            problems.append(f"README.md: {name}: default {cell}, action.yml has none")

    # Inputs reach the script through environment variables it reads.
    env_of_input = {}
    for step in steps:
        for var, value in (step.get("env") or {}).items():
            for name in re.findall(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}", str(value)):
                env_of_input[name] = var
    for name in inputs:
        var = env_of_input.get(name)
        if var is None:
            problems.append(f"action.yml: input {name} is passed to no step")
            continue
        if not re.search(r"\$\{?" + re.escape(var) + r"\b", script):
            problems.append(f"scripts/action-run: never reads {var} (input {name})")
        if not re.search(r"^#\s+" + re.escape(var) + r"\b", script, re.M):
            problems.append(f"scripts/action-run: {var} (input {name}) is not documented")
    for step in steps:
        for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", json.dumps(step)):
            if name not in inputs:
                problems.append(f"action.yml: a step uses inputs.{name}, which is not declared")

    # Outputs map to step outputs the script writes.
    ids = {step.get("id") for step in steps}
    for name, output in (action.get("outputs") or {}).items():
        m = re.fullmatch(r"\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\s*\}\}",
                         output["value"])
        if not m or m.group(1) not in ids:
            problems.append(f"action.yml: output {name} does not name a step's output")
            continue
        if not re.search(r"set_output " + re.escape(m.group(2)) + r"\b", script):
            problems.append(f"scripts/action-run: never writes the output {m.group(2)}")

    # Scripts the steps run.
    for step in steps:
        for path in re.findall(r"\$GITHUB_ACTION_PATH/([^\s\"']+)", step.get("run", "")):
            file = root / path
            if not (file.is_file() and os.access(file, os.X_OK)):
                problems.append(f"action.yml: runs {path}, which is not an executable file")

    # pre-commit hooks.
    hooks = yaml.safe_load(hooks_text)
    if not isinstance(hooks, list) or not hooks:
        return problems + [".pre-commit-hooks.yaml: not a list of hooks"]
    hook_ids = set()
    for hook in hooks:
        for key in ("id", "name", "entry", "language"):
            if not isinstance(hook.get(key), str):
                problems.append(f".pre-commit-hooks.yaml: a hook lacks {key}")
        hook_ids.add(hook.get("id"))
        if hook.get("language") not in ("script", "system"):
            problems.append(f".pre-commit-hooks.yaml: {hook.get('id')}: language "
                            f"{hook.get('language')} needs an environment we do not provide")
        if hook.get("language") == "script":
            entry = root / str(hook.get("entry", "")).split()[0]
            if not (entry.is_file() and os.access(entry, os.X_OK)):
                problems.append(f".pre-commit-hooks.yaml: entry {entry.name} is not executable")
        if not (hook.get("types") or hook.get("files")):
            problems.append(f".pre-commit-hooks.yaml: {hook.get('id')} selects no files")
    snippet_ids = re.findall(r"^\s*-\s*id:\s*(\S+)", readme, re.M)
    if not snippet_ids:
        problems.append("README.md: no pre-commit snippet (`- id: ...`)")
    for name in snippet_ids:
        if name not in hook_ids:
            problems.append(f"README.md: the pre-commit snippet names hook {name}, which is undefined")
    return problems


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    texts = [(root / name).read_text(encoding="utf-8")
             for name in ("action.yml", "README.md", "scripts/action-run",
                          ".pre-commit-hooks.yaml")]
    if sys.argv[2:] == ["--self-test"]:
        action, readme, script, hooks = texts
        broken = {
            "an input missing from the README":
                (action, re.sub(r"^\| `max-new` .*\n", "", readme, flags=re.M), script, hooks),
            "a README default that differs":
                (action, readme.replace("| `packages` | `./...` |", "| `packages` | `.` |"),
                 script, hooks),
            "an input the script never reads":
                (action, readme, script.replace("GOESCAPE_MAX_NEW", "GOESCAPE_BUDGET"), hooks),
            "an unknown key (schema)":
                (action.replace("runs:\n", "runs:\n  image: x\n", 1), readme, script, hooks),
            "an output the script never writes":
                (action, readme, script.replace("set_output failed", "set_output verdict"), hooks),
            "a hook entry that does not exist":
                (action, readme, script, hooks.replace("entry: scripts/", "entry: nowhere/")),
        }
        ok = True
        for what, args in broken.items():
            if args == tuple(texts):
                print(f"FAIL: the self-test could not make {what} (the files changed?)")
                ok = False
            elif not check(root, *args):
                print(f"FAIL: {what} was not caught")
                ok = False
        if check(root, *texts):
            print("FAIL: the repository's own files have problems")
            ok = False
        print("ok" if ok else "")
        return 0 if ok else 1

    problems = check(root, *texts)
    for p in problems:
        print(p)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
