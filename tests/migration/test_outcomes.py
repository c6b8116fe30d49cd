"""What the migration does with each kind of stored item, on moto and on DynamoDB Local:
a concurrent writer always wins (the item is reported as changed and keeps the writer's
write), a moving item never lands on another, names that map to several novae and claims that
disagree are reported and never claimed, items of a newer version and unreadable items are
never written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import JobRunClaim, NameMapping, Nova
from novacat_persistence.contracts.enums import NameKind, NameSource
from novacat_persistence.migration.report import MigrationReport
from novacat_persistence.migration.run import run_migration
from novacat_persistence.reference_impl import ReferenceWrapper, create_table_migrator
from novacat_persistence.reference_impl.migration import ItemMigration, Outcome, Reason
from novacat_persistence.suites.harness.backends import Backend

from .conftest import CORPUS, Raw

Item = dict[str, Any]


def _corpus(path: str, line: int = 0) -> Item:
    text = (CORPUS / path).read_text(encoding="utf-8").splitlines()[line]
    item: Item = json.loads(text)["Item"]
    return item


def _with_file_id(path: str) -> Item:
    """The first item of a corpus file that records a ``file_id``."""
    for text in (CORPUS / path).read_text(encoding="utf-8").splitlines():
        item: Item = json.loads(text)["Item"]
        if "file_id" in item:
            return item
    raise AssertionError(f"no item with a file_id in {path}")


def _run(
    backend: Backend, table: str, *, before_write: tuple[str, Callable[[], Any]] | None = None
) -> MigrationReport:
    """One applied migration run over its own client; ``before_write`` = (request, write):
    ``write`` runs once, just before the migration's first request of that kind, so that a
    concurrent writer's write lands between the migration's read and its conditional write."""
    client = backend.client()
    if before_write is not None:
        request, write = before_write
        pending = [write]

        def concurrent_writer(**_kwargs: Any) -> None:
            while pending:
                pending.pop()()

        client.meta.events.register(f"before-call.dynamodb.{request}", concurrent_writer)
    report = MigrationReport("t", applied=True)
    return run_migration(create_table_migrator(client, table), report)


def _result(report: MigrationReport, pk: str, sk: str) -> ItemMigration:
    (found,) = [r for r in report.items if (r.pk, r.sk) == (pk, sk)]
    return found


def _key(item: Item) -> tuple[str, str]:
    return item["PK"]["S"], item["SK"]["S"]


def _service_sets(raw: Raw, pk: str, sk: str, name: str, value: Any) -> Callable[[], None]:
    """A write as Nova Cat's services make it: one attribute SET, nothing else touched (no
    schema_version, no updated_at)."""

    def write() -> None:
        raw.client.update_item(
            TableName=raw.table,
            Key={"PK": {"S": pk}, "SK": {"S": sk}},
            UpdateExpression="SET #a = :v",
            ExpressionAttributeNames={"#a": name},
            ExpressionAttributeValues={":v": value},
        )

    return write


def _mapping(name: str, nova_id: UUID) -> Item:
    return encode(
        NameMapping(
            name_raw=name,
            name_normalized=name,
            name_kind=NameKind.ALIAS,
            nova_id=nova_id,
            source=NameSource.USER_INPUT,
        )
    )


# --- a concurrent writer always wins -----------------------------------------------------------


def test_a_service_writing_the_item_in_place_wins_and_the_next_run_takes_it_up(
    backend: Backend, table: str, raw: Raw
) -> None:
    """Nova Cat's finalizer sets a count on an old Nova (no stamp, no updated_at touched)
    between the migration's read and its write: the write is refused, the count stays."""
    nova = _corpus("nova/1.0.0.jsonl")
    raw.put(nova)
    pk, sk = _key(nova)

    finalizer = _service_sets(raw, pk, sk, "spectra_count", {"N": "3"})
    report = _run(backend, table, before_write=("PutItem", finalizer))

    result = _result(report, pk, sk)
    assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.CHANGED)
    assert raw.get(pk, sk) == {**nova, "spectra_count": {"N": "3"}}
    again = _run(backend, table)
    assert _result(again, pk, sk).outcome is Outcome.MIGRATED
    stored = raw.get(pk, sk)
    assert stored is not None and stored["spectra_count"] == {"N": "3"}
    assert stored["schema_version"] == {"S": "1.1.0"}


