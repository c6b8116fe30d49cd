"""The key layouts: a stored key shown from attribute texts is exactly the key build() gives.

``eras.keys_shown`` may answer False ("not shown") for any item; it must never answer
True for an item whose keys differ from ``eras.stored_key`` of its decoded entity. These
properties hold it to that for every entity type, for every way a text can be non-canonical
yet still read as the same value, and for stored keys that disagree with the fields.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from novacat_persistence.contracts import eras, keys
from novacat_persistence.contracts.codec.field_encoders import encode_fields
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import (
    Attempt,
    JobRun,
    JobRunClaim,
    LocatorAlias,
    NameClaim,
    PersistedEntity,
    SpectraProduct,
    StepDedupe,
    WorkItem,
)
from novacat_persistence.contracts.enums import AttemptStatus, DirtyType
from novacat_persistence.contracts.errors import EncodingError, KeyShapeError, PersistenceError
from novacat_persistence.contracts.keys import components
from novacat_persistence.contracts.keys.layouts import (
    CONDITION_NAMES,
    LAYOUTS,
    Layout,
    item_key_of_texts,
    keys_match_texts,
)
from novacat_persistence.contracts.types import (
    BIBCODE_PATTERN,
    UTC_TEXT,
    UTC_TEXT_PATTERN,
    format_utc,
)
from novacat_persistence.suites.harness.strategies import (
    ENTITY_STRATEGIES,
    last_components,
    utc_datetimes,
    uuids,
)

CLAIM_STRATEGIES: dict[type[PersistedEntity], st.SearchStrategy[Any]] = {
    NameClaim: st.builds(NameClaim, name_normalized=last_components, nova_id=uuids),
    JobRunClaim: st.builds(
        JobRunClaim,
        job_run_id=uuids,
        workflow_name=st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True),
        started_at=utc_datetimes,
        nova_id=uuids,
    ),
}
STRATEGIES = {**ENTITY_STRATEGIES, **CLAIM_STRATEGIES}
NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
RUN = UUID("0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b")
WHEN = datetime(2025, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)


def _attempt(when: datetime) -> Attempt:
    return Attempt(
        nova_id=NOVA,
        job_run_id=RUN,
        correlation_id="c-1",
        task_name="QueryADS",
        attempt_number=1,
        status=AttemptStatus.STARTED,
        created_at=when,
        updated_at=when,
    )


def _job_run() -> JobRun:
    return JobRun(
        job_run_id=RUN,
        workflow_name="acquire_and_validate_spectra",
        nova_id=NOVA,
        correlation_id="c-1",
        started_at=WHEN,
        created_at=WHEN,
        updated_at=WHEN,
    )


def shown(item: dict[str, Any]) -> bool:
    """Read ``item`` as a reader does; whether its keys were shown from its texts. Asserts
    that a True is exact: the keys are what build() gives the decoded entity."""
    try:
        entity = decode(item)
    except PersistenceError:
        return False
    if not eras.keys_shown(entity, item):
        return False
    try:
        expected = eras.stored_key(entity)
    except PersistenceError:
        expected = None
    assert expected == keys.ItemKey(item["PK"]["S"], item["SK"]["S"]), (item, expected)
    return True


def plain_texts(entity: PersistedEntity, item: dict[str, Any]) -> bool:
    """Whether every text of the entity's key is ASCII and printable, and every id holds a
    letter: the texts the layouts show without building."""
    layout = LAYOUTS[type(entity)](entity)
    parts = [part for part in (*layout.pk, *layout.sk) if not isinstance(part, str)]
    for part in parts:
        text = next(iter(item[part.name].values()))
        if not (text.isascii() and text.isprintable()):
            return False
        if isinstance(getattr(entity, part.name), UUID) and text.replace("-", "").isdigit():
            return False
    return True


def test_every_current_model_has_a_layout() -> None:
    assert set(STRATEGIES) == set(LAYOUTS)


@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
def test_the_layout_shows_exactly_the_key_build_gives(model: type) -> None:
    @given(STRATEGIES[model])
    def check(entity: PersistedEntity) -> None:
        item = encode(entity)
        assert shown(item) == plain_texts(entity, item)
        joined = item_key_of_texts(entity, encode_fields(entity))
        assert joined == (keys.item_key(entity) if plain_texts(entity, item) else None)

    check()


@pytest.mark.parametrize("model", list(STRATEGIES), ids=lambda m: m.__name__)
def test_a_stored_key_that_disagrees_with_the_fields_is_never_shown(model: type) -> None:
    @given(STRATEGIES[model], st.sampled_from(["PK", "SK"]), st.data())
    def check(entity: PersistedEntity, name: str, data: st.DataObject) -> None:
        item = encode(entity)
        text = item[name]["S"]
        at = data.draw(st.integers(0, len(text) - 1))
        changed = text[:at] + data.draw(st.sampled_from(["A", "0", "#", "-", "é"])) + text[at:]
        assert not shown(item | {name: {"S": changed}})

    check()


UUID_FORMS = [str.upper, lambda t: t.replace("-", ""), lambda t: "{" + t + "}"]
UUID_FORMS += [lambda t: "urn:uuid:" + t, lambda t: t[:8].upper() + t[8:]]


@given(uuids, st.sampled_from(UUID_FORMS))
def test_a_uuid_read_from_another_form_is_never_shown(nova_id: UUID, form: Any) -> None:
    """Pins what the UUID condition assumes of pydantic: of the forms it parses, only the
    canonical one is 36 lowercase characters."""
    work = WorkItem(
        nova_id=nova_id,
        dirty_type=DirtyType.SPECTRA,
        source_workflow="w",
        ttl=0,
        job_run_id=RUN,
        correlation_id="c",
        created_at=WHEN,
        updated_at=WHEN,
    )
    item = encode(work)
    text = form(str(nova_id))
    assume(text != str(nova_id))
    sk = item["SK"]["S"].replace(str(nova_id), text)
    assert not shown(item | {"nova_id": {"S": text}, "SK": {"S": sk}})


TIMESTAMP_FORMS = [
    lambda t: t.replace("Z", "+00:00"),
    lambda t: t.replace("T", " "),
    lambda t: t.replace("Z", "z"),
    lambda t: t.replace("Z", ".000Z") if "." not in t else t.replace("Z", "000Z"),
    lambda t: t[:19] + ".000000Z" if "." not in t else t,
]


@given(utc_datetimes, st.sampled_from(TIMESTAMP_FORMS))
def test_a_timestamp_read_from_another_form_is_never_shown(when: datetime, form: Any) -> None:
    attempt = _attempt(when)
    item = encode(attempt)
    canonical = format_utc(when)
    text = form(canonical)
    assume(text != canonical)
    sk = item["SK"]["S"].replace(canonical, text)
    assert not shown(item | {"created_at": {"S": text}, "SK": {"S": sk}})


@pytest.mark.parametrize("text", ["01", "1.0", "1e0", "+1", "\u0661"])
def test_a_count_read_from_another_form_is_never_shown(text: str) -> None:
    attempt = _attempt(WHEN)
    item = encode(attempt)
    sk = item["SK"]["S"].replace("#1#", f"#{text}#")
    assert not shown(item | {"attempt_number": {"N": text}, "SK": {"S": sk}})


@pytest.mark.parametrize(
    ("provider", "identity"), [("ES#O", "x"), ("ESO", "tab\there"), ("ESO", "nul\x00")]
)
def test_a_name_build_refuses_is_never_shown(provider: str, identity: str) -> None:
    """The model takes these texts; the key grammar does not (``#`` inside a component that
    is not last, control characters anywhere)."""
    alias = LocatorAlias(provider="ESO", locator_identity="x", data_product_id=RUN, nova_id=NOVA)
    item = encode(alias)
    bad = {
        "provider": {"S": provider},
        "locator_identity": {"S": identity},
        "PK": {"S": f"LOCATOR#{provider}#{identity}"},
    }
    decode(item | bad)  # the model reads it
    assert not shown(item | bad)


def _long_keys() -> list[tuple[PersistedEntity, str, str]]:
    """Entities with a text stored in one key side: a key type of one shape (LocatorAlias,
    SpectraProduct) and of several (JobRun)."""
    alias = LocatorAlias(provider="ESO", locator_identity="x", data_product_id=RUN, nova_id=NOVA)
    product = SpectraProduct(
        nova_id=NOVA, data_product_id=RUN, provider="ESO", locator_identity="provider:x"
    )
    return [
        (alias, "locator_identity", "PK"),
        (_job_run(), "correlation_id", "PK"),
        (product, "provider", "SK"),
    ]


@pytest.mark.parametrize(
    ("entity", "name", "side"), _long_keys(), ids=lambda x: getattr(x, "ENTITY_TYPE", str(x))
)
def test_a_key_over_its_byte_limit_is_never_shown(
    entity: PersistedEntity, name: str, side: str
) -> None:
    """A key DynamoDB could not have stored is left to build(), which refuses it."""
    item = encode(entity)
    assert shown(item)
    text = item[name]["S"]
    grown = text + "x" * (keys.PK_MAX_BYTES if side == "PK" else keys.SK_MAX_BYTES)
    key = item[side]["S"].replace(f"#{text}", f"#{grown}", 1)
    longer = item | {name: {"S": grown}, side: {"S": key}}
    decode(longer)  # the model reads it
    assert len(key) > len(item[side]["S"]) and not shown(longer)


def test_items_of_an_older_version_or_an_era_are_left_to_build() -> None:
    attempt = _attempt(WHEN)
    item = encode(attempt)
    assert shown(item)
    entity = decode(item)
    assert not eras.keys_shown(type(entity)(**dict(entity)), item)  # built, not decoded
    renamed = eras.era_item(decode(encode(_job_run())), "id-dataset")
    assert not keys_match_texts(decode(renamed), renamed)  # its texts renamed: not shown


def test_a_layout_literal_must_be_an_uppercase_word() -> None:
    with pytest.raises(ValueError, match="uppercase word"):
        Layout(("NOVA",), ('x"',))


@given(st.datetimes(timezones=st.just(UTC)))
def test_utc_text_matches_every_canonical_timestamp(when: datetime) -> None:
    assert UTC_TEXT.fullmatch(format_utc(when))


@given(st.from_regex(UTC_TEXT_PATTERN, fullmatch=True))
def test_a_text_utc_text_matches_is_the_canonical_form_of_its_instant(text: str) -> None:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:  # not a date (February 30th): never read as a timestamp
        return
    assert format_utc(when) == text


def test_a_naive_timestamp_is_refused_with_a_typed_error() -> None:
    naive = _attempt(WHEN).model_copy(update={"updated_at": WHEN.replace(tzinfo=None)})
    with pytest.raises(EncodingError, match="no timezone"):
        encode(naive)
    with pytest.raises(ValueError, match="no timezone"):
        format_utc(WHEN.replace(tzinfo=None))


def test_an_entity_built_unchecked_gets_its_key_built_and_refused() -> None:
    """Texts the layouts cannot show fall back to build(), which names what is wrong."""
    step = StepDedupe.model_construct(
        dedupe_key="k",
        step_kind="ACQ#UISITION",
        job_run_id=RUN,
        result={},
        created_at=WHEN,
        updated_at=WHEN,
    )
    with pytest.raises(KeyShapeError, match="step_kind"):
        encode(step)


_COMPONENTS: list[components.Component] = [
    components.Uuid("u"),
    components.Timestamp("t"),
    components.Bibcode("b"),
    components.Count("c"),
    components.Inner("i"),
    components.Last("l"),
    components.Member("m", DirtyType),
]
_TEXTS = st.one_of(
    st.text(max_size=60),
    uuids.map(str),
    uuids.map(lambda u: str(u).upper()),
    st.text(alphabet="0123456789abcdef-\u00e9\u0661", min_size=30, max_size=40),
    utc_datetimes.map(format_utc),
    st.from_regex(UTC_TEXT_PATTERN, fullmatch=True),
    st.from_regex(BIBCODE_PATTERN, fullmatch=True),
    st.from_regex(r"[0-9]{4}.{14,17}", fullmatch=True),
)


@pytest.mark.parametrize("component", _COMPONENTS, ids=lambda c: type(c).__name__)
@given(text=_TEXTS)
def test_a_condition_is_a_bool_and_a_bounded_one_accepts_short_ascii_alone(
    component: components.Component, text: str
) -> None:
    """A layout returns its terms' conjunction as it is, and drops a side's byte-limit check
    where its components' bounds keep it short: sound only if every condition is a bool and
    every text a bounded condition accepts is ASCII and no longer than its bound."""
    names = {**CONDITION_NAMES, "text": text}
    accepted = eval(component.condition.format(t="text"), names)  # our own rule
    assert type(accepted) is bool
    if accepted and component.ascii_max is not None:
        assert text.isascii() and len(text) <= component.ascii_max
