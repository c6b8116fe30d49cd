"""Report formats: text lines, JSON, SARIF 2.1.0 (checked structurally), and --output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.scan import RULES

Project = Callable[[Mapping[str, str | bytes]], Path]

FILES: Mapping[str, str] = {
    "app/store.py": 'import boto3\n\nTABLE = boto3.resource("dynamodb").Table("t")\n',
    "app/dyn.py": "import boto3\n\n\ndef make(name):\n    return boto3.client(name)\n",
    "app/clean.py": 'import boto3\n\ns3 = boto3.client("s3")\n',
    "app/ok.py": 'import boto3\nx = boto3.client("dynamodb")  # novacat: allow-db-access(test)\n',
}


def test_text_format(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project(FILES)
    assert main(["scan", "app"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "app/dyn.py:5:12 unresolved-client warning: boto3.client(...) creates a client whose "
        "service name cannot be resolved statically; " + RULES["unresolved-client"].fix,
        "app/store.py:3:9 db-resource error: boto3.resource('dynamodb') creates a DynamoDB "
        "resource; " + RULES["db-resource"].fix,
        "app/store.py:3:36 db-table error: .Table(...) opens a DynamoDB table; "
        + RULES["db-table"].fix,
    ]
    assert lines[3:] == [
        "novacat-persistence scan: 4 files checked: 2 errors, 1 warning, 1 suppressed, "
        "0 allowed files skipped"
    ]
    for line in lines[:3]:
        assert re.fullmatch(r"\S+:\d+:\d+ [a-z-]+ (error|warning): .+", line)


def test_json_format(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project(FILES)
    assert main(["scan", "--format", "json", "app"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["tool"] == "novacat-persistence"
    assert [
        (f["path"], f["line"], f["column"], f["rule"], f["severity"]) for f in report["findings"]
    ] == [
        ("app/dyn.py", 5, 12, "unresolved-client", "warning"),
        ("app/store.py", 3, 9, "db-resource", "error"),
        ("app/store.py", 3, 36, "db-table", "error"),
    ]
    assert all(f["message"].endswith("(INV-011)") for f in report["findings"])
    assert report["summary"] == {
        "files_checked": 4,
        "files_allowed": 0,
        "errors": 2,
        "warnings": 1,
        "suppressed": 1,
    }


def test_sarif_format(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project({**FILES, "app/with space.py": "import pynamodb\n"})
    assert main(["scan", "--format", "sarif", "app"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "novacat-persistence"
    assert isinstance(driver["version"], str)
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    results = run["results"]
    assert len(results) == 4
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"app/dyn.py", "app/store.py", "app/with%20space.py"}
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {
        "unresolved-client": "warning",
        "db-resource": "error",
        "db-table": "error",
        "db-orm": "error",
    }


def test_sarif_of_a_clean_scan_has_the_rules_and_no_results(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project({"app/clean.py": FILES["app/clean.py"]})
    assert main(["scan", "--format", "sarif"]) == 0
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["results"] == [] and len(run["tool"]["driver"]["rules"]) == len(RULES)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_file(project: Project, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    root = project(FILES)
    assert main(["scan", "--format", fmt, "--output", "report.out", "app"]) == 1
    assert capsys.readouterr().out == ""
    written = (root / "report.out").read_text()
    assert "app/store.py" in written
    if fmt != "text":
        json.loads(written)


def test_unwritable_output_is_a_usage_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project(FILES)
    assert main(["scan", "--output", "no/such/dir/report.txt", "app"]) == 2
    assert "cannot write no/such/dir/report.txt" in capsys.readouterr().err