def test_the_wrapper_writing_the_item_wins(
    backend: Backend, table: str, raw: Raw, wrapper: ReferenceWrapper
) -> None:
    """The wrapper adds an alias to an old Nova meanwhile (it carries the item forward, then
    updates it): the migration is refused and reports it; the alias is kept."""
    nova = _corpus("nova/1.0.0.jsonl")
    raw.put(nova)
    nova_id = UUID(nova["nova_id"]["S"])

    report = _run(
        backend,
        table,
        before_write=("PutItem", lambda: wrapper.add_nova_aliases(nova_id, ["Nova X 1975"])),
    )

    assert _result(report, *_key(nova)).reason is Reason.CHANGED
    read = wrapper.get_nova(nova_id)
    assert read is not None and "Nova X 1975" in read.aliases


def test_a_service_writing_a_moving_item_wins_and_nothing_lands_at_its_new_key(
    backend: Backend, table: str, raw: Raw
) -> None:
    old = _with_file_id("file_object/1.0.0+product-type-sk.jsonl")
    raw.put(old)
    pk, sk = _key(old)
    new_key = encode(decode(old))

    resize = _service_sets(raw, pk, sk, "byte_length", {"N": "1"})
    report = _run(backend, table, before_write=("TransactWriteItems", resize))

    assert _result(report, pk, sk).reason is Reason.CHANGED
    assert raw.get(pk, sk) == {**old, "byte_length": {"N": "1"}}
    assert raw.get(*_key(new_key)) is None
    again = _run(backend, table)
    moved = _result(again, pk, sk)
    assert moved.outcome is Outcome.MIGRATED and moved.moved_to is not None
    assert raw.get(pk, sk) is None
    stored = raw.get(moved.moved_to.pk, moved.moved_to.sk)
    assert stored is not None and stored["byte_length"] == {"N": "1"}


def test_a_nova_created_with_the_name_meanwhile_wins_its_claim(
    backend: Backend, table: str, raw: Raw, wrapper: ReferenceWrapper
) -> None:
    """A name mapped before claims existed; while the migration decides its claim, a new nova
    takes the name through the wrapper: that claim stands, the migration reports it, and the
    next run finds the name ambiguous and claims nothing."""
    name = "v1500 cyg"
    raw.put(_mapping(name, uuid4()))  # current: the claim is the migration's first write
    other = Nova(nova_id=uuid4(), primary_name=name, primary_name_normalized=name)
    claim_key = (f"NAME#{name}", "CLAIM")

    def other_nova() -> None:
        wrapper.create_nova(other)

    report = _run(backend, table, before_write=("PutItem", other_nova))

    claim = _result(report, *claim_key)
    assert (claim.outcome, claim.reason) == (Outcome.SKIPPED, Reason.CHANGED)
    stored = raw.get(*claim_key)
    assert stored is not None and stored["nova_id"] == {"S": str(other.nova_id)}
    again = _run(backend, table)
    assert _result(again, *claim_key).reason is Reason.AMBIGUOUS_NAME
    assert raw.get(*claim_key) == stored


# --- never written -----------------------------------------------------------------------------


def test_a_name_of_several_novae_is_reported_and_never_claimed(
    backend: Backend, table: str, raw: Raw
) -> None:
    raw.put(_mapping("nova x", uuid4()), _mapping("nova x", uuid4()))

    report = _run(backend, table)

    result = _result(report, "NAME#nova x", "CLAIM")
    assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.AMBIGUOUS_NAME)
    assert "2 novae" in result.detail
    assert raw.get("NAME#nova x", "CLAIM") is None
    # The summary counts the 2 items read apart from the claim left: its numbers add up.
    assert report.claims == {Outcome.SKIPPED: 1}
    items = report.counts - report.claims
    assert sum(items.values()) == report.read == 2
    summary = report.to_text().splitlines()[-1]
    assert summary.startswith(f"migrate: 2 item(s) read: {items[Outcome.CURRENT]} current, ")
    assert summary.endswith(
        f"{items[Outcome.SKIPPED]} skipped, 0 failed; claims: 0 created, 1 skipped, 0 failed"
    )
    assert report.to_json()["claims"] == {"claimed": 0, "skipped": 1, "failed": 0}


