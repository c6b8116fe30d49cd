"""Self-contained candidates (capability ``self_contained``): the fake runs the whole core
without a boto3 client, on its own store, with faults and race gates through its fault hook;
a candidate without the declaration still gets a hooked boto3 client of the backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from novacat_persistence.contracts.fault_hook import NAMED_FAULTS
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.fake import FAKE_CAPABILITIES, create_fake_wrapper
from novacat_persistence.suites.harness.backends import (
    IN_PROCESS,
    InProcessBackend,
    MotoBackend,
    make_backend,
)
from novacat_persistence.suites.harness.implementations import ENV_VAR, resolve
from novacat_persistence.suites.harness.interception import Fault
from novacat_persistence.suites.harness.raw_table import RawTable, own_table_view

PROBE = '''\
"""Records how the suites call the implementation named by $PROBE_TARGET, then delegates."""
import json
import os

from novacat_persistence.suites.harness.implementations import resolve

_target = resolve(os.environ["PROBE_TARGET"])


def factory(client, table_name, **kwargs):
    record = {"client": f"{type(client).__module__}.{type(client).__name__}",
              "kwargs": sorted(kwargs)}
    with open(os.environ["PROBE_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\\n")
    return _target.factory(client, table_name, **kwargs)


factory.capabilities = _target.capabilities
'''


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "novacat_persistence.cli.main", *args],
        cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if k != ENV_VAR}, **env},
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )


def test_the_fake_declares_self_contained_and_gets_the_in_process_backend() -> None:
    assert resolve("fake").capabilities.self_contained
    assert not resolve("reference").capabilities.self_contained
    assert isinstance(make_backend("dynamodb-local", None, self_contained=True), InProcessBackend)
    assert isinstance(make_backend("moto", None), MotoBackend)


def test_every_suite_fault_has_a_typed_error_for_the_fault_hook() -> None:
    assert {fault.value for fault in Fault} == set(NAMED_FAULTS)


def test_both_raw_views_satisfy_the_protocol() -> None:
    assert isinstance(own_table_view(create_fake_wrapper()), RawView)
    assert isinstance(RawTable(client=None, name="t"), RawView)
    with pytest.raises(TypeError, match="raw view"):
        own_table_view(object())


def test_the_whole_core_passes_on_the_fake_without_a_client(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    done = _run(
        tmp_path, "conformance", "--impl", "fake", "--race-rounds", "3", f"--report-dir={reports}"
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    header = json.loads((reports / "conformance.json").read_text())["header"]
    assert header["backend"].startswith(IN_PROCESS)
    assert "self_contained" in header["capabilities"]
    assert f"backend: {IN_PROCESS}" in done.stdout
    assert "core: PASSED" in done.stdout


REFERENCE_CALL = {"clock", "logger"}
FIRST_FAKE_CALL = {"clock", "logger", "fault_hook"}
"""A test's first wrapper of a self-contained candidate makes the store..."""
LATER_FAKE_CALL = {"clock", "logger", "fault_hook", "table"}
"""...every later one shares it (``table=``)."""


@pytest.mark.parametrize(
    ("target", "client", "calls_per_test"),
    [
        ("reference", "botocore.client.DynamoDB", [REFERENCE_CALL]),
        ("fake", "builtins.NoneType", [FIRST_FAKE_CALL, LATER_FAKE_CALL]),
    ],
)
def test_how_the_suites_bind_each_kind_of_candidate(
    tmp_path: Path, target: str, client: str, calls_per_test: list[set[str]]
) -> None:
    (tmp_path / "probe_impl.py").write_text(PROBE)
    log = tmp_path / "calls.jsonl"
    done = _run(
        tmp_path,
        "conformance",
        "--impl",
        "probe_impl:factory",
        f"--report-dir={tmp_path / 'reports'}",
        "--",
        "-k",
        "test_request_count_is_reported or test_lock_acquisition_has_one_winner",
        PROBE_TARGET=target,
        PROBE_LOG=str(log),
        PYTHONPATH=str(tmp_path),
    )
    assert done.returncode == 1, "a run of two tests never passes the whole core"
    report = json.loads((tmp_path / "reports" / "conformance.json").read_text())
    ran = {t["test"]: t["outcome"] for t in report["tests"] if t["outcome"] != "deselected"}
    assert set(ran.values()) == {"passed"}, ran
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert {c["client"] for c in calls} == {client}
    made = Counter(frozenset(c["kwargs"]) for c in calls)
    expected = Counter(frozenset(kwargs) for kwargs in calls_per_test * 2)
    assert made == expected, "two tests, the same wrappers each (in any order: workers interleave)"


def test_the_fake_capabilities_are_its_factory_declaration() -> None:
    assert resolve("fake").capabilities == FAKE_CAPABILITIES
