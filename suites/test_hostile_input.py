"""Suite 8, hostile input: ``#`` in delimited key components, empty strings, keys over the
UTF-8 byte limits, NUL and lone surrogates, NaN / infinities / numbers beyond 38 digits, items
over 400 KB, wrong enum values, naive datetimes, and arguments of the wrong shape (a raw
object with no bucket, ETag or size, or a digest other than 64 lowercase hex digits; aliases
given as one string or holding an empty one; a discovery date outside ``YYYY-MM-DD``; an
expected status, a listing's filter, a validation outcome's status or a review decision that
is no member of its enumeration; a quarantine context of another role), and any argument of a
type the interface does not name for it. Each call raises a typed InputValidationError before
any request is sent (the client hook counts zero requests), nothing is written, and nothing
raw escapes. Entities pydantic would refuse are built with ``model_construct`` to reach the
wrapper."""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Final, Literal
from uuid import uuid4, uuid5

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import (
    photometry_key,
    photometry_snapshot_key,
    quarantine_prefix,
    raw_spectra_key,
)
from novacat_persistence.contracts.clock import EPOCH, ManualClock
from novacat_persistence.contracts.entities import (
    FileObject,
    JobRun,
    Locator,
    Nova,
    NovaResult,
    OffsetCache,
    PhotometryRow,
    RegenBatchPlan,
)
from novacat_persistence.contracts.enums import (
    FileRole,
    NameSource,
    NovaQuarantineReason,
    NovaStatus,
    SpectraQuarantineReason,
    StepKind,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.item_size import MAX_ITEM_BYTES, item_size
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.nesting import MAX_ATTRIBUTE_LEVELS
from novacat_persistence.contracts.operations import (
    DefinitiveStatus,
    JobRunAnnotation,
    NovaPosition,
    RawObject,
    SpectraRegistration,
    ValidationOutcome,
)
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness import strategies as hs
from novacat_persistence.suites.harness.builders import (
    PROPERTY_SETTINGS,
    ingested_spectra,
    key_of,
    new_job_run,
    new_nova,
    photometry_row,
    photometry_table_file,
    regen_plan,
    registration,
    run_key,
)
from novacat_persistence.suites.harness.fixtures import WrapperMaker
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.model_fixtures import TwinMaker
from novacat_persistence.suites.model.calls import Vocabulary
from novacat_persistence.suites.model.model import CALLS, MODELLED

Call = Callable[[Any], Any]


def _register(
    provider: str = "ESO", identity: str = "provider_product_id:X", hints: Any = None
) -> Call:
    registration = SpectraRegistration(
        nova_id=uuid4(), provider=provider, locator_identity=identity, hints=hints or {}
    )
    return lambda w: w.register_spectra_product(registration)


def _nova(**fields: Any) -> Call:
    nova_id = uuid4()
    base: dict[str, Any] = {
        "nova_id": nova_id,
        "primary_name": f"Hostile {nova_id}",
        "primary_name_normalized": f"hostile {nova_id}",
        "status": "ACTIVE",
        "aliases": [],
        "coord_frame": "ICRS",
        "coord_epoch": "J2000",
    }
    nova = Nova.model_construct(**(base | fields))
    return lambda w: w.create_nova(nova)


def _job_run(**fields: Any) -> Call:
    valid = new_job_run().model_dump()
    run = JobRun.model_construct(**(valid | fields))
    return lambda w: w.begin_job_run(run)


def _annotate(context: dict[str, Any]) -> Call:
    annotation = JobRunAnnotation(quarantine_reason_code="DEEP", extra_context=context)
    return lambda w: w.annotate_job_run(run_key(new_job_run()), annotation)


def _lock(key: str = "k", workflow: str = "initialize_nova", primary: str = "p") -> Call:
    return lambda w: w.acquire_lock(
        key, job_run_id=uuid4(), workflow_name=workflow, primary_id=primary
    )


def _alias(name: str) -> Call:
    return lambda w: w.attach_alias(uuid4(), name, name, NameSource.SIMBAD)


def _row(**fields: Any) -> Call:
    valid = photometry_row(uuid4(), 0).model_dump()
    row = PhotometryRow.model_construct(**(valid | fields))
    return lambda w: w.put_photometry_rows([photometry_row(row.nova_id, 1), row])


def _plan(**fields: Any) -> Call:
    plan = RegenBatchPlan.model_construct(**(regen_plan().model_dump() | fields))
    return lambda w: w.create_regen_plan(plan)


def _offset_cache(**fields: Any) -> Call:
    valid: dict[str, Any] = {
        "nova_id": uuid4(),
        "regime": "optical",
        "band_offsets": {},
        "band_observation_counts": {},
        "band_set_hash": "b4" * 32,
        "computed_at": EPOCH,
        "created_at": EPOCH,
        "updated_at": EPOCH,
    }
    cache = OffsetCache.model_construct(**(valid | fields))
    return lambda w: w.put_offset_cache(cache)


_BOGUS_LOCATOR: Final[dict[str, Any]] = {"kind": "BOGUS", "role": "PRIMARY", "value": "u"}
"""A locator's fields, of a kind LocatorKind has not."""
_LEFT_OUT: Final = object()
"""A field left out of a model built unvalidated."""


def _unvalidated_file(**fields: Any) -> Call:
    """put_file_object of a FileObject built with ``model_construct`` (no validation) from a
    valid one, ``fields`` changed (:data:`_LEFT_OUT`: left out)."""
    valid = dict(photometry_table_file(uuid4()).__dict__)
    built = {name: value for name, value in (valid | fields).items() if value is not _LEFT_OUT}
    file = FileObject.model_construct(**built)
    return lambda w: w.put_file_object(file)


_UNENCODABLE: Final = "a" + chr(0xD800) + "b"
"""A text no key can hold: a lone surrogate is no UTF-8."""


def _files_of(correlation_id: str) -> Call:
    return lambda w: w.list_workflow_files(correlation_id)


def _runs_of(correlation_id: str, workflow_name: str | None) -> Call:
    return lambda w: w.list_job_runs(correlation_id=correlation_id, workflow_name=workflow_name)


def _duplicating_itself(status: DefinitiveStatus) -> Call:
    """record_validation_result of an outcome naming the product itself as the one it
    duplicates."""
    key = SpectraProductKey(uuid4(), "ESO", uuid4())
    outcome = ValidationOutcome(
        status=status,
        content_fingerprint="f" * 16,
        quarantine_reason_code=(
            SpectraQuarantineReason.OTHER if status is ValidationStatus.QUARANTINED else None
        ),
        duplicate_of_data_product_id=key.data_product_id,
    )
    return lambda w: w.record_validation_result(key, outcome, execution=uuid4())


def _position(ra: Any) -> Call:
    return lambda w: w.set_nova_position(uuid4(), NovaPosition(ra, 0), expected=None)


def _raw_object(recorded_as: str, flaw: dict[str, Any]) -> tuple[str, Call]:
    """A raw object with one flaw, recorded ``"acquired"`` or as a ``"duplicate"`` (its key
    canonical, everything else storable)."""
    key = SpectraProductKey(uuid4(), "ESO", uuid4())
    valid: dict[str, Any] = {
        "bucket": "novacat-private",
        "key": raw_spectra_key(key.nova_id, key.data_product_id),
        "byte_length": 2880,
        "etag": '"0a1b2c"',
        "sha256": "0" * 64,
    }
    raw = RawObject(**(valid | flaw))
    what = f"raw {flaw!r} recorded as {recorded_as}"
    if recorded_as == "duplicate":
        return what, lambda w: w.record_duplicate(key, duplicate_of=uuid4(), raw=raw)
    return what, lambda w: w.record_raw_acquisition(key, raw)


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
"""What a raw object's digest is: 64 lowercase hexadecimal digits, nothing else."""
_DATE_GRAMMAR = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[0-9]|[12][0-9]|3[01])")
"""What a discovery date is (``Nova.discovery_date``): ``YYYY-MM-DD``, a day of ``00`` when
only the month is known."""


