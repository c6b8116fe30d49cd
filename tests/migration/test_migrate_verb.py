"""``novacat-persistence migrate`` over the whole corpus, on moto and on DynamoDB Local: a dry
run writes nothing, --apply carries every item the codec reads as the current model to the
current version (reading back as before) and backfills the claims, a second run finds nothing
left, a run stopped by --limit or interrupted is taken up by the next one."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any

import botocore.handlers
import pytest

from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import (
    JobRun,
    NameMapping,
    PersistedEntity,
    is_legacy,
)
from novacat_persistence.contracts.keys import item_key, stored_keys
from novacat_persistence.contracts.versions import ENTITIES

from .conftest import Key, Ran, Raw, corpus_items

IGNORED = {"read_provenance"}
SAMPLE = 3
"""Corpus items per file for the tests of the run's course (the whole corpus is read once)."""


def _same_entity(read: PersistedEntity, expected: PersistedEntity) -> bool:
    return type(read) is type(expected) and read.model_dump(exclude=IGNORED) == expected.model_dump(
        exclude=IGNORED
    )


def _where_now(item: dict[str, Any], entity: PersistedEntity) -> Key:
    """Where the item must be stored after the migration: its own key while the grammar still
    reads it there, else the current one."""
    key = (item["PK"]["S"], item["SK"]["S"])
    if key in {(k.pk, k.sk) for k in stored_keys(entity)}:
        return key
    current = item_key(entity)
    return current.pk, current.sk


def test_a_dry_run_writes_nothing_and_plans_what_apply_then_does(
    raw: Raw, migrate: Callable[..., Ran]
) -> None:
    raw.put(*corpus_items(SAMPLE))
    before = raw.snapshot()

    planned = migrate("--format", "json")

    assert planned.code == 0, planned.err
    assert raw.snapshot() == before, "the dry run wrote"
    plan = planned.json()
    assert plan["applied"] is False and plan["complete"] is True
    assert plan["counts"]["migrated"] > 0 and plan["counts"]["claimed"] > 0
    done = migrate("--apply", "--format", "json").json()
    assert done["counts"] == plan["counts"]
    assert done["items"] == plan["items"], "--apply did other than the dry run planned"


def test_apply_carries_every_item_to_the_current_version_and_reads_back_the_same(
    raw: Raw, migrate: Callable[..., Ran]
) -> None:
    seeded = corpus_items()
    raw.put(*seeded)

    ran = migrate("--apply")

    assert ran.code == 0, ran.out + ran.err
    after = raw.snapshot()
    moved_from: set[Key] = set()
    for item in seeded:
        old_key = (item["PK"]["S"], item["SK"]["S"])
        entity = decode(item)
        if is_legacy(entity):
            assert after[old_key] == item, f"legacy item {old_key} was changed"
            continue
        key = _where_now(item, entity)
        if key != old_key:
            moved_from.add(old_key)
            assert old_key not in after, f"{old_key} moved but the old item stayed"
        stored = after[key]
        current = ENTITIES[entity.ENTITY_TYPE].current.version
        assert stored["schema_version"] == {"S": current}, key
        assert _same_entity(decode(stored), entity), f"{key} reads otherwise after migrating"
    assert moved_from, "no era item moved to its current key"
    _every_name_and_run_is_claimed(after)
    assert "(to its current key)" in ran.out
    assert "legacy" in ran.out and "skipped" in ran.out


def _every_name_and_run_is_claimed(items: dict[Key, dict[str, Any]]) -> None:
    novae_of: dict[str, set[str]] = {}
    runs: list[JobRun] = []
    for item in items.values():
        entity = decode(item)
        if isinstance(entity, NameMapping):
            novae_of.setdefault(entity.name_normalized, set()).add(str(entity.nova_id))
        elif isinstance(entity, JobRun):
            runs.append(entity)
    for name, novae in novae_of.items():
        claim = items.get((f"NAME#{name}", "CLAIM"))
        if len(novae) == 1:
            assert claim is not None and claim["nova_id"]["S"] in novae, name
    for run in runs:
        claim = items.get((f"JOBRUN#{run.job_run_id}", "CLAIM"))
        assert claim is not None and claim["job_run_id"]["S"] == str(run.job_run_id)


def test_a_second_run_finds_nothing_left_to_do(raw: Raw, migrate: Callable[..., Ran]) -> None:
    raw.put(*corpus_items(SAMPLE))
    assert migrate("--apply").code == 0
    after_first = raw.snapshot()

    again = migrate("--apply", "--format", "json")

    assert again.code == 0
    assert again.json()["counts"]["migrated"] == 0 and again.json()["counts"]["claimed"] == 0
    assert {i["reason"] for i in again.json()["items"]} == {"legacy"}
    assert raw.snapshot() == after_first