def test_a_claim_naming_another_nova_is_reported(backend: Backend, table: str, raw: Raw) -> None:
    mapped, claimed = uuid4(), uuid4()
    raw.put(
        _mapping("nova y", mapped),
        {
            "PK": {"S": "NAME#nova y"},
            "SK": {"S": "CLAIM"},
            "entity_type": {"S": "NameClaim"},
            "schema_version": {"S": "1.0.0"},
            "name_normalized": {"S": "nova y"},
            "nova_id": {"S": str(claimed)},
            "created_at": {"S": "2025-01-01T00:00:00Z"},
            "updated_at": {"S": "2025-01-01T00:00:00Z"},
        },
    )
    before = raw.snapshot()

    report = _run(backend, table)

    result = _result(report, "NAME#nova y", "CLAIM")
    assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.CLAIM_CONFLICT)
    assert raw.snapshot() == before


def test_a_job_run_whose_claim_names_another_item_of_its_id_is_reported(
    backend: Backend, table: str, raw: Raw
) -> None:
    run = _corpus("job_run/1.0.0.jsonl")
    decoded = decode(run)
    claim = JobRunClaim(
        job_run_id=decoded.job_run_id,  # type: ignore[attr-defined]
        workflow_name=decoded.workflow_name,  # type: ignore[attr-defined]
        started_at="2030-01-01T00:00:00Z",
        correlation_id="another-execution",
    )
    raw.put(run, encode(claim))

    report = _run(backend, table)

    result = _result(report, f"JOBRUN#{claim.job_run_id}", "CLAIM")
    assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.CLAIM_CONFLICT)
    assert decode(raw.get(f"JOBRUN#{claim.job_run_id}", "CLAIM") or {}) == claim


def test_a_moving_item_whose_current_key_is_taken_is_kept_beside_it(
    backend: Backend, table: str, raw: Raw
) -> None:
    old = _with_file_id("file_object/1.0.0+product-type-sk.jsonl")
    taken = {**encode(decode(old)), "byte_length": {"N": "7"}}
    raw.put(old, taken)

    report = _run(backend, table)

    result = _result(report, *_key(old))
    assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.KEY_TAKEN)
    assert raw.get(*_key(old)) == old and raw.get(*_key(taken)) == taken


def test_items_of_a_newer_version_and_unreadable_items_are_never_written(
    backend: Backend, table: str, raw: Raw
) -> None:
    nova = _corpus("nova/1.0.0.jsonl")
    newer_minor = {**nova, "schema_version": {"S": "1.9.0"}, "future": {"S": "kept"}}
    newer_major = {**nova, "SK": {"S": "NOVA"}, "PK": {"S": str(uuid4())}}
    newer_major["schema_version"] = {"S": "9.0.0"}
    unreadable = {**nova, "PK": {"S": str(uuid4())}, "status": {"S": "NOT-A-STATUS"}}
    # Stamps that are no version, or of a major no model reads: unreadable, never "newer".
    stamps = ["abc", "", "0.9.0", "1.1.0-rc1", " 9.0.0", "v9.0.0"]
    no_version = [
        {**nova, "PK": {"S": str(uuid4())}, "schema_version": {"S": stamp}} for stamp in stamps
    ]
    raw.put(newer_minor, newer_major, unreadable, *no_version)
    before = raw.snapshot()

    report = _run(backend, table)

    outcomes = {(r.pk, r.outcome, r.reason) for r in report.items}
    assert outcomes == {
        (newer_minor["PK"]["S"], Outcome.SKIPPED, Reason.NEWER_VERSION),
        (newer_major["PK"]["S"], Outcome.SKIPPED, Reason.NEWER_VERSION),
        (unreadable["PK"]["S"], Outcome.FAILED, Reason.UNREADABLE),
        *((item["PK"]["S"], Outcome.FAILED, Reason.UNREADABLE) for item in no_version),
    }
    assert raw.snapshot() == before


def _claim_item(pk: str, name: str) -> Item:
    """A NameClaim of ``name`` (for a fresh nova) stored under ``pk`` / CLAIM."""
    return {
        "PK": {"S": pk},
        "SK": {"S": "CLAIM"},
        "entity_type": {"S": "NameClaim"},
        "schema_version": {"S": "1.0.0"},
        "name_normalized": {"S": name},
        "nova_id": {"S": str(uuid4())},
        "created_at": {"S": "2025-01-01T00:00:00Z"},
        "updated_at": {"S": "2025-01-01T00:00:00Z"},
    }


