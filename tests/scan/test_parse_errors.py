"""Files that cannot be parsed are reported as ``parse-error`` errors, never skipped, when
they may access the database; a file no rule can reach is not parsed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.scan import ScanConfig, check_source
from novacat_persistence.scan.engine import check_file

ScanJson = Callable[..., tuple[int, dict[str, Any]]]
Project = Callable[[Mapping[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        (b"import boto3\ndef broken(:\n    pass\n", 2, "invalid syntax"),
        (b"x = 1\nif True:\nprint('no indent')\nscan = 1\n", 3, "indented block"),
        (b"name = '\xff\xfe not utf-8'\n", 1, "utf-8"),
        (b"# -*- coding: no-such-codec -*-\nx = 1\n", 1, "no-such-codec"),
        (b"query = 1\x00\n", 1, "null bytes"),
        (b"x = " + b"(" * 300 + b")" * 300 + b" # allow-db-access\n", 1, "parenthes"),
    ],
    ids=["syntax", "indentation", "bad-utf8", "unknown-codec", "null-byte", "too-nested"],
)
def test_unparsable_sources_are_parse_errors(source: bytes, line: int, words: str) -> None:
    (finding,) = check_source(source, "bad.py").findings
    assert (finding.rule, finding.line, finding.severity) == ("parse-error", line, "error")
    assert words in finding.message.lower()
    assert finding.message.startswith("cannot parse: ")


@pytest.mark.parametrize(
    ("terms", "words"),
    # 900 terms parse but are too deep to walk; 20,000 are too deep for the parser of every
    # Python the kit supports (3.13's parses 5,000)
    [(900, "too deeply nested to analyse"), (20_000, "recursion depth exceeded")],
    ids=["too-deep-to-resolve", "too-deep-to-parse"],
)
def test_too_deep_is_a_parse_error_not_a_crash(terms: int, words: str) -> None:
    source = "import boto3\nboto3.client(" + " + ".join(['"a"'] * terms) + ")\n"
    (finding,) = check_source(source).findings
    assert finding.rule == "parse-error"
    assert words in finding.message


def test_parse_errors_fail_the_scan_and_the_other_files_are_still_checked(
    project: Project, scan_json: ScanJson
) -> None:
    project(
        {
            "a_broken.py": "def put_item(:\n",
            "b_raw.py": 'import boto3\nboto3.client("dynamodb")\n',
            "c_latin.py": b"# -*- coding: latin-1 -*-\nname = '\xe9'\n",
        }
    )
    code, report = scan_json()
    assert code == 1
    assert [(f["path"], f["rule"]) for f in report["findings"]] == [
        ("a_broken.py", "parse-error"),
        ("b_raw.py", "db-client"),
    ]
    assert report["summary"]["files_checked"] == 3


def test_columns_count_characters_on_non_ascii_lines() -> None:
    source = 'import boto3\nnom = "é€"; c = boto3.client("dynamodb")\n'
    (finding,) = check_source(source).findings
    assert finding.column == source.splitlines()[1].index("boto3") + 1
    latin = "# -*- coding: latin-1 -*-\nimport boto3\nx = 'é'; boto3.client('dynamodb')\n"
    (finding,) = check_source(latin.encode("latin-1")).findings
    assert finding.column == latin.splitlines()[2].index("boto3") + 1


def test_a_file_that_cannot_be_read_is_a_parse_error(tmp_path: Path) -> None:
    (finding,) = check_file(str(tmp_path), "dir.py", ScanConfig(root=tmp_path)).findings
    assert (finding.path, finding.rule, finding.line) == ("dir.py", "parse-error", 1)
    assert finding.message.startswith("cannot read: Is a directory")


@pytest.mark.parametrize(
    "source",
    [b"def broken(:\n", b"x = 1\x00\n", b"# -*- coding: utf-8 -*-\nif True:\nx = 1\n"],
    ids=["syntax", "null-byte", "utf-8-declared"],
)
def test_a_file_no_rule_can_reach_is_not_parsed(source: bytes) -> None:
    """Plain ASCII naming no module, operation or suppression of the surface cannot access the
    database: its syntax is not the scan's business, and it is not parsed."""
    assert check_source(source, "other.py").findings == ()


@pytest.mark.parametrize(
    "source",
    [
        "import \uff42oto3\n\uff42oto3.client('dynamodb')\n".encode(),
        b"# coding: utf-7\nimport +AGI-oto3\n+AGI-oto3.client('dynamodb')\n",
    ],
    ids=["nfkc-identifier", "utf-7"],
)
def test_names_spelled_in_other_bytes_are_resolved(source: bytes) -> None:
    """A name that reaches Python as ``boto3`` without its bytes in the file (NFKC-normalized
    identifiers, a declared UTF-7 encoding) is found all the same."""
    (finding,) = check_source(source, "hidden.py").findings
    assert (finding.rule, finding.line) == ("db-client", source.count(b"\n"))