def test_a_run_stopped_by_limit_is_taken_up_by_the_next(
    raw: Raw, migrate: Callable[..., Ran]
) -> None:
    raw.put(*corpus_items(SAMPLE))
    total = migrate("--format", "json").json()["counts"]

    first = migrate("--apply", "--limit", "7", "--format", "json").json()

    assert first["complete"] is False and first["stopped"] == "limit"
    assert first["counts"]["migrated"] + first["counts"]["claimed"] == 7
    rest = migrate("--apply", "--format", "json").json()
    assert rest["complete"] is True
    written = sum(first["counts"][o] + rest["counts"][o] for o in ("migrated", "claimed"))
    assert written == total["migrated"] + total["claimed"]
    last = migrate("--apply", "--format", "json").json()
    assert last["counts"]["migrated"] == last["counts"]["claimed"] == 0


def _applied_with(
    migrate: Callable[..., Ran],
    monkeypatch: pytest.MonkeyPatch,
    event: str,
    hook: Callable[..., None],
) -> Ran:
    """``migrate --apply --format json`` with ``hook`` on ``event`` (``before-call``,
    ``after-call``) of each of its writes: installed as a handler every new botocore session
    installs (as moto's own), so that the verb's client has it too."""
    with monkeypatch.context() as patched:
        patched.setattr(
            botocore.handlers,
            "BUILTIN_HANDLERS",
            [
                *botocore.handlers.BUILTIN_HANDLERS,
                (f"{event}.dynamodb.PutItem", hook),
                (f"{event}.dynamodb.TransactWriteItems", hook),
            ],
        )
        return migrate("--apply", "--format", "json")


def test_an_interrupted_run_reports_what_it_did_and_the_next_one_finishes(
    raw: Raw, migrate: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the 5th write: exit 130 with the report so far; every write was whole,
    so the next run does the rest."""
    raw.put(*corpus_items(SAMPLE))
    total = migrate("--format", "json").json()["counts"]
    writes = 0

    def interrupt_the_fifth_write(**_kwargs: Any) -> None:
        nonlocal writes
        writes += 1
        if writes == 5:
            raise KeyboardInterrupt

    interrupted = _applied_with(migrate, monkeypatch, "before-call", interrupt_the_fifth_write)

    assert interrupted.code == 130
    assert interrupted.err.strip() == "novacat-persistence: interrupted"
    partial = interrupted.json()
    assert partial["stopped"] == "interrupted" and partial["complete"] is False
    done_before = partial["counts"]["migrated"] + partial["counts"]["claimed"]
    assert done_before == 4
    rest = migrate("--apply", "--format", "json").json()
    assert rest["complete"] is True
    written = done_before + rest["counts"]["migrated"] + rest["counts"]["claimed"]
    assert written == total["migrated"] + total["claimed"]


def test_an_interrupt_arriving_as_a_write_lands_is_counted_with_that_write(
    raw: Raw, migrate: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (a real SIGINT) just as the 5th write has landed: the item under way is
    finished and counted, so the report holds every write the table took (before, that write
    was applied and missing from the report)."""
    raw.put(*corpus_items(SAMPLE))
    landed = 0

    def interrupt_after_the_fifth_write(http_response: Any, **_kwargs: Any) -> None:
        nonlocal landed
        if http_response.status_code == 200:
            landed += 1
            if landed == 5:
                os.kill(os.getpid(), signal.SIGINT)

    interrupted = _applied_with(migrate, monkeypatch, "after-call", interrupt_after_the_fifth_write)

    assert interrupted.code == 130
    partial = interrupted.json()
    assert partial["stopped"] == "interrupted"
    assert partial["counts"]["migrated"] + partial["counts"]["claimed"] == landed >= 5


def test_the_text_report_names_each_shape_and_what_was_left(
    raw: Raw, migrate: Callable[..., Ran]
) -> None:
    raw.put(*corpus_items(SAMPLE))
    ran = migrate()
    assert ran.code == 0
    assert "dry run: nothing written" in ran.out
    assert "JobRun           1.0.0+id-dataset -> 1.1.0" in ran.out
    assert "would claim:" in ran.out and "NameClaim" in ran.out
    assert "LegacyNovaReference" in ran.out
    assert ran.out.rstrip().splitlines()[-1].startswith("migrate: ")


def test_an_item_stamped_with_a_short_version_is_named_as_stamped(
    raw: Raw, migrate: Callable[..., Ran]
) -> None:
    """An item stamped ``1`` (read as 1.0.0) is reported as ``1 -> 1.0.0``, not ``1.0.0 ->
    1.0.0``, and is stamped in full by --apply."""
    item = next(
        i
        for i in corpus_items(SAMPLE)
        if i["entity_type"]["S"] == "FileObject"
        and i["schema_version"]["S"] == "1.0.0"
        and _plain(decode(i))
    )
    raw.put({**item, "schema_version": {"S": "1"}})
    ran = migrate()
    assert ran.code == 0, ran.err
    assert "FileObject       1 -> 1.0.0: 1" in ran.out
    assert migrate("--apply", "--format", "json").json()["migrated_shapes"] == [
        {"entity_type": "FileObject", "from": "1", "to": "1.0.0", "moved": False, "count": 1}
    ]
    assert raw.get(item["PK"]["S"], item["SK"]["S"])["schema_version"] == {"S": "1.0.0"}


def _plain(entity: PersistedEntity) -> bool:
    """Read as the current model, in no era."""
    provenance = entity.read_provenance
    return not is_legacy(entity) and provenance is not None and provenance.era is None
