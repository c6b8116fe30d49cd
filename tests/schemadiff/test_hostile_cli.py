"""``schemas diff`` under hostile input: generated bad paths, files and schemas. Every run
ends with exit 0 or 1 and a report, or exit 2 and one line on stderr: never a traceback, and
nothing is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.schemadiff import MAX_DEPTH

from ..cli_runs import Run, assert_refused, files_under, run_cli

VALID = '{"type": "object", "properties": {"a": {"type": "string"}}}'
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["#", "#/$defs/a", "#/properties/a", "http://x/y.json", "#/~2", ""]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "properties",
                    "required",
                    "items",
                    "prefixItems",
                    "anyOf",
                    "oneOf",
                    "allOf",
                    "$ref",
                    "$defs",
                    "enum",
                    "const",
                    "minimum",
                    "maxLength",
                    "pattern",
                    "format",
                    "additionalProperties",
                    "not",
                    "discriminator",
                    "default",
                    "title",
                    "dependentSchemas",
                    "patternProperties",
                    "uniqueItems",
                    "a",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
"""JSON values built mostly from schema keywords, with values of any type where they go."""


def deep(levels: int) -> str:
    return '{"items": ' * levels + "{}" + "}" * levels


BAD_TEXTS: dict[str, str | bytes] = {
    "empty": "",
    "not JSON": "{not json",
    "array": "[1, 2]",
    "number": "42",
    "null": "null",
    "string": '"schema"',
    "bad UTF-8": b'{"a": "\xff\xfe"}',
    "UTF-16": '{"type": "string"}'.encode("utf-16"),
    "lone surrogate": '{"title": "\\ud800"}',
    "huge integer": '{"minimum": ' + "9" * 5000 + "}",
    "self $ref": '{"$ref": "#"}',
    "cyclic $refs": '{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, '
    '"b": {"$ref": "#/$defs/a"}}}',
    "unresolvable $ref": '{"$ref": "#/$defs/missing"}',
    "remote $ref": '{"$ref": "http://example.org/schema.json"}',
    "$ref not a string": '{"$ref": 7}',
    "too deep": deep(MAX_DEPTH + 1),
    "far too deep": deep(100_000),
    "properties not an object": '{"properties": [1]}',
    "required not strings": '{"required": [1]}',
    "type not a string": '{"type": 5}',
}


def check(run: Run, before: dict[str, bytes], folder: Path, *, output: str) -> None:
    """The outcome every hostile run must have: a report in ``output`` format, or a refusal."""
    assert files_under(folder) == before, "schemas diff wrote a file"
    assert "Traceback" not in run.out + run.err
    if run.code == 2:
        assert_refused(run)
        assert run.out == ""
        return
    assert run.code in (0, 1) and run.err == "", run
    if output == "json":
        assert json.loads(run.out)["format"] == "novacat-schemadiff/1"
    else:
        assert "summary:" in run.out


def diff_in(folder: Path, old: str, new: str, *options: str) -> Run:
    before = files_under(folder)
    run = run_cli("schemas", "diff", old, new, *options)
    check(run, before, folder, output="json" if "json" in options else "text")
    return run


def refused_on_either_side(make_bad: Callable[[Path], Path], bad_side: bool) -> Run:
    """``schemas diff`` of a valid schema and what ``make_bad`` puts in a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        good = folder / "good.json"
        good.write_text(VALID, encoding="utf-8")
        bad = make_bad(folder)
        old, new = (bad, good) if bad_side else (good, bad)
        return diff_in(folder, str(old), str(new))


def _bad_file(content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        bad = folder / "bad.json"
        bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return bad

    return make


@given(text=st.sampled_from(sorted(BAD_TEXTS)), bad_side=st.booleans())
@settings(deadline=None, max_examples=2 * len(BAD_TEXTS))
def test_a_file_that_is_not_a_usable_schema_is_one_line_and_exit_2(
    text: str, bad_side: bool
) -> None:
    run = refused_on_either_side(_bad_file(BAD_TEXTS[text]), bad_side)
    assert run.code == 2, (text, run)


PATHS: dict[str, Callable[[Path], Path]] = {
    "missing": lambda folder: folder / "absent.json",
    "a directory": lambda folder: folder,
    "a FIFO": lambda folder: _fifo(folder / "fifo.json"),
    "/dev/zero": lambda folder: Path("/dev/zero"),
    "a symbolic link loop": lambda folder: _loop(folder / "loop.json"),
    "a dangling link": lambda folder: _dangling(folder / "dangling.json"),
    "a name too long": lambda folder: folder / ("x" * 300 + ".json"),
    "under a file": lambda folder: folder / "good.json" / "inner.json",
}


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to("absent-target.json")
    return path


@given(kind=st.sampled_from(sorted(PATHS)), bad_side=st.booleans())
@settings(deadline=None, max_examples=2 * len(PATHS))
def test_a_path_that_is_not_a_readable_file_is_one_line_and_exit_2(
    kind: str, bad_side: bool
) -> None:
    run = refused_on_either_side(PATHS[kind], bad_side)
    assert run.code == 2, (kind, run)


@given(
    old=json_values,
    new=json_values,
    direction=st.sampled_from(["backward", "full"]),
    output=st.sampled_from(["text", "json"]),
)
@SETTINGS
def test_generated_schemas_give_a_report_or_one_line(
    old: Any, new: Any, direction: str, output: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, document in (("old.json", old), ("new.json", new)):
            (folder / name).write_text(json.dumps(document), encoding="utf-8")
        options = ("--direction", direction, "--format", output)
        diff_in(folder, str(folder / "old.json"), str(folder / "new.json"), *options)


def test_the_installed_command_prints_one_line_without_a_traceback(tmp_path: Path) -> None:
    # In a real process: the deepest and the most broken input alike.
    (tmp_path / "deep.json").write_text(deep(100_000), encoding="utf-8")
    _fifo(tmp_path / "fifo.json")
    for old, new in (("deep.json", "deep.json"), ("fifo.json", "deep.json")):
        done = subprocess.run(
            [sys.executable, "-m", "novacat_persistence.cli.main", "schemas", "diff", old, new],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2 and done.stdout == "", done
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