def _raw_objects(flaws: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[tuple[str, Call]]:
    """Raw objects with one of ``flaws``, each recorded as acquired or as a duplicate."""
    return st.tuples(st.sampled_from(["acquired", "duplicate"]), flaws).map(
        lambda drawn: _raw_object(*drawn)
    )


malformed_dates = st.one_of(
    st.sampled_from(["", "1975-00-29", "1975-13-01", "1975-08-32", "1975-8-29", "29/08/1975"]),
    st.sampled_from(["1975-08-29T00:00:00", "1975-08-29\n", " 1975-08-29", "19750829"]),
    st.text(max_size=12).filter(lambda t: not _DATE_GRAMMAR.fullmatch(t)),
)
"""Texts that are no discovery date."""


def _quarantined_with(role: FileRole) -> Call:
    """A QUARANTINED nova with a context file of another ``role``, at a key that role's layout
    accepts (so that the role is the one flaw)."""
    nova = new_nova(
        status=NovaStatus.QUARANTINED,
        quarantine_reason_code=NovaQuarantineReason.COORDINATE_AMBIGUITY,
    )
    nova_id, product_id = nova.nova_id, uuid5(nova.nova_id, "product")
    keys = {
        FileRole.SPECTRA_RAW_FITS: raw_spectra_key(nova_id, product_id),
        FileRole.SPECTRA_QUARANTINE_CONTEXT: f"{quarantine_prefix(nova_id, product_id)}t/c.json",
        FileRole.PHOTOMETRY_TABLE: photometry_key(nova_id),
        FileRole.PHOTOMETRY_SNAPSHOT: photometry_snapshot_key(nova_id, "1.0.0"),
    }
    context = FileObject(
        file_id=uuid5(nova_id, "context"),
        role=role,
        correlation_id=f"corr-{nova_id.hex}",
        nova_id=nova_id,
        data_product_id=product_id,
        bucket="novacat-private",
        key=keys.get(role, f"quarantine/identity/corr-{nova_id.hex}/context.json"),
        created_by=f"initialize_nova:{uuid5(nova_id, 'run')}",
    )
    return lambda w: w.quarantine_identity(nova, context)


CATEGORIES: dict[str, st.SearchStrategy[tuple[str, Call]]] = {
    "hash_in_delimited_component": st.one_of(
        hs.hostile_inner_components.map(lambda v: (f"provider {v!r}", _register(provider=v))),
        hs.hostile_inner_components.map(lambda v: (f"workflow {v!r}", _job_run(workflow_name=v))),
        hs.hostile_inner_components.map(lambda v: (f"lock workflow {v!r}", _lock(workflow=v))),
    ),
    "empty_string": st.sampled_from(
        [
            ("empty provider", _register(provider="")),
            ("empty locator identity", _register(identity="")),
            ("empty nova name", _nova(primary_name_normalized="")),
            ("empty idempotency key", _lock(key="")),
            ("empty execution arn", lambda w: w.claim_regen_plan(uuid4(), "")),
            ("empty offset cache regime", _offset_cache(regime="")),
            ("empty row band", _row(band_id="")),
        ]
    ),
    "key_over_byte_limit": st.one_of(
        hs.oversized_components.map(lambda v: ("locator over 2048 bytes", _register(identity=v))),
        hs.oversized_multibyte_components.map(
            lambda v: ("provider over 1024 bytes", _register(provider=v))
        ),
        hs.oversized_components.map(
            lambda v: ("nova name over 2048 bytes", _nova(primary_name_normalized=v))
        ),
        hs.oversized_components.map(lambda v: ("idempotency key over 2048 bytes", _lock(key=v))),
    ),
    "nul_characters": st.one_of(
        hs.nul_text.map(lambda v: (f"locator {v!r}", _register(identity=v))),
        hs.nul_text.map(lambda v: (f"offset cache regime {v!r}", _offset_cache(regime=v))),
        hs.nul_text.map(lambda v: (f"nova name {v!r}", _nova(primary_name_normalized=v))),
        hs.nul_text.map(lambda v: (f"alias {v!r}", _alias(v))),
    ),
    "lone_surrogates": st.one_of(
        hs.lone_surrogate_text.map(lambda v: (f"locator {v!r}", _register(identity=v))),
        hs.lone_surrogate_text.map(
            lambda v: (f"nova name {v!r}", _nova(primary_name_normalized=v))
        ),
        hs.lone_surrogate_text.map(lambda v: (f"alias {v!r}", _alias(v))),
    ),
    "non_storable_numbers": st.one_of(
        hs.non_storable_numbers.map(lambda v: (f"hint {v!r}", _register(hints={"n": v}))),
        hs.non_storable_numbers.map(lambda v: (f"ra_deg {v!r}", _nova(ra_deg=v))),
        hs.non_storable_numbers.map(lambda v: (f"row magnitude {v!r}", _row(magnitude=v))),
        hs.non_storable_numbers.map(lambda v: (f"position ra {v!r}", _position(v))),
    ),
    "documents_nested_too_deep": st.one_of(
        hs.over_deep_documents.map(lambda v: ("hints nested too deep", _register(hints=v))),
        hs.over_deep_documents.map(lambda v: ("run context nested too deep", _annotate(v))),
    ),
    "item_over_400_kb": st.one_of(
        hs.oversized_documents.map(lambda v: ("item over 400 KB", _register(hints=v))),
        hs.oversized_documents.map(lambda v: ("row over 400 KB", _row(notes=v["blob"]))),
    ),
    "wrong_enum_values": st.one_of(
        hs.wrong_enum_values.map(lambda v: (f"nova status {v!r}", _nova(status=v))),
        hs.wrong_enum_values.map(lambda v: (f"job run status {v!r}", _job_run(status=v))),
        hs.wrong_enum_values.map(
            lambda v: (
                f"visibility {v!r}",
                lambda w: w.set_nova_visibility(uuid4(), v, expected=NovaStatus.ACTIVE),
            )
        ),
        hs.wrong_enum_values.map(
            lambda v: (
                f"plan ending {v!r}",
                lambda w: w.complete_regen_plan(uuid4(), v, execution_arn="arn:x"),
            )
        ),
    ),
    "naive_datetimes": st.one_of(
        hs.naive_datetimes.map(lambda v: (f"naive started_at {v}", _job_run(started_at=v))),
        hs.naive_datetimes.map(lambda v: (f"naive plan created_at {v}", _plan(created_at=v))),
        hs.naive_datetimes.map(lambda v: (f"naive row ingested_at {v}", _row(ingested_at=v))),
    ),
    "raw_object_without_bucket_or_etag": _raw_objects(
        st.sampled_from([{"bucket": ""}, {"etag": ""}])
    ),
    "raw_object_size_not_a_count": _raw_objects(
        st.one_of(
            st.integers(max_value=-1),
            st.sampled_from([True, False, 2880.0, "2880", None]),
        ).map(lambda v: {"byte_length": v})
    ),
    "raw_object_digest_not_sha256": _raw_objects(
        st.one_of(
            st.text(max_size=70).filter(lambda t: not _SHA256_HEX.fullmatch(t)),
            st.just("A" * 64),
        ).map(lambda v: {"sha256": v})
    ),
    "aliases_not_names": st.one_of(
        hs.plain_text.map(
            lambda v: (f"aliases as one string {v!r}", lambda w: w.add_nova_aliases(uuid4(), v))
        ),
        st.sampled_from(["", 5, None, b"V1500 Cyg"]).map(
            lambda v: (
                f"alias {v!r}",
                lambda w: w.add_nova_aliases(uuid4(), ["V1500 Cyg", v]),
            )
        ),
    ),
    "discovery_date_not_a_date": malformed_dates.map(
        lambda v: (
            f"discovery date {v!r}",
            lambda w: w.set_discovery_date(uuid4(), v, expected=None),
        )
    ),
    "expected_status_not_a_status": hs.wrong_enum_values.map(
        lambda v: (
            f"expected status {v!r}",
            lambda w: w.set_nova_visibility(uuid4(), NovaStatus.HIDDEN, expected=v),
        )
    ),
    "listing_filter_not_a_member": st.one_of(
        hs.wrong_enum_values.map(
            lambda v: (f"novae of status {v!r}", lambda w: w.list_novae(status=v))
        ),
        hs.wrong_enum_values.map(
            lambda v: (
                f"spectra of validation status {v!r}",
                lambda w: w.scan_spectra_products(validation_status=v),
            )
        ),
    ),
    "enumeration_text_naming_no_member": st.one_of(
        st.one_of(hs.wrong_enum_values, st.just("UNVALIDATED")).map(
            lambda v: (
                f"validation outcome status {v!r}",
                lambda w: w.record_validation_result(
                    SpectraProductKey(uuid4(), "ESO", uuid4()),
                    ValidationOutcome(status=v, content_fingerprint="f" * 16),  # type: ignore[arg-type]
                    execution=uuid4(),
                ),
            )
        ),
        hs.wrong_enum_values.map(
            lambda v: (
                f"review decision {v!r}",
                lambda w: w.clear_quarantine(
                    SpectraProductKey(uuid4(), "ESO", uuid4()), v, execution="review-1"
                ),
            )
        ),
    ),
    "validation_outcome_the_product_cannot_hold": st.sampled_from(
        list[dict[str, Any]](
            [
                {"header_signature_hash": ""},
                {"header_signature_hash": "h" * 257},
                {"fits_profile_id": ""},
                {"normalization_notes": ("ok", 5)},
                {"duplicate_of_data_product_id": "not a uuid"},
            ]
        )
    ).map(
        lambda fields: (
            f"validation outcome {fields}",
            lambda w: w.record_validation_result(
                SpectraProductKey(uuid4(), "ESO", uuid4()),
                ValidationOutcome(
                    status=ValidationStatus.VALID, content_fingerprint="f" * 16, **fields
                ),
                execution=uuid4(),
            ),
        )
    ),
    "validation_outcome_naming_its_own_product": st.sampled_from(
        list[DefinitiveStatus](
            [
                ValidationStatus.VALID,
                ValidationStatus.QUARANTINED,
                ValidationStatus.TERMINAL_INVALID,
            ]
        )
    ).map(
        lambda status: (
            f"{status.value} outcome naming the product itself as the one it duplicates",
            _duplicating_itself(status),
        )
    ),
    "listing_by_a_key_no_item_can_have": st.sampled_from(
        [
            ("files of a workflow id holding a lone surrogate", _files_of(_UNENCODABLE)),
            ("files of a 3,000-character workflow id", _files_of("c" * 3000)),
            ("runs of a workflow id holding a lone surrogate", _runs_of(_UNENCODABLE, None)),
            ("runs of a workflow name holding a lone surrogate", _runs_of("corr-1", _UNENCODABLE)),
        ]
    ),
    "entity_built_unvalidated": st.sampled_from(
        [
            ("a FileObject with no key", _unvalidated_file(key=None)),
            ("a FileObject without its role", _unvalidated_file(role=_LEFT_OUT)),
            ("a FileObject of role 'bogus'", _unvalidated_file(role="bogus")),
            (
                "a locator of kind 'BOGUS'",
                lambda w: w.register_spectra_product(
                    dataclasses.replace(
                        registration(uuid4(), "p1"),
                        locators=(Locator.model_construct(**_BOGUS_LOCATOR),),
                    )
                ),
            ),
            (
                "an ingested product holding a locator of kind 'BOGUS'",
                lambda w: w.put_ingested_spectra(
                    ingested_spectra(uuid4()).model_copy(
                        update={"locators": [Locator.model_construct(**_BOGUS_LOCATOR)]}
                    )
                ),
            ),
            (
                "a regeneration result for nova 'nope'",
                lambda w: w.record_regen_results(
                    uuid4(),
                    [NovaResult.model_construct(nova_id="nope", success=True)],
                    execution_arn="arn:exec:2",
                ),
            ),
        ]
    ),
    "map_entry_named_empty": st.sampled_from(
        [
            ("offset cache band ''", _offset_cache(band_offsets={"": Decimal(1)})),
            ("observation count of band ''", _offset_cache(band_observation_counts={"": 3})),
            (
                "step result entry ''",
                lambda w: w.record_step(
                    StepKind.LINK,
                    "step-1",
                    job_run_id=uuid4(),
                    result={"ok": {"": 1}},
                ),
            ),
        ]
    ),
    "quarantine_context_of_another_role": st.sampled_from(
        sorted(set(FileRole) - {FileRole.WORKFLOW_QUARANTINE_CONTEXT})
    ).map(lambda role: (f"quarantine context of role {role.value}", _quarantined_with(role))),
}
"""Hostile calls by category: each must be refused before any request."""


def _refused_before_any_request(
    what: str, call: Callable[[], object], interceptor: RequestInterceptor
) -> None:
    """``call`` raises InputValidationError (nothing else, nothing raw) with no request sent."""
    before = interceptor.count()
    try:
        call()
    except InputValidationError:
        pass
    except Exception as exc:
        pytest.fail(f"{what}: raised {type(exc).__module__}.{type(exc).__name__}: {exc!s:.200}")
    else:
        pytest.fail(f"{what}: accepted")
    assert interceptor.count() == before, f"{what}: requests were sent before refusing"


@pytest.mark.parametrize("category", sorted(CATEGORIES))
@given(data=st.data())
@PROPERTY_SETTINGS
def test_hostile_input_is_refused_before_any_request(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    category: str,
    data: st.DataObject,
) -> None:
    """Each hostile input category raises InputValidationError with zero requests sent and nothing
    written."""
    what, call = data.draw(CATEGORIES[category], label="call")
    _refused_before_any_request(what, lambda: call(wrapper), interceptor)
    assert raw.scan() == [], f"{what}: something was written"
    assert raw.photometry.scan() == [], f"{what}: a photometry row was written"


def test_empty_fingerprint_is_refused_before_any_request(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor
) -> None:
    """An empty error fingerprint is refused before any request."""
    key = SpectraProductKey(uuid4(), "ESO", uuid4())
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.record_retryable_failure(key, error_fingerprint="", execution=uuid4())
    assert interceptor.count() == before


def test_naive_clock_is_refused(make_wrapper: WrapperMaker, raw: RawView) -> None:
    """A clock returning naive datetimes makes writes fail typed, nothing written."""
    naive = make_wrapper(clock=lambda: datetime(2025, 3, 1, 12, 0))
    with pytest.raises(InputValidationError):
        naive.ensure_photometry_table(uuid4())
    assert raw.scan() == []


_DRAWN: Final = {spec.operation: spec for spec in CALLS}
"""How the model suite draws a well-typed call of each operation."""
_NEVER_ANY_ARGUMENT: Final = (5, 2.5, True, b"V1500 Cyg", object(), {1, 2})
"""Values of types no IFC-030 argument is annotated with (no argument is a number, a flag,
bytes or a set)."""


def _options(annotation: Any) -> tuple[Any, ...]:
    """The types an annotation joins (``X | None`` is two), each as written."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _takes_text(option: Any) -> bool:
    """Whether one option of an annotation takes a text (a string, or a member of a string
    enumeration, its text taken for it)."""
    if typing.get_origin(option) is Literal:
        return all(isinstance(member, str) for member in typing.get_args(option))
    return isinstance(option, type) and issubclass(option, str)


def _wrong_values(annotation: Any) -> list[Any]:
    """Values of a type the annotation does not name: this test's own reading of IFC-030's
    annotations, never the candidate's."""
    options = _options(annotation)
    wrong = list(_NEVER_ANY_ARGUMENT)
    if type(None) not in options:
        wrong.append(None)
    if not any(_takes_text(option) for option in options):
        wrong.append("V1500 Cyg")
    if not any(option is Nova for option in options):
        wrong.append(new_nova("V1500 Cyg"))
    sequences = [o for o in options if typing.get_origin(o) is collections.abc.Sequence]
    if sequences:  # a collection holding one element of a type never named
        wrong += [[5], (b"V1500 Cyg",)]
    return wrong


def _with_a_field_of_no_type(record: Any) -> Iterator[Any]:
    """``record`` with each field in turn holding a bare object, a type no field of any record
    is annotated with (a record whose own construction refuses it is left out: it never
    reaches an operation)."""
    for field in dataclasses.fields(record):
        try:
            yield dataclasses.replace(record, **{field.name: object()})
        except (TypeError, ValueError, InputValidationError):
            continue


def _parameters(operation: str) -> list[str]:
    """The parameters of an operation, as the interface declares them."""
    return list(inspect.signature(getattr(PersistenceWrapper, operation)).parameters)[1:]


@pytest.mark.parametrize("operation", [op for op in MODELLED if _parameters(op)])
@given(data=st.data())
@settings(PROPERTY_SETTINGS, max_examples=3)
def test_an_argument_of_a_type_the_interface_does_not_name_is_refused(
    make_twin: TwinMaker,
    raw: RawView,
    interceptor: RequestInterceptor,
    operation: str,
    data: st.DataObject,
) -> None:
    """A call of any operation that takes arguments, with one argument of a type IFC-030 does
    not name for it (a number, bytes, None where the annotation admits none, a text where it
    takes none, another entity, a collection holding such a value; an argument the call would
    leave to its default too), or a record argument (a key, a registration, an outcome) with
    one field of a type its annotation does not name, raises InputValidationError before any
    request, never Python's own AttributeError or TypeError; the same call well typed (drawn
    as the model suite draws it) then agrees with the model, and the table holds only what the
    model says."""
    raw.delete_except(set())
    raw.photometry.delete_except(set())
    twin = make_twin()
    call = data.draw(_DRAWN[operation].strategy(Vocabulary(), twin.model), label="call")
    declared = getattr(PersistenceWrapper, operation)
    signature = inspect.signature(declared)
    drawn = signature.bind(None, *call.args, **call.kwargs).arguments
    name = data.draw(st.sampled_from(_parameters(operation)), label="argument")
    given = drawn.get(name)
    wrongs = _wrong_values(typing.get_type_hints(declared)[name])
    if dataclasses.is_dataclass(given) and not isinstance(given, type):
        wrongs += list(_with_a_field_of_no_type(given))
    for wrong in wrongs:
        changed = inspect.BoundArguments(signature, {**drawn, name: wrong})
        run = functools.partial(
            getattr(twin.wrapper, operation), *changed.args[1:], **changed.kwargs
        )
        _refused_before_any_request(f"{name}={wrong!r:.40}", run, interceptor)
    twin.run(call)
    twin.check_everything()


def _stored_nova(raw: RawView, nova: Nova) -> Any:
    """The stored item of ``nova``, as the table holds it."""
    found = [i for i in raw.partition(str(nova.nova_id)) if i["entity_type"] == {"S": "Nova"}]
    assert len(found) == 1, f"one Nova item under {nova.nova_id}, found {len(found)}"
    return found[0]


def _refused_whole(wrapper: PersistenceWrapper, raw: RawView, nova: Nova, names: list[str]) -> None:
    """Adding ``names`` raises InputValidationError and the nova's item is as it was."""
    before = _stored_nova(raw, nova)
    held = [value["S"] for value in before.get("aliases", {"L": []})["L"]]
    texts = sum(len(name.encode()) for name in held + names)
    assert texts > MAX_ITEM_BYTES, "the test's names alone must not fit in one item"
    with pytest.raises(InputValidationError):
        wrapper.add_nova_aliases(nova.nova_id, names)
    assert _stored_nova(raw, nova) == before, "a refused addition stored some of its names"


def test_aliases_the_nova_cannot_hold_are_refused_whole(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Names that would take the nova's item past DynamoDB's 400 KB are refused with
    InputValidationError, and none of them is stored: a call whose names fit is one write,
    whole or nothing (a few large names, after the nova was filled near the limit), and a
    call of more names than one request can condition on is checked before its first write
    (many small names). The same nova then takes names that fit."""
    nova = wrapper.create_nova(new_nova()).item
    filler = [f"filler {n:02d} " + "f" * 9_990 for n in range(15)]  # 150 KB: fits
    assert wrapper.add_nova_aliases(nova.nova_id, filler).aliases == filler
    _refused_whole(wrapper, raw, nova, [f"large {n:02d} " + "l" * 9_990 for n in range(27)])
    _refused_whole(wrapper, raw, nova, [f"small {n:04d} " + "s" * 490 for n in range(520)])
    fits = [f"fits {n}" for n in range(3)]
    assert wrapper.add_nova_aliases(nova.nova_id, fits).aliases == filler + fits


_FILLED_NOVAE: Final = {
    "trailing_zeros": {
        "ra_deg": 100.0,  # stored "100.0": one base-100 digit, not four digits
        "dec_deg": 10.0,
        "spectra_count": 1000,
        "photometry_count": 100,
    },
    "signs_and_fractions": {
        "ra_deg": 1.5,  # "1.5": two base-100 digits (01.50), not one pair of digits
        "dec_deg": -1.5,  # and one byte more for the sign
        "references_count": 12345,
    },
}
"""Novae whose numbers a count of their decimal digits sizes wrongly (DynamoDB keeps a number
in base 100, a negative one with one byte more: :mod:`~.contracts.item_size`)."""


def _filling(room: int, count: int) -> list[str]:
    """``count`` new names that take ``room`` bytes of a nova's item together (an appended
    name costs its UTF-8 bytes and one)."""
    names = [f"name {n:02d} " + "n" * 92 for n in range(count - 1)]  # 100 bytes, 101 a name
    return [*names, "last " + "l" * (room - 101 * (count - 1) - 6)]


@pytest.mark.parametrize("count", [1, 60], ids=["one_name", "many_names"])
@pytest.mark.parametrize("fields", _FILLED_NOVAE.values(), ids=list(_FILLED_NOVAE))
def test_a_nova_filled_to_exactly_400_kb_takes_its_last_names(
    make_wrapper: WrapperMaker, raw: RawView, fields: dict[str, Any], count: int
) -> None:
    """A nova's item holds names up to exactly DynamoDB's 400 KB, its numbers counted as
    DynamoDB counts them, whether one name is added or more than one request conditions on:
    names one byte longer than the room left are refused (InputValidationError, nothing
    stored), names that fill the item exactly are stored. The clock stands still, so that
    every timestamp written is as long as the last."""
    still = ManualClock(EPOCH + timedelta(microseconds=123_457))
    wrapper = make_wrapper(clock=still)
    nova = wrapper.create_nova(new_nova(**fields)).item
    filler = [f"filler {n:02d} " + "f" * 9_990 for n in range(39)]  # about 390 KB
    wrapper.add_nova_aliases(nova.nova_id, filler)
    before = _stored_nova(raw, nova)
    room = MAX_ITEM_BYTES - item_size(before)
    assert 101 * count < room < 20_000, f"the filled nova leaves {room} bytes"
    assert sum(len(name) + 1 for name in _filling(room, count)) == room
    with pytest.raises(InputValidationError):
        wrapper.add_nova_aliases(nova.nova_id, _filling(room + 1, count))
    assert _stored_nova(raw, nova) == before, "refused names changed the nova's item"
    last = _filling(room, count)
    assert wrapper.add_nova_aliases(nova.nova_id, last).aliases == [*filler, *last]
    after = _stored_nova(raw, nova)
    assert [value["S"] for value in after["aliases"]["L"]] == [*filler, *last]
    assert item_size(after) == MAX_ITEM_BYTES


def _levels(value: Any) -> int:
    """The levels of lists and maps of a stored AttributeValue (0 for any other value)."""
    if not isinstance(value, dict) or len(value) != 1:
        return 0
    ((tag, payload),) = value.items()
    if tag not in ("L", "M"):
        return 0
    children = payload.values() if tag == "M" else payload
    return 1 + max(map(_levels, children), default=0)


_AT_THE_LIMIT: Final = hs.nested_document("LM" * ((MAX_ATTRIBUTE_LEVELS - 1) // 2))
"""30 levels of lists and maps: below an entry of a document attribute (its map the first
level), DynamoDB's 31 levels exactly."""
_ONE_LEVEL_MORE: Final = hs.nested_document("M" + "LM" * ((MAX_ATTRIBUTE_LEVELS - 1) // 2))


def test_a_document_nested_to_dynamodbs_limit_is_stored_whole(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """Hints and a run's context nested exactly as deep as DynamoDB stores are stored as
    sent (the stored attribute holds 31 levels of lists and maps) and read back equal; one
    level more is refused before any request, nothing stored or changed."""
    nova_id = uuid4()
    deep = {"shallow": "beside", "deep": _AT_THE_LIMIT}
    product = wrapper.register_spectra_product(
        dataclasses.replace(registration(nova_id), hints=deep)
    ).item
    run = wrapper.begin_job_run(new_job_run(nova_id=nova_id))
    annotation = JobRunAnnotation(quarantine_reason_code="DEEP", extra_context=deep)
    wrapper.annotate_job_run(run_key(run), annotation)
    documents = {
        i["entity_type"]["S"]: i.get("hints") or i.get("extra_context")
        for i in raw.scan()
        if i["entity_type"]["S"] in ("DataProduct", "JobRun")
    }
    assert _levels(documents["DataProduct"]) == MAX_ATTRIBUTE_LEVELS
    assert _levels(documents["JobRun"]) == MAX_ATTRIBUTE_LEVELS
    read = wrapper.get_spectra_product(key_of(product))
    assert read is not None and read.hints == deep
    annotated = wrapper.get_job_run(run_key(run))
    assert annotated is not None and annotated.extra_context == deep
    other = wrapper.begin_job_run(new_job_run(nova_id=nova_id))
    before = raw.scan()
    deeper = {"shallow": "beside", "deep": _ONE_LEVEL_MORE}
    _refused_before_any_request(
        "hints one level deeper",
        lambda: wrapper.register_spectra_product(
            dataclasses.replace(registration(nova_id, "ADP.2"), hints=deeper)
        ),
        interceptor,
    )
    _refused_before_any_request(
        "run context one level deeper",
        lambda: wrapper.annotate_job_run(
            run_key(other),
            JobRunAnnotation(quarantine_reason_code="DEEP", extra_context=deeper),
        ),
        interceptor,
    )
    assert raw.scan() == before, "a refused document changed the table"
