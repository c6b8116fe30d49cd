"""``pytest --novacat-capture=DIR`` in a foreign repository's test session."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.capture.pytest_plugin import SECTION
from novacat_persistence.cli.main import main
from novacat_persistence.corpus import CORPUS_DIR

NOVAS = (CORPUS_DIR / "items/nova/1.0.0.jsonl").read_text(encoding="utf-8").splitlines()

CONFTEST = """
import json, os
import boto3, pytest
from moto import mock_aws

SEED = json.loads({seed!r})["Item"]

@pytest.fixture
def aws():
    os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x")
    os.environ["AWS_DEFAULT_REGION"] = "eu-west-1"
    with mock_aws():  # a fresh moto for every test
        client = boto3.client("dynamodb")
        for name in ("NovaCat", "Audit"):
            client.create_table(
                TableName=name,
                KeySchema=[
                    {{"AttributeName": "PK", "KeyType": "HASH"}},
                    {{"AttributeName": "SK", "KeyType": "RANGE"}},
                ],
                AttributeDefinitions=[
                    {{"AttributeName": a, "AttributeType": "S"}} for a in ("PK", "SK")
                ],
                BillingMode="PAY_PER_REQUEST",
            )
        client.put_item(TableName="NovaCat", Item=SEED)
        yield client
"""

SERVICE = """
import boto3

def store(client, item):
    client.put_item(TableName="NovaCat", Item=item)

def audit(events):
    table = boto3.resource("dynamodb").Table("Audit")
    with table.batch_writer() as batch:
        for number, event in enumerate(events):
            batch.put_item(Item={{"PK": "AUDIT", "SK": f"{{number:03}}", "event": event}})
    table.delete_item(Key={{"PK": "AUDIT", "SK": "000"}})
"""

TESTS = """
import json
from service import handler

def test_store(aws):
    handler.store(aws, json.loads({nova!r})["Item"])

def test_audit(aws):
    handler.audit(["created", "checked", "done"])
    assert aws.scan(TableName="Audit")["Count"] == 2

def test_audit_again(aws):  # a new moto: the same key in another life of the table
    handler.audit(["created again", "checked again"])
"""


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def where(path: Path, needle: str) -> str:
    """``file:line`` of the one line of ``path`` (relative to the cwd) holding ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, start=1) if needle in line]
    return f"{path.relative_to(Path.cwd())}:{number}"


@pytest.fixture
def foreign(pytester: pytest.Pytester) -> pytest.Pytester:
    """A small service repository whose tests write through moto, reset for every test."""
    pytester.makeconftest(CONFTEST.format(seed=NOVAS[0]))
    pytester.mkpydir("service").joinpath("handler.py").write_text(SERVICE.format())
    pytester.makepyfile(test_service=TESTS.format(nova=NOVAS[1]))
    return pytester


def test_a_foreign_session_is_captured_with_its_writers(foreign: pytest.Pytester) -> None:
    result = foreign.runpytest_subprocess("--novacat-capture=captured", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [f"*{SECTION}*", "*5 item(s) of 2 table(s) written to *captured", "*NovaCat.jsonl: 2"]
    )
    captured = foreign.path / "captured"
    assert sorted(p.name for p in captured.iterdir()) == ["Audit.jsonl", "NovaCat.jsonl"]
    seeded, stored = lines_of(captured / "NovaCat.jsonl")
    assert seeded["Item"] == json.loads(NOVAS[0])["Item"]  # seeded by both tests: listed once
    assert seeded["Capture"] == {
        "table": "NovaCat",
        "writes": [
            {
                "test": "test_service.py::test_store",
                "phase": "setup",
                "request": "PutItem",
                "at": where(foreign.path / "conftest.py", "Item=SEED"),
            }
        ],
    }
    assert stored["Item"] == json.loads(NOVAS[1])["Item"]
    handler = foreign.path / "service" / "handler.py"
    assert stored["Capture"]["writes"] == [
        {
            "test": "test_service.py::test_store",
            "phase": "call",
            "request": "PutItem",
            "at": where(handler, "client.put_item"),
        }
    ]
    audit = lines_of(captured / "Audit.jsonl")
    assert [line["Item"] for line in audit] == [
        {"PK": {"S": "AUDIT"}, "SK": {"S": "001"}, "event": {"S": "checked"}},
        {"PK": {"S": "AUDIT"}, "SK": {"S": "002"}, "event": {"S": "done"}},
        {"PK": {"S": "AUDIT"}, "SK": {"S": "001"}, "event": {"S": "checked again"}},
    ]
    assert {w["at"] for line in audit for w in line["Capture"]["writes"]} == {
        where(handler, "with table.batch_writer()")
    }


