"""``audit`` under generated hostile options (moto S3 and DynamoDB): bad table, bucket, nova id,
endpoint, region and format values. Every run exits 1 or 2 without a traceback (a usage or
environment error in one line), and the table and bucket are left as they were."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.cli.main import main
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import BUCKET, TABLE
from .test_audit import seed

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

TABLES = st.sampled_from([TABLE, "", "NoSuchTable", "a", "bad name!", "x" * 300])
BUCKETS = st.sampled_from([BUCKET, "", "no-such-bucket", "UPPER", "a/b", "x" * 300, "..", "b"])
NOVAE = st.sampled_from([[], ["--nova", "not-a-uuid"], ["--nova", ""], ["--nova"]])
ENDPOINTS = st.sampled_from(
    [[], ["--endpoint-url", "not a url"], ["--endpoint-url", "http://"], ["--endpoint-url"]]
)
REGIONS = st.sampled_from(
    [["--region", "us-east-1"], ["--region", ""], ["--region", "not a region/"], []]
)
FORMATS = st.sampled_from([[], ["--format", "json"], ["--format", "yaml"], ["--bogus"]])


def state(client: Any, s3: Any) -> tuple[object, object]:
    items = client.scan(TableName=TABLE)["Items"]
    objects = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return (
        sorted(str(sorted(item.items())) for item in items),
        sorted((o["Key"], o["ETag"]) for o in objects),
    )


@pytest.fixture
def seeded(wrapper: ReferenceWrapper, client: Any, s3: Any) -> tuple[Any, Any]:
    """The moto table and bucket, with pointers of every kind (a good run exits 1: one is
    dangling)."""
    seed(wrapper, s3)
    return client, s3


@st.composite
def audit_argvs(draw: st.DrawFn) -> list[str]:
    """An ``audit`` command line with some option, or several, bad."""
    return [
        "audit",
        *["--table", draw(TABLES)],
        *["--bucket", draw(BUCKETS)],
        *draw(NOVAE),
        *draw(ENDPOINTS),
        *draw(REGIONS),
        *draw(FORMATS),
    ]


@HOSTILE
@given(argv=audit_argvs(), region_in_env=st.booleans())
def test_hostile_options_are_problems_or_one_line_errors(
    seeded: tuple[Any, Any], monkeypatch: Any, argv: list[str], region_in_env: bool
) -> None:
    client, s3 = seeded
    before = state(client, s3)
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if region_in_env:
            monkeypatch.setenv(name, "us-east-1")
        else:
            monkeypatch.delenv(name, raising=False)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exited:
            code = int(exited.code or 0)
    assert code in (1, 2), (argv, out.getvalue(), err.getvalue())
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert len(err.getvalue().splitlines()) == 1, (argv, err.getvalue())
    assert state(client, s3) == before
