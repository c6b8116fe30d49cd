"""Inline suppressions must carry a reason; without one they are an error and suppress nothing."""

from __future__ import annotations

import pytest

from novacat_persistence.scan import Severity, check_source

ACCESS = 'boto3.client("dynamodb")'


def _rules(source: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in check_source(source).findings]


def test_a_reason_suppresses_the_findings_of_its_line_only() -> None:
    source = (
        "import boto3\n"
        f"a = {ACCESS}  # novacat: allow-db-access(one-off migration, ticket OPS-12)\n"
        f"b = {ACCESS}\n"
        'c = boto3.resource("dynamodb").Table("t")  # novacat: allow-db-access(seed script)\n'
    )
    report = check_source(source)
    assert [(f.rule, f.line) for f in report.findings] == [("db-client", 3)]
    assert report.suppressed == 3


def test_the_marker_may_follow_other_comment_text_and_nest_parentheses() -> None:
    source = f"import boto3\nx = {ACCESS}  # noqa: E501 novacat: allow-db-access(backfill (once))\n"
    assert check_source(source).suppressed == 1
    assert _rules(source) == []


@pytest.mark.parametrize(
    "comment",
    [
        "# novacat: allow-db-access",
        "# novacat: allow-db-access()",
        "# novacat: allow-db-access(   )",
        "# novacat: allow-db-access because-parentheses-are-missing",
        "# novacat: allow-db-access(unclosed",
    ],
)
def test_a_suppression_without_reason_is_an_error_and_suppresses_nothing(comment: str) -> None:
    source = f"import boto3\nx = {ACCESS}  {comment}\n"
    report = check_source(source)
    assert [(f.rule, f.line, f.severity) for f in report.findings] == [
        ("db-client", 2, Severity.ERROR),
        ("suppression-without-reason", 2, Severity.ERROR),
    ]
    assert report.suppressed == 0
    position = source.splitlines()[1].index("novacat:") + 1
    assert report.findings[1].column == position


def test_a_reasonless_suppression_is_reported_even_where_nothing_is_accessed() -> None:
    assert _rules("x = 1  # novacat: allow-db-access\n") == [("suppression-without-reason", 1)]


def test_the_marker_inside_a_string_is_not_a_suppression() -> None:
    source = f'import boto3\nx = {ACCESS}; y = "# novacat: allow-db-access(not a comment)"\n'
    assert _rules(source) == [("db-client", 2)]
    assert _rules('TEXT = "# novacat: allow-db-access"\n') == []


def test_a_suppression_on_the_line_before_does_not_apply() -> None:
    source = f"import boto3\n# novacat: allow-db-access(wrong line)\nx = {ACCESS}\n"
    assert _rules(source) == [("db-client", 3)]