def test_captured_files_feed_replay_and_corpus_add(
    foreign: pytest.Pytester, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign.runpytest_subprocess("--novacat-capture=captured").assert_outcomes(passed=3)
    novas = foreign.path / "captured" / "NovaCat.jsonl"
    capsys.readouterr()
    assert main(["corpus", "replay", "--format", "json", "--no-progress", str(novas)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["lines"], report["readable"]) == (2, 2)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text('{"format": "novacat-corpus/1", "files": []}')
    added = ["--corpus", str(corpus), "--entity", "Nova", "--version", "1.0.0"]
    assert main(["corpus", "add", *added, "--workflow", "initialize_nova", str(novas)]) == 0
    assert main(["corpus", "verify", "--corpus", str(corpus)]) == 0
    assert lines_of(corpus / "items/nova/1.0.0.jsonl") == lines_of(novas)


def test_without_the_option_nothing_is_watched(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plain="""
import sys
from botocore.client import BaseClient

def test_untouched():
    assert BaseClient._make_api_call.__module__ == "botocore.client"
    assert "novacat_persistence.capture.recorder" not in sys.modules
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert SECTION not in result.stdout.str()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root.joinpath("out").write_text("x"), "*out exists and is not a folder"),
        (
            lambda root: root.joinpath("out").mkdir() or root.joinpath("out/old.jsonl").touch(),
            "*out is not empty (a capture never writes over earlier files): name a new folder",
        ),
    ],
)
def test_a_folder_that_cannot_take_the_capture_is_a_usage_error(
    pytester: pytest.Pytester, make: object, message: str
) -> None:
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    make(pytester.path)  # type: ignore[operator]
    result = pytester.runpytest("--novacat-capture=out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --novacat-capture: {message}"])
    assert len(result.stderr.lines) <= 2


def test_a_folder_that_cannot_be_created_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    pytester.path.joinpath("file").write_text("x")
    result = pytester.runpytest("--novacat-capture=file/out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: --novacat-capture: cannot create */file/out: Not a directory"]
    )


@pytest.fixture
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """An empty folder this process cannot write to (root writes anywhere but in /sys)."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        yield folder
        folder.chmod(0o755)
        return
    empty = [p for p in Path("/sys/kernel").glob("*") if p.is_dir() and not any(p.iterdir())]
    if not empty:
        pytest.skip("no empty folder of /sys/kernel to try as root")
    yield empty[0]


def test_a_folder_that_cannot_be_written_is_a_usage_error(
    pytester: pytest.Pytester, unwritable_folder: Path
) -> None:
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    result = pytester.runpytest(f"--novacat-capture={unwritable_folder}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: --novacat-capture: cannot write to {unwritable_folder}: Permission denied"]
    )


def test_a_session_split_over_workers_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    assert pytester.runpytest("--novacat-capture=out", "--numprocesses=0").ret == pytest.ExitCode.OK
    result = pytester.runpytest("--novacat-capture=other", "--numprocesses=2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --novacat-capture runs in one process: drop -n*"])
    assert not (pytester.path / "other").exists()
