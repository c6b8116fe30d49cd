"""The key grammar: round trips, uniqueness, delimiter and shape rules, byte limits."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts import keys
from novacat_persistence.contracts.enums import DirtyType, FileRole, StepKind
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys.build import ALL_KEY_SPECS
from novacat_persistence.contracts.keys.components import Component, Uuid
from novacat_persistence.contracts.keys.parse import attribute_texts, lacking_texts_reader
from novacat_persistence.contracts.keys.templates import Template
from novacat_persistence.suites.harness.strategies import (
    ENTITY_STRATEGIES,
    KEY_STRATEGIES,
    entity_keys,
)

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
PRODUCT = UUID("0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b")
WHEN = datetime(2025, 3, 1, 12, 0, 0, 123000, tzinfo=UTC)


def parse_in_its_table(pk: str, sk: str, key_type: type) -> object:
    """Photometry rows live in the photometry table, with a grammar of its own."""
    if key_type is keys.PhotometryRowKey:
        return keys.parse_photometry_row_key(pk, sk)
    return keys.parse(pk, sk)


@pytest.mark.parametrize("key_type", list(KEY_STRATEGIES), ids=lambda t: t.__name__)
def test_every_key_type_round_trips(key_type: type) -> None:
    @given(KEY_STRATEGIES[key_type])
    def round_trip(key: keys.EntityKey) -> None:
        built = keys.build(key)
        assert parse_in_its_table(built.pk, built.sk, key_type) == key

    round_trip()


def test_each_table_parses_only_its_own_keys() -> None:
    row = keys.build(keys.PhotometryRowKey(NOVA, PRODUCT))
    assert row == keys.ItemKey(str(NOVA), f"PHOT#{PRODUCT}")
    with pytest.raises(KeyShapeError):
        keys.parse(row.pk, row.sk)
    with pytest.raises(KeyShapeError):
        keys.parse_photometry_row_key(str(NOVA), "NOVA")


@given(entity_keys, entity_keys)
def test_different_keys_never_share_a_stored_key(a: keys.EntityKey, b: keys.EntityKey) -> None:
    if a != b:
        assert keys.build(a) != keys.build(b)


@pytest.mark.parametrize("model", list(ENTITY_STRATEGIES), ids=lambda m: m.__name__)
def test_every_entity_is_stored_under_its_parsed_key(model: type) -> None:
    @given(ENTITY_STRATEGIES[model])
    def stored(entity: object) -> None:
        built = keys.item_key(entity)  # type: ignore[arg-type]
        key = keys.key_of(entity)  # type: ignore[arg-type]
        assert parse_in_its_table(built.pk, built.sk, type(key)) == key

    stored()


EXACT = [
    (keys.NovaKey(NOVA), str(NOVA), "NOVA"),
    (keys.RegenBatchPlanKey(WHEN, PRODUCT), "REGEN_PLAN", f"2025-03-01T12:00:00.123Z#{PRODUCT}"),
    (keys.OffsetCacheKey(NOVA, "optical"), str(NOVA), "OFFSET_CACHE#optical"),
    (keys.NameMappingKey("nova sco 2012 #2", NOVA), "NAME#nova sco 2012 #2", f"NOVA#{NOVA}"),
    (keys.PhotometryTableKey(NOVA), str(NOVA), "PRODUCT#PHOTOMETRY_TABLE"),
    (keys.SpectraProductKey(NOVA, "ESO", PRODUCT), str(NOVA), f"PRODUCT#SPECTRA#ESO#{PRODUCT}"),
    (
        keys.CompositeSpectraKey(NOVA, "ESO", PRODUCT),
        str(NOVA),
        f"PRODUCT#SPECTRA#ESO#COMPOSITE#{PRODUCT}",
    ),
    (
        keys.LocatorAliasKey("MAST", "url:https://mast.stsci.edu/x#f", PRODUCT),
        "LOCATOR#MAST#url:https://mast.stsci.edu/x#f",
        f"DATA_PRODUCT#{PRODUCT}",
    ),
    (
        keys.FileObjectKey(FileRole.WORKFLOW_QUARANTINE_CONTEXT, PRODUCT, correlation_id="c-1"),
        "WORKFLOW#c-1",
        f"FILE#WORKFLOW_QUARANTINE_CONTEXT#ID#{PRODUCT}",
    ),
    (
        keys.FileObjectKey(FileRole.SPECTRA_RAW_FITS, PRODUCT, nova_id=NOVA),
        str(NOVA),
        f"FILE#SPECTRA_RAW_FITS#NOVA#{NOVA}#ID#{PRODUCT}",
    ),
    (
        keys.FileObjectKey(FileRole.SPECTRA_PLOT, PRODUCT, NOVA, PRODUCT),
        str(NOVA),
        f"FILE#SPECTRA_PLOT#NOVA#{NOVA}#PRODUCT#{PRODUCT}#ID#{PRODUCT}",
    ),
    (keys.ReferenceKey("2013ATel.4934....1W"), "REFERENCE#2013ATel.4934....1W", "METADATA"),
    (keys.NovaReferenceKey(NOVA, "2013ATel.4934....1W"), str(NOVA), "NOVAREF#2013ATel.4934....1W"),
    (
        keys.JobRunKey("initialize_nova", WHEN, PRODUCT, correlation_id="c-1"),
        "WORKFLOW#c-1",
        f"JOBRUN#initialize_nova#2025-03-01T12:00:00.123Z#{PRODUCT}",
    ),
    (
        keys.AttemptKey(NOVA, PRODUCT, "AcquireArtifact", 2, WHEN),
        str(NOVA),
        f"ATTEMPT#{PRODUCT}#AcquireArtifact#2#2025-03-01T12:00:00.123Z",
    ),
    (
        keys.IdempotencyLockKey("initialize_nova:v1500 cyg:1.0.0:2025-03-01T12"),
        "IDEMPOTENCY#initialize_nova:v1500 cyg:1.0.0:2025-03-01T12",
        "LOCK",
    ),
    (keys.StepDedupeKey("acq:x", StepKind.ACQUISITION), "IDEMPOTENCY#acq:x", "STEP#ACQUISITION"),
    (
        keys.WorkItemKey(NOVA, DirtyType.SPECTRA, WHEN),
        "WORKQUEUE",
        f"{NOVA}#spectra#2025-03-01T12:00:00.123Z",
    ),
]


@pytest.mark.parametrize(("key", "pk", "sk"), EXACT, ids=lambda v: type(v).__name__)
def test_exact_key_strings(key: keys.EntityKey, pk: str, sk: str) -> None:
    assert keys.build(key) == keys.ItemKey(pk, sk)
    assert keys.parse(pk, sk) == key


INNER = [
    ("provider", lambda v: keys.SpectraProductKey(NOVA, v, PRODUCT)),
    ("provider", lambda v: keys.CompositeSpectraKey(NOVA, v, PRODUCT)),
    ("provider", lambda v: keys.LocatorAliasKey(v, "url:x", PRODUCT)),
    ("workflow_name", lambda v: keys.JobRunKey(v, WHEN, PRODUCT, NOVA)),
    ("task_name", lambda v: keys.AttemptKey(NOVA, PRODUCT, v, 1, WHEN)),
]


@pytest.mark.parametrize(("component", "make"), INNER, ids=[c for c, _ in INNER])
@given(st.text(min_size=0, max_size=5), st.text(min_size=0, max_size=5))
def test_delimiter_in_inner_component_is_refused_by_name(
    component: str, make: object, before: str, after: str
) -> None:
    with pytest.raises(KeyShapeError) as raised:
        keys.build(make(f"{before}#{after}"))  # type: ignore[operator]
    assert raised.value.component == component
    assert "#" in raised.value.problem or "control" in raised.value.problem


@pytest.mark.parametrize(("component", "make"), INNER, ids=[c for c, _ in INNER])
def test_empty_inner_component_is_refused(component: str, make: object) -> None:
    with pytest.raises(KeyShapeError, match="empty") as raised:
        keys.build(make(""))  # type: ignore[operator]
    assert raised.value.component == component


@pytest.mark.parametrize(
    "key",
    [
        keys.NameMappingKey("", NOVA),
        keys.LocatorAliasKey("ESO", "", PRODUCT),
        keys.ReferenceKey(""),
        keys.IdempotencyLockKey(""),
        keys.FileObjectKey(FileRole.WORKFLOW_QUARANTINE_CONTEXT, PRODUCT, correlation_id=""),
    ],
)
def test_empty_last_component_is_refused(key: keys.EntityKey) -> None:
    with pytest.raises(KeyShapeError, match="empty"):
        keys.build(key)


@pytest.mark.parametrize(
    "key",
    [
        keys.NovaReferenceKey(NOVA, str(PRODUCT)),
        keys.ReferenceKey("2013ATel.4934...1W"),
        keys.ReferenceKey("ABCDATel.4934....1W"),
    ],
)
def test_bibcode_components_must_look_like_bibcodes(key: keys.EntityKey) -> None:
    with pytest.raises(KeyShapeError, match="bibcode") as raised:
        keys.build(key)
    assert raised.value.component == "bibcode"


def test_a_legacy_reference_id_link_key_is_not_a_current_key() -> None:
    with pytest.raises(KeyShapeError):
        keys.parse(str(NOVA), f"NOVAREF#{PRODUCT}")


def test_last_components_may_contain_the_delimiter() -> None:
    for key in (
        keys.NameMappingKey("nova sco 2012 #2", NOVA),
        keys.LocatorAliasKey("ESO", "url:https://a.org/p?q=1#frag#more", PRODUCT),
        keys.IdempotencyLockKey("a#b:c"),
    ):
        built = keys.build(key)
        assert keys.parse(built.pk, built.sk) == key


@pytest.mark.parametrize("bad", ["a\x00b", "tab\there", "\x7f"])
def test_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(KeyShapeError, match="control"):
        keys.build(keys.NameMappingKey(bad, NOVA))


def test_byte_limits_are_checked_in_utf8_bytes() -> None:
    # 682 three-byte characters = 2046 bytes + "NAME#" (5) = 2051 > 2048
    with pytest.raises(KeyShapeError, match="2048") as raised:
        keys.build(keys.NameMappingKey("€" * 682, NOVA))
    assert raised.value.component == "PK"
    fits = "€" * 681  # 2043 + 5 = 2048 bytes exactly
    assert len(keys.build(keys.NameMappingKey(fits, NOVA)).pk.encode()) == 2048
    # "JOBRUN#" (7) + name + "#" + timestamp (20) + "#" + uuid (36) = name + 65 bytes
    with pytest.raises(KeyShapeError, match="1024") as raised:
        keys.build(keys.JobRunKey("w" * 960, datetime(2025, 1, 1, tzinfo=UTC), PRODUCT, NOVA))
    assert raised.value.component == "SK"
    fits = keys.JobRunKey("w" * 959, datetime(2025, 1, 1, tzinfo=UTC), PRODUCT, NOVA)
    assert len(keys.build(fits).sk) == 1024


def test_lone_surrogate_is_refused_before_any_request() -> None:
    with pytest.raises(KeyShapeError, match="UTF-8"):
        keys.build(keys.NameMappingKey("bad\udc80name", NOVA))


@pytest.mark.parametrize(
    ("pk", "sk"),
    [
        (str(NOVA).upper(), "NOVA"),
        (str(NOVA).replace("-", ""), "NOVA"),
        (str(NOVA), f"PRODUCT#SPECTRA#ESO#{str(PRODUCT).upper()}"),
        (str(NOVA), f"ATTEMPT#{PRODUCT}#Task#01#2025-03-01T12:00:00Z"),
        (str(NOVA), f"ATTEMPT#{PRODUCT}#Task#0#2025-03-01T12:00:00Z"),
        (str(NOVA), f"ATTEMPT#{PRODUCT}#Task#1#2025-03-01T12:00:00+00:00"),
        (str(NOVA), f"ATTEMPT#{PRODUCT}#Task#1#2025-03-01T12:00:00.000Z"),
        (str(NOVA), f"JOBRUN#wf#2025-03-01T12:00:00#{PRODUCT}"),
        (str(NOVA), "PRODUCT#SPECTRA#ESO"),
        (str(NOVA), "PRODUCT#PHOTOMETRY_TABLE#x"),
        (str(NOVA), f"FILE#SPECTRA_PLOT#NOVA#{NOVA}#ID#{PRODUCT}"),
        (str(NOVA), f"FILE#SPECTRA_RAW_FITS#NOVA#{PRODUCT}#ID#{PRODUCT}"),
        (str(NOVA), f"FILE#NOT_A_ROLE#NOVA#{NOVA}#ID#{PRODUCT}"),
        (str(NOVA), "REF#abc"),
        ("REFERENCE#2013ATel.4934....1W", "OTHER"),
        ("IDEMPOTENCY#k", "STEP#NOT_A_KIND"),
        ("WORKQUEUE", f"{NOVA}#nope#2025-03-01T12:00:00Z"),
        ("NAME#x", f"NOVA#{NOVA}#extra"),
        ("UNKNOWN#x", "NOVA"),
        ("", ""),
    ],
)
def test_parse_refuses_what_build_would_not_produce(pk: str, sk: str) -> None:
    with pytest.raises(KeyShapeError):
        keys.parse(pk, sk)


def test_eligibility_keys_round_trip_and_prefix() -> None:
    key = keys.SpectraProductKey(NOVA, "ESO", PRODUCT)
    gsi = keys.eligibility_keys(key)
    assert gsi == keys.ItemKey(str(NOVA), f"ELIG#ACQUIRE#SPECTRA#ESO#{PRODUCT}")
    assert gsi.sk.startswith(keys.ELIGIBLE_SPECTRA_PREFIX)
    assert keys.parse_eligibility_keys(gsi.pk, gsi.sk) == key
    with pytest.raises(KeyShapeError):
        keys.parse_eligibility_keys(gsi.pk, gsi.sk.replace("ACQUIRE", "NONE"))


def test_typed_components_are_required() -> None:
    with pytest.raises(KeyShapeError, match="UUID"):
        keys.build(keys.NovaKey(str(NOVA)))  # type: ignore[arg-type]
    with pytest.raises(KeyShapeError, match="timezone-aware"):
        keys.build(keys.AttemptKey(NOVA, PRODUCT, "T", 1, datetime(2025, 1, 1)))
    with pytest.raises(KeyShapeError, match="positive"):
        keys.build(keys.AttemptKey(NOVA, PRODUCT, "T", 0, WHEN))
    with pytest.raises(KeyShapeError, match="exactly one"):
        keys.build(keys.JobRunKey("wf", WHEN, PRODUCT, NOVA, "c"))


def test_file_keys_carry_exactly_the_ids_of_their_role() -> None:
    with pytest.raises(KeyShapeError, match="data_product_id"):
        keys.build(keys.FileObjectKey(FileRole.SPECTRA_PLOT, PRODUCT, nova_id=NOVA))
    with pytest.raises(KeyShapeError, match="not part"):
        keys.build(keys.FileObjectKey(FileRole.BUNDLE_ZIP, PRODUCT, NOVA, PRODUCT))
    with pytest.raises(KeyShapeError, match="correlation_id"):
        keys.build(keys.FileObjectKey(FileRole.WORKFLOW_QUARANTINE_CONTEXT, PRODUCT))


def test_query_prefixes() -> None:
    run = uuid4()
    assert keys.jobrun_prefix("initialize_nova") == "JOBRUN#initialize_nova#"
    assert keys.attempt_prefix(run) == f"ATTEMPT#{run}#"
    assert keys.file_prefix(FileRole.SPECTRA_PLOT) == "FILE#SPECTRA_PLOT#"
    assert keys.workqueue_prefix(NOVA) == f"{NOVA}#"
    assert keys.workflow_pk("c#1") == "WORKFLOW#c#1"
    with pytest.raises(KeyShapeError):
        keys.jobrun_prefix("bad#name")


def components_as_attributes(template: Template, key: object) -> dict[str, dict[str, str]]:
    """Each component of a key, formatted as build() writes it, as the attribute it stands
    for (under its type tag)."""
    return {
        part.name: {part.tag: part.format(getattr(key, part.name))}
        for part in (*template.pk, *template.sk)
        if isinstance(part, Component)
    }


@pytest.mark.parametrize("key_type", list(KEY_STRATEGIES), ids=lambda t: t.__name__)
def test_the_attribute_texts_of_a_key_are_its_components_as_built(key_type: type) -> None:
    """What an era fills from an item's key: each component's text as build() wrote it, under
    the attribute it stands for, with that attribute's type tag."""
    spec = ALL_KEY_SPECS[key_type]

    @given(KEY_STRATEGIES[key_type])
    def check(key: keys.EntityKey) -> None:
        built = keys.build(key)
        template = spec.for_key(key)
        expected = components_as_attributes(template, key)
        assert attribute_texts((template,), built.pk, built.sk) == expected
        assert attribute_texts(spec.templates, built.pk, built.sk) == expected

    check()


