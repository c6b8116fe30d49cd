"""Hostile input for ``novacat-persistence scan``: generated bad paths, files and configurations.

Whatever it is given, the CLI ends with exit 0, 1 or 2, never a traceback. A usage problem
(a path or configuration it cannot use) is exit 2 with one line on stderr, before anything is
written: no report on stdout, no ``--output`` file. A file met while walking that cannot be
read or analysed is a ``parse-error`` finding in a report that is written whole.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.scan import RULES

ScanCli = Callable[..., tuple[int, str, str]]
UsageError = Callable[..., None]
SharedTree = Callable[[], AbstractContextManager[Path]]
Unprivileged = Callable[[], AbstractContextManager[None]]
Subprocess = Callable[..., subprocess.CompletedProcess[str]]

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    # The fixtures only hand out stateless helpers; each example makes its own directory.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
RAW = 'import boto3\nboto3.client("dynamodb")\n'


# --- paths -----------------------------------------------------------------------------------

UNUSABLE_PATHS = (
    "missing",
    "fifo",
    "self-loop",
    "two-link-loop",
    "broken-link",
    "loop-on-the-way",
    "under-a-file",
    "locked-dir",
    "inside-locked-dir",
    "link-into-locked-dir",
    "unreadable-file",
)
"""Kinds of named path the scan cannot use: each is a usage error."""


def make_unusable(directory: Path, kind: str, name: str, locked: Path) -> str:
    """Create a path of ``kind`` named ``name`` in ``directory``; return it, absolute.

    ``locked`` is a folder no one but root may enter, holding ``secret.py``.
    """
    path = directory / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "self-loop":
        os.symlink(path.name, path)
    elif kind == "two-link-loop":
        os.symlink(f"{name}.other", path)
        os.symlink(path.name, directory / f"{name}.other")
    elif kind == "broken-link":
        os.symlink(f"{name}.gone", path)
    elif kind == "loop-on-the-way":
        os.symlink(path.name, path)
        path = path / "module.py"
    elif kind == "under-a-file":
        path.write_text("x = 1\n")
        path = path / "module.py"
    elif kind == "locked-dir":
        path = locked
    elif kind == "inside-locked-dir":
        path = locked / "secret.py"
    elif kind == "link-into-locked-dir":
        os.symlink(locked / "secret.py", path)
    elif kind == "unreadable-file":
        path.write_text(RAW)
        path.chmod(0)
    return str(path)


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=20
).map(lambda name: f"n_{name}")


@HOSTILE
@given(
    case=st.tuples(
        st.sampled_from(UNUSABLE_PATHS),
        names,
        st.sampled_from(("path", "config")),
        st.sampled_from(("text", "json", "sarif")),
        st.booleans(),
    ),
)
def test_an_unusable_named_path_is_one_usage_line_and_nothing_written(
    scan_cli: ScanCli,
    usage_error: UsageError,
    shared_tree: SharedTree,
    permissions_apply: Unprivileged,
    case: tuple[str, str, str, str, bool],
) -> None:
    # What the bad path is, its name, named as PATH or --config, report format, PATH order.
    kind, name, where, fmt, good_first = case
    with shared_tree() as root:
        (root / "good.py").write_text(RAW)
        bad = make_unusable(root, kind, name, root / "locked")
        report = root / "report.out"
        options = ["--format", fmt, "--output", str(report)]
        if where == "config":
            args = [*options, "--config", bad, str(root / "good.py")]
        else:
            paths = [str(root / "good.py"), bad]
            args = [*options, *(paths if good_first else reversed(paths))]
        with permissions_apply():
            code, out, err = scan_cli(*args)
        usage_error(code, err)
        assert out == ""
        assert not report.exists()


# --- files met while walking -----------------------------------------------------------------


def nested(shape: str, depth: int) -> str:
    """A module whose one expression nests ``depth`` deep in ``shape``."""
    shapes = {
        "parentheses": lambda n: "x = " + "(" * n + "1" + ")" * n,
        "attributes": lambda n: "x = table" + ".meta" * n + ".client",
        "calls": lambda n: "x = " + "f(" * n + ")" * n,
        "concatenation": lambda n: "boto3.client(" + " + ".join(['"a"'] * n) + ")",
        "kwargs-dict": lambda n: "t.query(**" + '{"Key": ' * n + "1" + "}" * n + ")",
        "bindings": lambda n: (
            "\n".join(f"a{i + 1} = a{i}" for i in range(n)) + f"\nboto3.client(a{n})"
        ),
        "method-chain": lambda n: "t" + ".query(KeyConditionExpression=k)" * n,
        "unary": lambda n: "x = " + "-" * n + "1",
        "subscripts": lambda n: "x = a" + "[0]" * n,
    }
    return "import boto3\n" + shapes[shape](depth) + "\n"


sources = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda text: text.encode("utf-16")),
    st.text(max_size=500).map(lambda text: b"x = '" + text.encode("utf-8", "surrogatepass")),
    st.integers(10_000, 400_000).map(lambda n: b"x = '" + b"a" * n + b"'\n" + RAW.encode()),
    st.builds(
        nested,
        st.sampled_from(
            (
                "parentheses",
                "attributes",
                "calls",
                "concatenation",
                "kwargs-dict",
                "bindings",
                "method-chain",
                "unary",
                "subscripts",
            )
        ),
        st.integers(1, 3000),
    ).map(str.encode),
)

UNREADABLE_ENTRIES = ("fifo", "self-loop", "two-link-loop", "link-into-locked-dir")
"""Kinds of ``*.py`` entry that cannot be read when met while walking: each a parse-error."""


@HOSTILE
@given(
    contents=st.lists(sources, min_size=1, max_size=4),
    unreadable=st.lists(st.sampled_from(UNREADABLE_ENTRIES), max_size=3, unique=True),
)
def test_hostile_files_while_walking_are_findings_in_a_whole_report(
    scan_cli: ScanCli,
    shared_tree: SharedTree,
    permissions_apply: Unprivileged,
    contents: list[bytes],
    unreadable: list[str],
) -> None:
    with shared_tree() as root:
        tree = root / "tree"
        tree.mkdir()
        for index, content in enumerate(contents):
            (tree / f"m{index}.py").write_bytes(content)
        for kind in unreadable:
            make_unusable(tree, kind, f"{kind}.py", root / "locked")
        report = root / "report.json"
        with permissions_apply():
            code, out, err = scan_cli("--format", "json", "--output", str(report), str(tree))
        assert code in (0, 1), err
        assert (out, err) == ("", "")
        document = json.loads(report.read_text())
        findings: list[dict[str, Any]] = document["findings"]
        assert {finding["rule"] for finding in findings} <= set(RULES)
        assert document["summary"]["files_checked"] == len(contents) + len(unreadable)
        reported = {Path(f["path"]).name for f in findings if f["rule"] == "parse-error"}
        assert {f"{kind}.py" for kind in unreadable} <= reported
        assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_file_names_with_line_breaks_and_undecodable_bytes_stay_one_line_per_finding(
    shared_dir: Path, scan_cli: ScanCli, fmt: str
) -> None:
    tree = shared_dir / "tree"
    tree.mkdir()
    for name in (b"line\nbreak.py", b"undecodable-\xff.py", b"form\x0cfeed.py"):
        (tree / os.fsdecode(name)).write_text(RAW)
    report = shared_dir / "report"
    code, out, err = scan_cli("--format", fmt, "--output", str(report), "tree")
    assert (code, out, err) == (1, "", "")
    text = report.read_text(encoding="utf-8")
    if fmt == "text":
        lines = text.splitlines()
        assert len(lines) == 4
        assert {line.split(":")[0] for line in lines[:3]} == {
            "tree/line\\nbreak.py",
            "tree/undecodable-\\udcff.py",
            "tree/form\\x0cfeed.py",
        }
    elif fmt == "json":
        assert len(json.loads(text)["findings"]) == 3
    else:
        (run,) = json.loads(text)["runs"]
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        assert uris == {"tree/line%0Abreak.py", "tree/undecodable-%FF.py", "tree/form%0Cfeed.py"}


# --- configurations --------------------------------------------------------------------------


def toml_value(value: object) -> str:
    """``value`` (str, bool, int, list, dict) written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    pairs = (f"{toml_value(key)} = {toml_value(item)}" for key, item in value.items())
    return "{ " + ", ".join(pairs) + " }"


