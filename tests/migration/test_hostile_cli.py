"""Hostile input for ``novacat-persistence migrate``: generated bad options and report paths
exit 2 with one line on stderr, no report and no traceback, and write nothing to the table
(every run asks for --apply)."""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.contracts.tables import TABLE_NAME_PATTERN

from .conftest import Key, Ran, Raw, corpus_items

HOSTILE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REGION_CHARACTERS = set(string.ascii_letters + string.digits + "-")

bad_table_names = st.text(max_size=300).filter(lambda t: not TABLE_NAME_PATTERN.fullmatch(t))
not_positive = st.one_of(
    st.integers(max_value=0).map(str),
    st.text(min_size=1).filter(lambda t: not t.strip().lstrip("+").isdigit()),
)
bad_formats = st.text().filter(lambda t: t not in ("text", "json"))
bad_regions = st.text(min_size=1, max_size=40).filter(lambda t: not set(t) <= REGION_CHARACTERS)
bad_endpoints = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "._-", min_size=1),
    st.sampled_from(["http://", "https://", "http://a_b:9", "http:/x", "://x", "http://[::1"]),
)
unknown_options = st.from_regex(r"--zz[a-z-]{0,12}", fullmatch=True)

options = st.one_of(
    bad_table_names.map(lambda value: [f"--table={value}"]),
    not_positive.map(lambda value: [f"--limit={value}"]),
    bad_formats.map(lambda value: [f"--format={value}"]),
    bad_regions.map(lambda value: [f"--region={value}"]),
    bad_endpoints.map(lambda value: [f"--endpoint-url={value}"]),
    unknown_options.map(lambda option: [option]),
)
file_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=40,
).filter(lambda name: name not in (".", ".."))


def _refused(ran: Ran) -> None:
    assert ran.code == 2, ran
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert lines[0].startswith("novacat-persistence"), ran.err
    assert "Traceback" not in ran.err
    assert ran.out == "", "a report was printed"


@pytest.fixture
def unchanged(raw: Raw) -> Callable[[], None]:
    """Seeds items that --apply would rewrite; returns the check that nothing was written."""
    raw.put(*corpus_items(2))
    before: dict[Key, dict[str, object]] = raw.snapshot()

    def check() -> None:
        assert raw.snapshot() == before, "a refused run wrote to the table"

    return check


@HOSTILE
@given(option=options)
def test_bad_options_exit_2_with_one_line_and_write_nothing(
    migrate: Callable[..., Ran], unchanged: Callable[[], None], option: list[str]
) -> None:
    _refused(migrate("--apply", *option))
    unchanged()


@HOSTILE
@given(name=file_names, kind=st.sampled_from(["missing-folder", "under-a-file", "nul", "long"]))
def test_report_paths_that_cannot_be_written_exit_2_before_anything_is_read(
    migrate: Callable[..., Ran],
    unchanged: Callable[[], None],
    tmp_path: Path,
    name: str,
    kind: str,
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    path = {
        "missing-folder": tmp_path / "missing" / name,
        "under-a-file": a_file / name,
        "nul": f"{tmp_path}/{name}\x00.json",
        "long": tmp_path / (name * 300)[:300],
    }[kind]
    _refused(migrate("--apply", f"--output={path}"))
    unchanged()


def test_a_folder_as_the_report_path_exits_2(
    migrate: Callable[..., Ran], unchanged: Callable[[], None], tmp_path: Path
) -> None:
    _refused(migrate("--apply", f"--output={tmp_path}"))
    unchanged()


def test_a_missing_table_exits_2_with_one_line(migrate: Callable[..., Ran]) -> None:
    ran = migrate("--apply", table_name="no-such-table")
    _refused(ran)
    assert "ResourceNotFoundException" in ran.err


def test_an_unreachable_endpoint_exits_2_with_one_line(
    migrate: Callable[..., Ran], unchanged: Callable[[], None]
) -> None:
    _refused(migrate("--apply", "--endpoint-url=http://127.0.0.1:9"))
    unchanged()


def test_usage_errors_of_the_parser_are_one_line(migrate: Callable[..., Ran]) -> None:
    for args in (["--limit"], ["--apply", "--zz"], ["--format"]):
        _refused(migrate(*args))


@pytest.mark.parametrize(
    ("keys", "item"),
    [
        ({"PK": "N", "SK": "S"}, {"PK": {"N": "1"}, "SK": {"S": "NOVA"}}),
        ({"PK": "S"}, {"PK": {"S": "x"}}),
        ({"PK": "B", "SK": "S"}, {"PK": {"B": b"x"}, "SK": {"S": "NOVA"}}),
    ],
    ids=["number-pk", "no-sk", "binary-pk"],
)
def test_a_table_of_other_keys_exits_2_with_one_line_and_is_left(
    client: Any, migrate: Callable[..., Ran], keys: dict[str, str], item: dict[str, object]
) -> None:
    """A table whose keys are not the strings PK and SK is no Nova Cat table (a wrong
    --table): one line saying so, exit 2, its items left as stored."""
    name = f"other-{uuid4().hex[:12]}"
    roles = ("HASH", "RANGE")
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": k, "KeyType": r} for k, r in zip(keys, roles, strict=False)],
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": t} for k, t in keys.items()],
        BillingMode="PAY_PER_REQUEST",
    )
    stored = {**item, "entity_type": {"S": "JobRun"}, "schema_version": {"S": "1"}}
    client.put_item(TableName=name, Item=stored)
    try:
        ran = migrate("--apply", table_name=name)
        _refused(ran)
        assert "is not a Nova Cat table" in ran.err
        items = client.scan(TableName=name)["Items"]
        assert items == [stored]
    finally:
        client.delete_table(TableName=name)
