"""The JSON report and the per-suite summary."""

from __future__ import annotations

import json
from pathlib import Path

from novacat_persistence.suites.harness.reporting import Report, TestRecord


def _report(*records: TestRecord) -> Report:
    report = Report({"implementation": "x"})
    for record in records:
        report.record(record)
    return report


def test_core_passes_only_when_every_core_test_passed() -> None:
    ok = _report(
        TestRecord("a.py::t", "a", None, "passed"), TestRecord("b.py::t", "b", "cap", "failed")
    )
    assert ok.core_passed()
    failed = _report(TestRecord("a.py::t", "a", None, "failed"))
    assert not failed.core_passed()
    deselected = _report(TestRecord("a.py::t", "a", None, "deselected"))
    assert not deselected.core_passed()
    assert not _report().core_passed(), "a run with no core test does not pass"


def test_a_failure_in_any_phase_sticks() -> None:
    report = _report(TestRecord("a.py::t", "a", None, "not run"))
    report.record(TestRecord("a.py::t", "a", None, "passed", duration=1.0))
    report.record(TestRecord("a.py::t", "a", None, "error", duration=0.5, detail="teardown"))
    record = report.tests["a.py::t"]
    assert (record.outcome, record.duration, record.detail) == ("error", 1.5, "teardown")


def test_the_json_report_and_summary(tmp_path: Path) -> None:
    report = _report(
        TestRecord("test_races.py::t", "races", None, "passed", 2.0, "123"),
        TestRecord("test_races.py::u", "races", None, "failed", 1.0),
    )
    body = json.loads(report.write(tmp_path).read_text())
    assert body["core_passed"] is False
    assert body["suites"] == {"races": {"passed": 1, "failed": 1}}
    assert body["tests"][0]["hypothesis_seed"] == "123"
    lines = report.summary_lines()
    assert lines[0].startswith("races") and "1 failed, 1 passed" in lines[0] and "3.0 s" in lines[0]
    assert lines[-1] == "core: FAILED"


def test_a_run_of_part_of_the_core_is_incomplete_not_failed() -> None:
    partial = _report(
        TestRecord("a.py::t", "a", None, "passed"),
        TestRecord("a.py::u", "a", None, "deselected"),
        TestRecord("b.py::t", "b", None, "deselected"),
    )
    assert not partial.core_passed()
    assert partial.summary_lines()[-1] == "core: INCOMPLETE (2 of 3 core tests not run: no pass)"
    partial.record(TestRecord("a.py::t", "a", None, "failed"))
    assert partial.summary_lines()[-1] == "core: FAILED"
    assert _report().summary_lines()[-1] == "core: FAILED"
