"""The bypass corpus is found line by line; the look-alike corpus yields nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.cli.main import main
from novacat_persistence.scan import RULES, Severity, check_source

ExpectedFindings = Callable[[str], set[tuple[str, int]]]
HERE = Path(__file__).parent
BYPASS = sorted((HERE / "bypass").glob("*.py.txt"))
CLEAN = sorted((HERE / "clean").glob("*.py.txt"))


def _ids(path: Path) -> str:
    return path.name.removesuffix(".py.txt")


def test_the_corpora_are_large_enough(expected_findings: ExpectedFindings) -> None:
    assert len(BYPASS) >= 30
    assert len(CLEAN) >= 15
    covered = {rule for snippet in BYPASS for rule, _ in expected_findings(snippet.read_text())}
    assert covered == set(RULES) - {"suppression-without-reason", "parse-error"}


@pytest.mark.parametrize("snippet", BYPASS, ids=_ids)
def test_every_bypass_is_found_at_its_line(
    snippet: Path, expected_findings: ExpectedFindings
) -> None:
    text = snippet.read_text()
    expected = expected_findings(text)
    assert expected, "a bypass snippet must announce its findings"
    report = check_source(text, snippet.name)
    assert {(finding.rule, finding.line) for finding in report.findings} == expected
    for finding in report.findings:
        assert finding.severity is RULES[finding.rule].severity
        assert "novacat_persistence.reference_impl" in finding.message


@pytest.mark.parametrize("snippet", CLEAN, ids=_ids)
def test_look_alikes_are_clean(snippet: Path) -> None:
    report = check_source(snippet.read_text(), snippet.name)
    assert report.findings == ()
    assert report.suppressed == 0


def test_the_corpora_as_files_through_the_cli(
    tmp_path: Path,
    scan_json: Callable[..., tuple[int, dict[str, Any]]],
    expected_findings: ExpectedFindings,
) -> None:
    for corpus in ("bypass", "clean"):
        (tmp_path / corpus).mkdir()
        for snippet in sorted((HERE / corpus).glob("*.py.txt")):
            shutil.copy(snippet, tmp_path / corpus / snippet.name.removesuffix(".txt"))

    code, report = scan_json(str(tmp_path / "bypass"))
    assert code == 1
    expected = {
        (snippet.name.removesuffix(".txt"), rule, line)
        for snippet in BYPASS
        for rule, line in expected_findings(snippet.read_text())
    }
    findings = report["findings"]
    assert isinstance(findings, list)
    assert {(Path(f["path"]).name, f["rule"], f["line"]) for f in findings} == expected
    assert report["summary"] == {
        "files_checked": len(BYPASS),
        "files_allowed": 0,
        "errors": sum(1 for f in findings if f["severity"] == Severity.ERROR),
        "warnings": sum(1 for f in findings if f["rule"] == "unresolved-client"),
        "suppressed": 0,
    }

    code, report = scan_json(str(tmp_path / "clean"))
    assert (code, report["findings"]) == (0, [])
    assert main(["scan", str(tmp_path / "clean")]) == 0