globs = st.text(alphabet="ab/*?[]!-.^\\", min_size=1, max_size=12)
rule_ids = st.sampled_from(sorted(RULES)) | st.text(max_size=12)
levels = st.sampled_from(("error", "warning")) | st.text(max_size=8)
plain_values = st.one_of(
    st.booleans(), st.integers(-5, 5), st.text(max_size=10), st.lists(st.integers(), max_size=2)
)
pattern_lists = st.lists(globs | st.text(max_size=10), max_size=3) | plain_values
scan_tables = st.fixed_dictionaries(
    {},
    optional={
        "allow": pattern_lists,
        "include": pattern_lists,
        "exclude": pattern_lists,
        "severity": st.dictionaries(rule_ids, levels | plain_values, max_size=3) | plain_values,
        "unknown-key": plain_values,
    },
)


@HOSTILE
@given(table=scan_tables, garbage=st.none() | st.text(max_size=60))
def test_hostile_configurations_are_one_usage_line_or_a_scan(
    scan_cli: ScanCli,
    usage_error: UsageError,
    shared_tree: SharedTree,
    table: dict[str, object],
    garbage: str | None,
) -> None:
    with shared_tree() as root:
        (root / "app.py").write_text(RAW)
        body = "".join(f"{toml_value(key)} = {toml_value(value)}\n" for key, value in table.items())
        document = f"[tool.novacat-persistence.scan]\n{body}" + (garbage or "")
        (root / "pyproject.toml").write_text(document, encoding="utf-8")
        report = root / "report.txt"
        code, out, err = scan_cli("--output", str(report), str(root / "app.py"))
        if code == 2:
            usage_error(code, err, "pyproject.toml")
            assert not report.exists()
        else:
            assert (code in (0, 1), out, err) == (True, "", "")
            # the summary line; an allow pattern may skip the one file named ("0 files checked")
            assert re.search(r"\b\d+ files? checked", report.read_text())
        severity = table.get("severity", {})
        bad_severity = not isinstance(severity, dict) or any(
            rule not in RULES or level not in ("error", "warning")
            for rule, level in severity.items()
        )
        bad_lists = any(
            not (isinstance(value, list) and all(isinstance(item, str) for item in value))
            for key, value in table.items()
            if key in ("allow", "include", "exclude")
        )
        if "unknown-key" in table or bad_severity or bad_lists:
            assert code == 2


