"""Frozen records behave as the frozen dataclasses they replace: construction, equality with
their own class only, hashing, immutability, repr, copying, pickling and dataclass tooling."""

import copy
import dataclasses
import pickle
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from novacat_persistence.contracts.keys import JobRunKey, NovaKey, PhotometryTableKey
from novacat_persistence.contracts.operations import BackoffPolicy, SpectraRegistration
from novacat_persistence.contracts.records import frozen_record


@frozen_record(slots=True)
class Slotted:
    """A record with __slots__, a default and a factory."""

    name: str
    size: int = 3
    tags: list[str] = dataclasses.field(default_factory=list)


@frozen_record
class Plain:
    """A record without __slots__, one field left out of equality and repr."""

    name: str
    note: str = dataclasses.field(default="", compare=False, repr=False)


@frozen_record
class Checked:
    """A record whose __post_init__ refuses an empty name and whose body writes __repr__."""

    name: str

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("empty name")

    def __repr__(self) -> str:
        return f"<{self.name}>"


def test_construction_takes_positions_keywords_defaults_and_factories() -> None:
    assert (Slotted("a").name, Slotted("a").size, Slotted("a").tags) == ("a", 3, [])
    assert Slotted("a", 5, ["x"]) == Slotted(name="a", size=5, tags=["x"])
    assert Slotted(name="a") == Slotted("a") == Slotted("a", tags=[])
    assert Slotted(tags=["x"], size=5, name="a") == Slotted("a", 5, ["x"])
    assert Slotted("a").tags is not Slotted("a").tags  # a fresh list for every record


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "Slotted() missing required arguments: name"),
        (("a", 1, [], 4), {}, "Slotted() takes 3 positional arguments, 4 given"),
        (("a",), {"name": "b"}, "Slotted() got multiple values for argument 'name'"),
        (("a",), {"colour": "red"}, "Slotted() got an unexpected keyword argument 'colour'"),
    ],
)
def test_a_wrong_call_is_a_type_error_naming_the_problem(
    args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError) as raised:
        Slotted(*args, **kwargs)  # type: ignore[arg-type, call-arg]
    assert str(raised.value) == message


def test_equality_and_hash_hold_within_one_class_only() -> None:
    nova_id = uuid4()
    assert NovaKey(nova_id) == NovaKey(nova_id)
    assert hash(NovaKey(nova_id)) == hash(NovaKey(nova_id))
    assert NovaKey(nova_id) != NovaKey(uuid4())
    # the same fields in two key types are two different keys
    assert NovaKey(nova_id) != PhotometryTableKey(nova_id)
    assert len({NovaKey(nova_id), PhotometryTableKey(nova_id), NovaKey(nova_id)}) == 2


def test_fields_left_out_of_equality_are_left_out_of_hash_and_repr() -> None:
    assert Plain("a", note="x") == Plain("a", note="y")
    assert hash(Plain("a", note="x")) == hash(Plain("a", note="y"))
    assert repr(Plain("a", note="x")) == "Plain(name='a')"


def test_a_record_is_frozen() -> None:
    key = NovaKey(uuid4())
    with pytest.raises(dataclasses.FrozenInstanceError):
        key.nova_id = uuid4()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del key.nova_id  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Plain("a").other = 1  # type: ignore[attr-defined]


def test_repr_names_the_class_and_each_field() -> None:
    assert repr(Slotted("a", 4)) == "Slotted(name='a', size=4, tags=[])"
    started = datetime(2026, 1, 2, tzinfo=UTC)
    key = JobRunKey("ingest", started, job_run_id=(run := uuid4()), correlation_id="c")
    assert repr(key) == (
        f"JobRunKey(workflow_name='ingest', started_at={started!r}, job_run_id={run!r}, "
        "nova_id=None, correlation_id='c')"
    )


def test_post_init_runs_and_the_bodys_own_methods_are_kept() -> None:
    with pytest.raises(ValueError, match="empty name"):
        Checked("")
    with pytest.raises(ValueError, match="empty name"):
        Checked(name="")
    assert repr(Checked("a")) == "<a>"


@pytest.mark.parametrize(
    "record",
    [
        Slotted("a", 4, ["x"]),
        Plain("a", "n"),
        NovaKey(uuid4()),
        JobRunKey("w", datetime(2026, 1, 2, tzinfo=UTC), uuid4(), nova_id=uuid4()),
        BackoffPolicy(),
        SpectraRegistration(uuid4(), "ESO", "provider_product_id:A", hints={"a": "b"}),
    ],
    ids=lambda r: type(r).__name__,
)
def test_copies_and_pickles_are_equal_records(record: object) -> None:
    for twin in (copy.copy(record), copy.deepcopy(record), pickle.loads(pickle.dumps(record))):
        assert type(twin) is type(record)
        assert twin == record
        assert dataclasses.astuple(twin) == dataclasses.astuple(record)  # type: ignore[call-overload]


def test_dataclass_tooling_sees_a_dataclass() -> None:
    record = Slotted("a", 4)
    assert [f.name for f in dataclasses.fields(record)] == ["name", "size", "tags"]
    assert dataclasses.asdict(record) == {"name": "a", "size": 4, "tags": []}
    assert dataclasses.replace(record, size=5) == Slotted("a", 5)
    assert Slotted.__slots__ == ("name", "size", "tags")
    match record:
        case Slotted(name, size):
            assert (name, size) == ("a", 4)
        case _:  # pragma: no cover - the match above must take
            pytest.fail("the record's match arguments are its fields")


def test_a_field_left_out_of_init_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match=r"sets every field at init: \['size'\]"):

        @frozen_record
        class Derived:
            """A field the initializer would not set."""

            name: str
            size: int = dataclasses.field(init=False)
