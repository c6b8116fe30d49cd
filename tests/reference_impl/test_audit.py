"""Rule 6: the pointer audit, through the wrapper and the ``audit`` verb (moto S3)."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from novacat_persistence.cli.main import main
from novacat_persistence.contracts.bucket_layout import photometry_key, raw_spectra_key
from novacat_persistence.contracts.entities import FileObject
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.errors import (
    BackendConfigurationError,
    BackendUnavailableError,
    InputValidationError,
)
from novacat_persistence.contracts.operations import (
    PhotometryIngestion,
    PointerProblem,
    RawObject,
)
from novacat_persistence.reference_impl import ReferenceWrapper, connect_reference_wrapper
from novacat_persistence.reference_impl.audit import Pointer, S3Auditor

from .conftest import BUCKET, TABLE, raw_item, spectra_key

BODY = b"SIMPLE  =                    T" * 10


def put_object(s3: Any, key: str, *, checksum: bool) -> str:
    extra = {"ChecksumAlgorithm": "SHA256"} if checksum else {}
    etag: str = s3.put_object(Bucket=BUCKET, Key=key, Body=BODY, **extra)["ETag"].strip('"')
    return etag


def record(wrapper: ReferenceWrapper, nova_id: Any, key: str, **fields: Any) -> FileObject:
    file = FileObject(
        file_id=uuid4(),
        role=FileRole.OTHER,
        nova_id=nova_id,
        key=key,
        created_by="ingest_new_nova:run-1",
        **{"bucket": BUCKET, **fields},
    )
    return wrapper.put_file_object(file).item


def seed(wrapper: ReferenceWrapper, s3: Any) -> Any:
    nova_id = uuid4()
    sha = hashlib.sha256(BODY).hexdigest()
    etag = put_object(s3, f"bundles/{nova_id}/ok.zip", checksum=True)
    record(
        wrapper, nova_id, f"bundles/{nova_id}/ok.zip", byte_length=len(BODY), etag=etag, sha256=sha
    )
    etag2 = put_object(s3, f"bundles/{nova_id}/hashed.zip", checksum=False)
    record(wrapper, nova_id, f"bundles/{nova_id}/hashed.zip", etag=etag2, sha256="0" * 64)
    record(wrapper, nova_id, f"bundles/{nova_id}/missing.zip")
    key = spectra_key(wrapper, nova_id)
    raw = raw_spectra_key(nova_id, key.data_product_id)
    raw_etag = put_object(s3, raw, checksum=False)
    wrapper.record_raw_acquisition(key, RawObject(BUCKET, raw, len(BODY) + 1, raw_etag, sha))
    return nova_id


def test_audit_reports_dangling_and_mismatched_pointers(wrapper: ReferenceWrapper, s3: Any) -> None:
    nova_id = seed(wrapper, s3)
    report = wrapper.audit_pointers(nova_id=nova_id)
    assert report.checked == 4
    problems = sorted((f.key.rsplit("/", 1)[-1], f.problem) for f in report.findings)
    assert problems == [
        ("hashed.zip", PointerProblem.SHA256_MISMATCH),
        ("missing.zip", PointerProblem.DANGLING),
        ("primary.fits", PointerProblem.SIZE_MISMATCH),
    ]
    assert wrapper.audit_pointers(nova_id=uuid4()).ok


def test_audit_checks_photometry_pointers_and_reports_what_it_cannot_read(
    wrapper: ReferenceWrapper, s3: Any, client: Any
) -> None:
    """A photometry table's pointer is audited like any other: DANGLING until its object is
    there, LAYOUT when it is not the canonical key (as a table another writer recorded may
    hold). A pointer item that cannot be read is an UNREADABLE finding under its stored key,
    and the rest audited."""
    nova_id = uuid4()
    ingestion = PhotometryIngestion("ztf", BUCKET, "1.0.0")
    wrapper.record_photometry_ingestion(nova_id, ingestion, execution="ingest-1")
    report = wrapper.audit_pointers(nova_id=nova_id)
    assert report.checked == 1
    assert [(f.key, f.problem) for f in report.findings] == [
        (photometry_key(nova_id), PointerProblem.DANGLING)
    ]
    s3.put_object(Bucket=BUCKET, Key=photometry_key(nova_id), Body=BODY)
    assert wrapper.audit_pointers(nova_id=nova_id).ok

    table = raw_item(client, str(nova_id), "PRODUCT#PHOTOMETRY_TABLE")
    assert table is not None
    elsewhere = f"derived/photometry/{nova_id}/old_table.parquet"
    s3.put_object(Bucket=BUCKET, Key=elsewhere, Body=BODY)
    client.put_item(TableName=TABLE, Item={**table, "s3_key": {"S": elsewhere}})
    unreadable = {**table, "SK": {"S": "FILE#OTHER#ID#x"}, "entity_type": {"S": "FileObject"}}
    client.put_item(TableName=TABLE, Item=unreadable)
    report = wrapper.audit_pointers(nova_id=nova_id)
    assert report.checked == 1
    found = {(f.sk, f.key, f.problem) for f in report.findings}
    assert found == {
        ("PRODUCT#PHOTOMETRY_TABLE", elsewhere, PointerProblem.LAYOUT),
        ("FILE#OTHER#ID#x", photometry_key(nova_id), PointerProblem.UNREADABLE),
    }
    (unread,) = [f for f in report.findings if f.problem is PointerProblem.UNREADABLE]
    assert unread.detail.startswith("the item cannot be read, so its pointer is unchecked: ")


def test_audit_verb_exit_codes_and_formats(
    wrapper: ReferenceWrapper, s3: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    nova_id = seed(wrapper, s3)
    args = ["audit", "--table", TABLE, "--bucket", BUCKET, "--region", "us-east-1"]
    assert main([*args, "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["checked"] == 4 and not document["ok"] and len(document["findings"]) == 3
    assert main([*args, "--nova", str(uuid4())]) == 0
    assert "0 pointer(s) checked, 0 problem(s)" in capsys.readouterr().out
    assert main([*args, "--nova", str(nova_id)]) == 1
    assert "DANGLING" in capsys.readouterr().out


def test_audit_verb_reports_a_pointer_item_it_cannot_read(
    wrapper: ReferenceWrapper, s3: Any, client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FileObject that cannot be read and holds no pointer text: exit 1, one UNREADABLE
    line under its stored key saying no pointer was read (never "0 problem(s)", exit 0)."""
    nova_id = uuid4()
    broken = {
        "PK": {"S": str(nova_id)},
        "SK": {"S": "FILE#OTHER#ID#x"},
        "entity_type": {"S": "FileObject"},
        "schema_version": {"S": "1.0.0"},
    }
    client.put_item(TableName=TABLE, Item=broken)
    args = ["audit", "--table", TABLE, "--bucket", BUCKET, "--region", "us-east-1"]
    assert main([*args, "--nova", str(nova_id)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"UNREADABLE: {nova_id} / FILE#OTHER#ID#x: (no pointer read): ")
    assert out[-1] == "audit: 0 pointer(s) checked, 1 problem(s)"


@pytest.mark.parametrize(
    "case",
    [("NoSuchTable", BUCKET, "ResourceNotFoundException"), (TABLE, "no-such-bucket", "bucket")],
)
def test_audit_verb_environment_errors_exit_2_without_traceback(
    wrapper: ReferenceWrapper, s3: Any, capsys: pytest.CaptureFixture[str], case: tuple[str, ...]
) -> None:
    table, bucket, message = case
    code = main(["audit", "--table", table, "--bucket", bucket, "--region", "us-east-1"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_audit_verb_without_credentials_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code = main(["audit", "--table", TABLE, "--bucket", BUCKET, "--region", "us-east-1"])
    err = capsys.readouterr().err
    assert code == 2 and "no AWS credentials" in err and "Traceback" not in err
    assert "AWS_ACCESS_KEY_ID" in err and "AWS_PROFILE" in err  # what to set


class SilentServer:
    """A TCP server on loopback that accepts connections and never answers."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):  # closed at the end of the test
            while True:
                self.accepted.append(self._socket.accept()[0])

    def close(self) -> None:
        for connection in [self._socket, *self.accepted]:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def test_an_endpoint_that_never_answers_is_given_up_on_after_one_read_timeout(
    silent: SilentServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    args = ["audit", "--table", TABLE, "--bucket", BUCKET, "--region", "us-east-1"]
    start = time.monotonic()
    code = main([*args, "--endpoint-url", silent.url])
    elapsed = time.monotonic() - start
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.splitlines()) == 1
    assert "S3 timed out" in err and "DynamoDB" not in err  # the bucket is checked first
    assert len(silent.accepted) == 1  # one attempt: a request that timed out is not sent again
    assert elapsed < 20  # connect 2 s + read 5 s, with slack for a busy machine (it took 23 s)
    wrapper = connect_reference_wrapper(TABLE, region="us-east-1", endpoint_url=silent.url)
    with pytest.raises(BackendUnavailableError, match=r"^DynamoDB timed out"):
        wrapper.get_nova(uuid4())
    assert len(silent.accepted) == 2


def test_s3_failures_are_named_s3(s3: Any) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    client = boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{port}",
        config=Config(retries={"mode": "standard", "max_attempts": 1}),
    )
    with pytest.raises(BackendUnavailableError, match=r"^cannot reach S3\b"):
        S3Auditor(client).require_bucket(BUCKET)
    forbidden = {"Error": {"Code": "403"}, "ResponseMetadata": {"HTTPStatusCode": 403}}
    s3.meta.events.register_first(
        "before-call.s3.HeadObject", lambda **_: (AWSResponse("", 403, {}, None), forbidden)
    )
    with pytest.raises(BackendConfigurationError, match=r"^S3 refused the request \(403\)"):
        S3Auditor(s3).check(Pointer("pk", "sk", BUCKET, "some/key"))


def test_audit_reports_an_etag_mismatch_and_a_pointer_in_another_bucket(
    wrapper: ReferenceWrapper, s3: Any
) -> None:
    """A recorded ETag the object does not have is ETAG_MISMATCH (size and digest aside); with
    ``bucket=``, a pointer recorded in another bucket is LAYOUT, before its object is looked
    for; a product not yet acquired points at nothing and is not counted."""
    nova_id = uuid4()
    key = f"bundles/{nova_id}/changed.zip"
    etag = put_object(s3, key, checksum=False)
    record(wrapper, nova_id, key, byte_length=len(BODY), etag="0" * 32)
    spectra_key(wrapper, nova_id)  # registered, never acquired
    report = wrapper.audit_pointers(nova_id=nova_id)
    assert report.checked == 1
    (finding,) = report.findings
    assert (finding.key, finding.problem) == (key, PointerProblem.ETAG_MISMATCH)
    assert f"recorded ETag {'0' * 32}, object has {etag}" in finding.detail

    s3.create_bucket(Bucket="novacat-elsewhere")
    elsewhere = f"bundles/{nova_id}/elsewhere.zip"
    record(wrapper, nova_id, elsewhere, bucket="novacat-elsewhere")
    report = wrapper.audit_pointers(nova_id=nova_id, bucket=BUCKET)
    assert report.checked == 2
    assert sorted((f.key, f.problem) for f in report.findings) == [
        (key, PointerProblem.ETAG_MISMATCH),
        (elsewhere, PointerProblem.LAYOUT),
    ]


def test_audit_refuses_a_nova_id_that_is_no_uuid_before_any_request(
    wrapper: ReferenceWrapper, client: Any, s3: Any
) -> None:
    """The audit is an IFC-030 operation like the others: an argument of another type than
    its annotation is refused by name, before S3 or DynamoDB is asked anything."""
    sent: list[str] = []
    for service in (client, s3):
        service.meta.events.register("before-call.*.*", lambda model, **_: sent.append(model.name))
    expected = "audit_pointers: nova_id must be a UUID or None, not one str"
    with pytest.raises(InputValidationError, match=expected):
        wrapper.audit_pointers(nova_id=str(uuid4()))  # type: ignore[arg-type]
    assert sent == []
    wrapper.audit_pointers(nova_id=uuid4())
    assert "Query" in sent, "the hook sees the audit's requests"


class _FailingS3(http.server.BaseHTTPRequestHandler):
    """An endpoint answering every request 500, as a service that is down or no S3 does."""

    def do_HEAD(self) -> None:
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return


def test_a_bucket_check_answered_by_a_server_error_says_so() -> None:
    """HEAD bucket answered 500 (the endpoint is down, or no S3): the error says the service
    failed, not that the bucket name or credentials are wrong."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailingS3)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        s3 = boto3.client(
            "s3",
            region_name="us-east-1",
            endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            config=Config(retries={"max_attempts": 1}),
        )
        with pytest.raises(BackendConfigurationError) as refused:
            S3Auditor(s3).require_bucket(BUCKET)
    finally:
        server.shutdown()
    assert "(500: the service failed to answer)" in refused.value.message
    assert refused.value.hint == "check that the endpoint is an S3 service and that it is up"