@pytest.mark.parametrize("key_type", list(KEY_STRATEGIES), ids=lambda t: t.__name__)
def test_an_item_gives_its_key_texts_only_for_a_component_it_lacks(key_type: type) -> None:
    """What an era fills from a stored item's key: the components of the shape its key fits
    when the item lacks one of them (absent or NULL), else nothing; nothing from a key stored
    as a number."""
    spec = ALL_KEY_SPECS[key_type]
    read = lacking_texts_reader(tuple(spec.templates))

    @given(KEY_STRATEGIES[key_type])
    def check(key: keys.EntityKey) -> None:
        built = keys.build(key)
        components = components_as_attributes(spec.for_key(key), key)
        stored = {"PK": {"S": built.pk}, "SK": {"S": built.sk}, **components}
        assert read(stored) == {}  # every component held: nothing to fill
        for name in components:
            for lacking in (
                {k: v for k, v in stored.items() if k != name},
                stored | {name: {"NULL": True}},
            ):
                assert read(lacking) == components
                assert read(lacking | {"PK": {"N": built.pk}}) == {}
                assert read(lacking | {"SK": {"N": built.sk}}) == {}

    check()


@given(
    st.one_of(
        st.uuids().map(str),
        st.uuids().map(lambda u: str(u).upper()),
        st.uuids().map(lambda u: u.hex),
        st.uuids().map(lambda u: f"{{{u}}}"),
        st.text(alphabet="0123456789abcdefABCDEF-{}", max_size=40),
    )
)
def test_a_uuid_key_text_is_exactly_a_canonical_uuid_text(text: str) -> None:
    """Read from a key without building the UUID: only the text a UUID formats as."""
    try:
        canonical = str(UUID(text)) == text
    except ValueError:
        canonical = False
    component = Uuid("nova_id")
    if canonical:
        assert component.key_text(text) == text
        assert component.parse(text) == UUID(text)
    else:
        with pytest.raises(KeyShapeError):
            component.key_text(text)


