"""Items with more attributes than one DynamoDB condition can compare.

Every migration write is conditional on the whole item as read, so an item whose condition
DynamoDB would refuse cannot be migrated safely. The dry run says so as the applied run does
(``too-wide``, failed, left as stored: exit 1), and the bound is DynamoDB's own. On DynamoDB
Local the test's oracle is the service itself: with the migration's check lifted, every item
the check calls too wide is refused by DynamoDB Local (ValidationException), and every item it
lets through is written. Two families of items reach the two limits: long attribute names
DynamoDB's 4 KB on an expression, short ones its 300 operators.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.migration.report import MigrationReport
from novacat_persistence.migration.run import run_migration
from novacat_persistence.reference_impl import create_table_migrator, migration
from novacat_persistence.reference_impl.migration import Outcome, Reason
from novacat_persistence.suites.harness.backends import Backend

from .conftest import CORPUS, Raw

Item = dict[str, Any]

FAMILIES: dict[str, tuple[str, range]] = {
    "long names": ("an_attribute_named_at_length_{:03d}", range(44, 64)),
    "short names": ("x{}", range(96, 116)),
}
"""Each family: the name of its extra attributes, and how many an item of it holds (a range
across the bound, found by the test, never assumed)."""


def _old_job_run() -> Item:
    """A JobRun as the services stored it (era ``id-dataset``, stamped 1.0.0): one the
    migration rewrites."""
    line = (CORPUS / "job_run" / "1.0.0+id-dataset.jsonl").read_text(encoding="utf-8")
    item: Item = json.loads(line.splitlines()[0])["Item"]
    return item


def _family_items() -> dict[tuple[str, int], Item]:
    """One item per family and size: a run of its own, of a nova of its own."""
    base = _old_job_run()
    items = {}
    for family, (name, sizes) in FAMILIES.items():
        for size in sizes:
            run, nova = str(uuid4()), str(uuid4())
            sk = base["SK"]["S"].replace(base["id"]["S"], run)
            ids = {"id": {"S": run}, "nova_id": {"S": nova}, "PK": {"S": nova}, "SK": {"S": sk}}
            extra = {name.format(i): {"S": "x"} for i in range(size)}
            items[family, size] = {**base, **extra, **ids}
    return items


def _outcomes(backend: Backend, table: str, *, apply: bool) -> dict[str, tuple[Outcome, Any]]:
    report = MigrationReport("t", applied=apply)
    run_migration(create_table_migrator(backend.client(), table), report)
    return {r.pk: (r.outcome, r.reason) for r in report.items if r.entity_type == "JobRun"}


def test_an_item_too_wide_for_one_condition_is_failed_alike_in_both_runs_and_left(
    backend: Backend, table: str, raw: Raw, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _family_items()
    raw.put(*items.values())
    before = raw.snapshot()

    planned = _outcomes(backend, table, apply=False)
    assert raw.snapshot() == before
    for family in FAMILIES:
        decided = [planned[items[f, s]["PK"]["S"]] for f, s in items if f == family]
        assert (Outcome.MIGRATED, None) in decided, f"{family}: no item narrow enough"
        assert (Outcome.FAILED, Reason.TOO_WIDE) in decided, f"{family}: no item too wide"
        assert set(decided) == {(Outcome.MIGRATED, None), (Outcome.FAILED, Reason.TOO_WIDE)}
        widths = [s for f, s in items if f == family]
        narrow = [s for s in widths if planned[items[family, s]["PK"]["S"]][1] is None]
        assert max(narrow) < min(set(widths) - set(narrow)), f"{family}: no single bound"

    applied = _outcomes(backend, table, apply=True)
    assert applied == planned
    after = raw.snapshot()
    for item in items.values():
        key = (item["PK"]["S"], item["SK"]["S"])
        if planned[key[0]][1] is Reason.TOO_WIDE:
            assert after[key] == before[key], f"{key}: a too-wide item was written"
        else:
            assert after[key] != before[key], f"{key}: planned, not migrated"

    if backend.name == "dynamodb-local":  # the bound is the service's: lift the check
        with monkeypatch.context() as lifted:
            lifted.setattr(migration, "expression_problem", lambda _expression: None)
            report = MigrationReport("t", applied=True)
            run_migration(create_table_migrator(backend.client(), table), report)
        refused = {r.pk: r for r in report.items if r.entity_type == "JobRun"}
        too_wide = {pk for pk, decided in planned.items() if decided[1] is Reason.TOO_WIDE}
        assert set(refused) == too_wide  # the others were written (above): now current
        for result in refused.values():
            assert (result.outcome, result.reason) == (Outcome.FAILED, Reason.ERROR)
            assert "too many operators" in result.detail or "size" in result.detail, result.detail
        assert raw.snapshot() == after