def test_an_item_whose_key_is_not_its_fields_is_reported_never_moved(
    backend: Backend, table: str, raw: Raw
) -> None:
    """An item stored under a key neither its fields nor an era it reads as give (a Nova under
    another nova's id, a NameClaim under a run's claim key) is reported (``key-mismatch``,
    naming the key its fields give) and left where it is: nothing is created there."""
    nova = _corpus("nova/1.0.0.jsonl")
    misfiled = {**nova, "PK": {"S": str(uuid4())}}
    squatter = _claim_item(f"JOBRUN#{uuid4()}", "nova w")
    raw.put(misfiled, squatter)
    before = raw.snapshot()

    report = _run(backend, table)

    for item, fields_key in (
        (misfiled, f"{nova['nova_id']['S']} / NOVA"),
        (squatter, "NAME#nova w / CLAIM"),
    ):
        result = _result(report, *_key(item))
        assert (result.outcome, result.reason) == (Outcome.SKIPPED, Reason.KEY_MISMATCH)
        assert fields_key in result.detail and result.moved_to is None
    assert raw.snapshot() == before


def test_a_claim_that_cannot_be_read_fails_its_decision_and_nothing_is_claimed(
    backend: Backend, table: str, raw: Raw
) -> None:
    """A claim decision that needs a stored item it cannot read fails (UNREADABLE, naming the
    item) and writes nothing: a name whose partition holds an item of a newer major, a run
    whose claim key holds an item of another entity type."""
    newer = {
        **_mapping("nova z", uuid4()),
        "SK": {"S": "NOVA#ffffffff-0000-4000-8000-000000000000"},
        "schema_version": {"S": "9.0.0"},
    }
    run = _corpus("job_run/1.0.0.jsonl")
    run_id = run["job_run_id"]["S"]
    squatter = _claim_item(f"JOBRUN#{run_id}", "nova z")
    raw.put(_mapping("nova z", uuid4()), newer, run, squatter)

    report = _run(backend, table)

    name_claim = _result(report, "NAME#nova z", "CLAIM")
    assert (name_claim.outcome, name_claim.reason) == (Outcome.FAILED, Reason.UNREADABLE)
    assert "NAME#nova z / NOVA#ffffffff-0000-4000-8000-000000000000" in name_claim.detail
    assert raw.get("NAME#nova z", "CLAIM") is None
    (run_claim,) = [
        r for r in report.items if (r.pk, r.entity_type) == (f"JOBRUN#{run_id}", "JobRunClaim")
    ]
    assert (run_claim.outcome, run_claim.reason) == (Outcome.FAILED, Reason.UNREADABLE)
    assert run_claim.detail == "the claim's key holds a NameClaim"
    assert raw.get(f"JOBRUN#{run_id}", "CLAIM") == squatter


def _run_of_its_own(base: Item) -> Item:
    """A JobRun as ``base`` (no claim beside it) of a run id and a nova of its own."""
    run, nova = str(uuid4()), str(uuid4())
    sk = base["SK"]["S"].replace(base["id"]["S"], run)
    return {**base, "id": {"S": run}, "nova_id": {"S": nova}, "PK": {"S": nova}, "SK": {"S": sk}}


def test_what_a_run_writes_is_not_read_again_by_its_own_scan(
    backend: Backend, table: str, raw: Raw
) -> None:
    """Claims created (and items moved) at keys of their own are not read again when the
    scan reaches their key on a later page: ``read`` counts the items stored before the run,
    each once, and each counts in exactly one outcome."""
    base = _corpus("job_run/1.0.0+id-dataset.jsonl")
    runs = [_run_of_its_own(base) for _ in range(60)]
    nova = _corpus("nova/1.0.0.jsonl")
    pages = [  # 12 items of 300 KB: the scan takes several pages
        {**nova, "PK": {"S": pk}, "nova_id": {"S": pk}, "padding": {"S": "p" * 300_000}}
        for pk in (str(uuid4()) for _ in range(12))
    ]
    raw.put(*runs, *pages)
    stored = len(raw.snapshot())

    report = _run(backend, table)

    assert report.read == stored
    assert report.counts[Outcome.CLAIMED] == report.claims[Outcome.CLAIMED] == len(runs)
    items = report.counts - report.claims
    assert sum(items.values()) == report.read
    assert len(raw.snapshot()) == stored + len(runs)