@pytest.mark.parametrize("key_type", list(KEY_STRATEGIES), ids=lambda t: t.__name__)
def test_a_key_gives_attribute_texts_only_where_it_parses(key_type: type) -> None:
    """A key written otherwise (uppercase UUIDs and timestamps among it) gives the texts its
    parsed key's components format as, and none when it does not parse."""
    spec = ALL_KEY_SPECS[key_type]

    @given(KEY_STRATEGIES[key_type])
    def check(key: keys.EntityKey) -> None:
        built = keys.build(key)
        for pk, sk in [(built.pk.upper(), built.sk.upper()), *one_part_changed(built)]:
            try:
                parsed = parse_in_its_table(pk, sk, key_type)
            except KeyShapeError:
                assert attribute_texts(spec.templates, pk, sk) == {}
                continue
            expected = components_as_attributes(spec.for_key(parsed), parsed)
            assert attribute_texts(spec.templates, pk, sk) == expected

    check()


OTHER_UUID = "00000000-0000-4000-8000-000000000000"


def one_part_changed(key: keys.ItemKey) -> list[tuple[str, str]]:
    """The key with one ``#``-separated part of its PK or SK changed: a word into another, a
    UUID into another UUID (a component named twice then names two)."""
    changed = []
    for side in (0, 1):
        parts = (key.pk, key.sk)[side].split("#")
        for index, part in enumerate(parts):
            other = OTHER_UUID if len(part) == 36 and part.count("-") == 4 else "WORD"
            text = "#".join([*parts[:index], other, *parts[index + 1 :]])
            changed.append((text, key.sk) if side == 0 else (key.pk, text))
    return changed
