"""The fake's table (wire form, order, sparse index, refusals), its expressions, its log
records (the reference's shape) and its factory."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib.metadata import entry_points
from uuid import uuid4

import pytest

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import ConflictError, InputValidationError
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import SpectraRegistration
from novacat_persistence.fake import FAKE_CAPABILITIES, FakeRawView, FakeTable, create_fake_wrapper
from novacat_persistence.fake.expressions import Placeholders, compile_condition, compile_update
from novacat_persistence.fake.table import TransactAction
from novacat_persistence.reference_impl import correlation_context
from novacat_persistence.reference_impl.gateway import TransactionRefused


def _nova() -> Nova:
    nova_id = uuid4()
    name = f"nova {nova_id.hex[:8]}"
    return Nova(nova_id=nova_id, primary_name=name.title(), primary_name_normalized=name)


def test_the_fake_is_a_persistence_wrapper_and_is_registered() -> None:
    assert isinstance(create_fake_wrapper(), PersistenceWrapper)
    [entry] = entry_points(group="novacat_persistence.implementations", name="fake")
    factory = entry.load()
    assert factory is create_fake_wrapper
    assert factory.capabilities == FAKE_CAPABILITIES
    assert factory.capabilities.self_contained


def test_the_factory_refuses_a_client() -> None:
    with pytest.raises(TypeError, match="no DynamoDB client"):
        create_fake_wrapper(object(), "NovaCat")


def test_stored_items_are_the_codec_wire_form() -> None:
    clock = ManualClock()
    wrapper = create_fake_wrapper(clock=clock)
    nova = _nova()
    stored = wrapper.create_nova(nova).item
    assert wrapper.table.get(str(nova.nova_id), "NOVA") == encode(stored)


def test_the_raw_view_copies() -> None:
    wrapper = create_fake_wrapper()
    nova = _nova()
    wrapper.create_nova(nova)
    item = wrapper.table.get(str(nova.nova_id), "NOVA")
    assert item is not None
    item["aliases"]["L"].append({"S": "tampered"})
    assert wrapper.get_nova(nova.nova_id) == wrapper.get_nova(nova.nova_id)
    assert wrapper.get_nova(nova.nova_id).aliases == []  # type: ignore[union-attr]


def test_the_table_keeps_snapshots_whatever_callers_do_with_their_items() -> None:
    table = FakeTable()
    item = {"PK": {"S": "P"}, "SK": {"S": "S"}, "tags": {"L": [{"S": "a"}]}}
    table.write(item)  # type: ignore[arg-type]
    item["tags"]["L"].append({"S": "written later"})
    read = table.read("P", "S")
    assert read == {"PK": {"S": "P"}, "SK": {"S": "S"}, "tags": {"L": [{"S": "a"}]}}
    read["tags"]["L"].clear()  # type: ignore[index]
    assert table.query("P")[0]["tags"] == {"L": [{"S": "a"}]}
    new = table.update("P", "S", lambda old: {**(old or {}), "n": {"N": "1"}}, None)
    new["n"]["N"] = "2"
    assert table.read("P", "S")["n"] == {"N": "1"}  # type: ignore[index]


def test_an_item_that_cannot_be_stored_changes_nothing() -> None:
    """A value no AttributeValue holds (a datetime object) is refused before any state
    changes: in a transaction, and when it would replace an indexed item."""
    table = FakeTable()
    indexed = {"PK": {"S": "P"}, "SK": {"S": "S"}, "GSI1PK": {"S": "G"}, "GSI1SK": {"S": "1"}}
    table.write(indexed)  # type: ignore[arg-type]
    bad = {**indexed, "at": {"S": datetime.now(UTC)}}
    with pytest.raises(InputValidationError):
        table.write(bad)  # type: ignore[arg-type]
    assert table.read("P", "S") == indexed and table.query_index("G") == [indexed]
    good = {"PK": {"S": "P"}, "SK": {"S": "T"}}
    with pytest.raises(InputValidationError):
        table.transact(
            [
                TransactAction("put", "P", "T", item=good),  # type: ignore[arg-type]
                TransactAction("put", "P", "S", item=bad),  # type: ignore[arg-type]
            ]
        )
    assert table.keys() == {("P", "S")}


def test_partitions_are_in_sk_order_and_the_index_is_sparse() -> None:
    wrapper = create_fake_wrapper()
    nova_id = uuid4()
    for product in ("ADP.3", "ADP.1", "ADP.2"):
        wrapper.register_spectra_product(
            SpectraRegistration(nova_id, "MAST", f"provider_product_id:{product}")
        )
    wrapper.ensure_photometry_table(nova_id)
    sks = [i["SK"]["S"] for i in wrapper.table.partition(str(nova_id))]
    assert sks == sorted(sks) and sks[0] == "PRODUCT#PHOTOMETRY_TABLE"
    members = wrapper.table.gsi1_members(str(nova_id))
    assert len(members) == 3
    assert [m["GSI1SK"]["S"] for m in members] == sorted(m["GSI1SK"]["S"] for m in members)


@pytest.mark.parametrize(
    "item",
    [
        {"PK": {"S": "P"}},
        {"PK": {"S": ""}, "SK": {"S": "S"}},
        {"PK": {"S": "P"}, "SK": {"N": "1"}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "GSI1PK": {"NULL": True}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "big": {"S": "x" * 410_000}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "big": {"B": b"x" * 410_000}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "n": {"N": object()}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "id": {"S": uuid4()}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "n": {"N": 1}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "s": {"S": None}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "z": {"NULL": False}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "two": {"S": "a", "N": "1"}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "tag": {"X": "a"}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "bare": "text"},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "set": {"SS": []}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "set": {"NS": ["1", 2]}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "set": {"BS": [b"a", bytearray(b"a")]}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, "deep": {"M": {"l": {"L": [{"S": uuid4()}]}}}},
        {"PK": {"S": "P"}, "SK": {"S": "S"}, 1: {"S": "a number as a name"}},
    ],
    ids=[
        "no-sk",
        "empty-pk",
        "number-sk",
        "null-index-key",
        "over-400kb",
        "binary-over-400kb",
        "not-a-value",
        "uuid-object",
        "int-number",
        "none-string",
        "null-false",
        "two-tags",
        "unknown-tag",
        "bare-value",
        "empty-set",
        "mixed-set",
        "set-member-twice",
        "nested-uuid-object",
        "number-name",
    ],
)
def test_items_dynamodb_refuses_are_refused(item: dict[str, dict[str, object]]) -> None:
    with pytest.raises(InputValidationError):
        FakeRawView().put(item)  # type: ignore[arg-type]


def test_items_round_trip_whatever_their_payloads() -> None:
    """Binary payloads (kept in another snapshot form than JSON text) and text JSON escapes
    come back as they were put."""
    table = FakeRawView()
    binary = {
        "PK": {"S": "P"},
        "SK": {"S": "B"},
        "b": {"B": b"\x00\xff"},
        "bs": {"BS": [b"a", bytearray(b"b")]},
        "m": {"M": {"nested": {"L": [{"B": bytearray(b"\x01")}, {"BOOL": False}]}}},
    }
    text = {
        "PK": {"S": "P"},
        "SK": {"S": "T"},
        "s": {"S": 'quote " backslash \\ tab \t é 𝄞'},
        "ns": {"NS": ["1", "-2.5"]},
        "z": {"NULL": True},
    }
    table.put(binary)  # type: ignore[arg-type]
    table.put(text)  # type: ignore[arg-type]
    assert table.partition("P") == [
        {
            "PK": {"S": "P"},
            "SK": {"S": "B"},
            "b": {"B": b"\x00\xff"},
            "bs": {"BS": [b"a", b"b"]},
            "m": {"M": {"nested": {"L": [{"B": b"\x01"}, {"BOOL": False}]}}},
        },
        text,
    ]


def test_a_transaction_refuses_two_actions_on_one_item_and_applies_all_or_none() -> None:
    table = FakeTable()
    item = {"PK": {"S": "P"}, "SK": {"S": "S"}}
    with pytest.raises(InputValidationError):
        table.transact([TransactAction("put", "P", "S", item=item)] * 2)
    absent = compile_condition("attribute_not_exists(#PK)")
    env = Placeholders({"#PK": "PK"}, {})
    table.write({"PK": {"S": "P"}, "SK": {"S": "B"}})
    with pytest.raises(TransactionRefused) as refusal:
        table.transact(
            [
                TransactAction("put", "P", "S", item=item),
                TransactAction("check", "P", "B", lambda i: absent(i, env)),
            ]
        )
    assert refusal.value.refused == frozenset({1})
    assert table.keys() == {("P", "B")}


def _apply(text: str, item: dict[str, dict[str, object]], **values: object) -> dict[str, object]:
    names = {f"#{n}": n for n in ("a", "b", "m", "k", "PK")}
    env = Placeholders(names, {f":{k}": v for k, v in values.items()})  # type: ignore[misc]
    key = {"PK": {"S": "P"}, "SK": {"S": "S"}}
    return compile_update(text).apply(item, key, env)  # type: ignore[arg-type]


def test_update_expressions_follow_dynamodb() -> None:
    item = {"PK": {"S": "P"}, "SK": {"S": "S"}, "m": {"M": {}}, "a": {"N": "1"}}
    new = _apply(
        "SET #m.#k = if_not_exists(#m.#k, :v), #b = #a + :one", item, v={"S": "x"}, one={"N": "2"}
    )
    assert new["m"] == {"M": {"k": {"S": "x"}}} and new["b"] == {"N": "3"}
    assert item["m"] == {"M": {}}, "the stored item is never changed"
    with pytest.raises(InputValidationError, match="overlap"):
        _apply("SET #m = :v, #m.#k = :v", item, v={"S": "x"})
    with pytest.raises(InputValidationError, match="key"):
        _apply("SET #PK = :v", item, v={"S": "x"})
    with pytest.raises(InputValidationError, match="invalid for update"):
        _apply("SET #b.#k = :v", item, v={"S": "x"})
    with pytest.raises(InputValidationError, match="does not exist"):
        _apply("SET #a = #b + :v", item, v={"N": "1"})


def test_conditions_follow_dynamodb() -> None:
    env = Placeholders({"#a": "a", "#s": "s"}, {":one": {"N": "1.0"}, ":x": {"S": "x"}})
    item = {"a": {"N": "1"}, "s": {"SS": ["x", "y"]}}
    assert compile_condition("#a = :one")(item, env)  # type: ignore[arg-type]
    assert compile_condition("#a IN (:x, :one) AND contains(#s, :x)")(item, env)  # type: ignore[arg-type]
    assert not compile_condition("#missing = :x")(item, Placeholders({"#missing": "m"}, env.values))  # type: ignore[arg-type]
    assert not compile_condition("#a < :x")(item, env)  # type: ignore[arg-type]
    assert compile_condition("NOT (#a <> :one)")(item, env)  # type: ignore[arg-type]
    with pytest.raises(InputValidationError):
        compile_condition("#a = ")


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("#s = :yx", True),  # a set equals the same set in another order
        ("#a = :text_one", False),  # a string never equals a number
        ("#t = :text_one", True),
        ("#t = :one", False),
        ("#t IN (:one, :x, :text_one)", True),
        ("#m.#k = :x", True),  # a nested path
        ("#missing = :x OR #a = :one", True),
        ("#a = :one AND #missing = :x", False),
        ("#missing = :x OR #a = :x OR NOT (#t = :x)", True),
    ],
)
def test_condition_values_compare_as_dynamodb_compares_them(text: str, holds: bool) -> None:
    names = {f"#{n}": n for n in ("a", "s", "t", "m", "k", "missing")}
    values = {
        ":one": {"N": "1.0"},
        ":x": {"S": "x"},
        ":yx": {"SS": ["y", "x"]},
        ":text_one": {"S": "1"},
    }
    item = {
        "a": {"N": "1"},
        "s": {"SS": ["x", "y"]},
        "t": {"S": "1"},
        "m": {"M": {"k": {"S": "x"}}},
    }
    assert compile_condition(text)(item, Placeholders(names, values)) is holds  # type: ignore[arg-type]


def test_each_operation_logs_one_record_shaped_as_the_reference() -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger(f"fake-test-{uuid4().hex}")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    wrapper = create_fake_wrapper(logger=logger)
    nova = _nova()
    wrapper.create_nova(nova)
    other = _nova().model_copy(update={"primary_name_normalized": nova.primary_name_normalized})
    with correlation_context("corr-7"), pytest.raises(ConflictError):
        wrapper.create_nova(other)
    first, second = (r.persistence for r in records)  # type: ignore[attr-defined]
    assert set(first) == {
        "operation", "entity_type", "pk", "sk", "keys", "condition", "outcome",
        "latency_ms", "requests", "retries", "consumed_capacity", "correlation_id",
    }  # fmt: skip
    assert (first["operation"], first["condition"], first["outcome"]) == (
        "create_nova",
        "passed",
        "ok",
    )
    assert first["requests"] == 1 and first["consumed_capacity"] is None
    assert (second["condition"], second["outcome"]) == ("refused", "ConflictError")
    assert second["correlation_id"] == "corr-7"
    assert records[1].levelno == logging.WARNING