@HOSTILE
@given(
    pattern=globs | st.text(max_size=12), option=st.sampled_from(("include", "exclude", "allow"))
)
def test_any_glob_is_either_used_or_refused_by_name(
    scan_cli: ScanCli,
    usage_error: UsageError,
    shared_tree: SharedTree,
    pattern: str,
    option: str,
) -> None:
    with shared_tree() as root:
        (root / "app.py").write_text(RAW)
        (root / "pyproject.toml").write_text(
            f"[tool.novacat-persistence.scan]\n{option} = [{toml_value(pattern)}]\n"
        )
        code, _, err = scan_cli(str(root))
        if code == 2:
            usage_error(code, err, option)
        else:
            assert code in (0, 1) and err == ""
        if "[" in pattern and "]" not in pattern[pattern.rindex("[") :]:
            assert code == 2  # a class that is never closed never silently matches nothing


# --- a few runs in a fresh interpreter ---------------------------------------------------------


def test_hostile_input_in_a_fresh_interpreter(
    shared_dir: Path, scan_subprocess: Subprocess, usage_error: UsageError
) -> None:
    (shared_dir / "deep.py").write_bytes(nested("bindings", 5000).encode())
    (shared_dir / "binary.py").write_bytes(bytes(range(256)) * 4)
    os.symlink("loop.py", shared_dir / "loop.py")
    (shared_dir / "broken.toml").write_text("[tool.novacat-persistence.scan\nallow = [")

    done = scan_subprocess("--format", "json", "deep.py", "binary.py")
    assert (done.returncode, done.stderr) == (1, "")
    rules = [(f["path"], f["rule"]) for f in json.loads(done.stdout)["findings"]]
    assert rules == [("binary.py", "parse-error"), ("deep.py", "parse-error")]

    for args, words in (
        (["loop.py"], ["symbolic link loop"]),
        (["--config", "broken.toml", "deep.py"], ["broken.toml", "invalid TOML"]),
        (["--output", "missing/report.txt", "deep.py"], ["cannot write missing/report.txt"]),
    ):
        done = scan_subprocess(*args)
        usage_error(done.returncode, done.stderr, *words)
        assert done.stdout == ""
