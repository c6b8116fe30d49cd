"""``corpus replay s3://bucket/prefix`` reads a DynamoDB export where AWS writes it (manifests,
``data/*.json.gz``) from a moto S3 server on loopback, streaming; ``--jobs N`` spreads the files
over processes and gives the same report as one process."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.reading import ProblemKind
from novacat_persistence.corpus_tools.replay import replay
from novacat_persistence.corpus_tools.s3_exports import S3Settings

from .conftest import assert_refused, run_cli, run_cli_process
from .test_replay import bad_lines, corpus_lines

BUCKET = "exports"
EXPORT = "nova-cat/AWSDynamoDB/01717000000000-abcdef12"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=moto_url, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for entry in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    client.delete_bucket(Bucket=BUCKET)


def data_files() -> dict[str, bytes]:
    """Four gzip'd data files: good items of several versions and eras, and bad lines."""
    return {
        "a1.json.gz": gzip.compress(b"".join(corpus_lines("data_product/1.0.0.jsonl"))),
        "b2.json.gz": gzip.compress(b"".join(bad_lines())),
        "c3.json.gz": gzip.compress(b"".join(corpus_lines("job_run/1.0.0+initiated-at.jsonl"))),
        "d4.json.gz": gzip.compress(b""),  # an empty partition's file
    }


def upload_export(
    s3: Any,
    files: dict[str, bytes],
    *,
    unlisted: bool = False,
    output_format: str = "DYNAMODB_JSON",
) -> None:
    """The export as DynamoDB writes it: data files, manifest-files.json, manifest-summary."""
    entries = []
    for name, content in files.items():
        key = f"{EXPORT}/data/{name}"
        s3.put_object(Bucket=BUCKET, Key=key, Body=content)
        entries.append({"itemCount": 0, "md5Checksum": "x", "etag": "y", "dataFileS3Key": key})
    if unlisted:  # a stray object the manifest does not list is not part of the export
        s3.put_object(Bucket=BUCKET, Key=f"{EXPORT}/data/stray.json.gz", Body=b"garbage")
    manifest = "".join(json.dumps(entry) + "\n" for entry in entries)
    s3.put_object(Bucket=BUCKET, Key=f"{EXPORT}/manifest-files.json", Body=manifest.encode())
    summary = {
        "version": "2020-06-30",
        "manifestFilesS3Key": f"{EXPORT}/manifest-files.json",
        "outputFormat": output_format,
    }
    s3.put_object(Bucket=BUCKET, Key=f"{EXPORT}/manifest-summary.json", Body=json.dumps(summary))
    s3.put_object(Bucket=BUCKET, Key=f"{EXPORT}/_started", Body=b"")


def local_export(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A JSON report with file names reduced to their last part (local and S3 alike)."""
    text = json.dumps(document)
    text = text.replace(f"s3://{BUCKET}/{EXPORT}/data/", "<export>/")
    return json.loads(text)  # type: ignore[no-any-return]


def test_an_s3_export_reads_as_the_same_files_on_disk(
    s3: Any, moto_url: str, tmp_path: Path
) -> None:
    files = data_files()
    upload_export(s3, files, unlisted=True)
    from_s3 = replay([f"s3://{BUCKET}/nova-cat"], s3=S3Settings(moto_url, "us-east-1"))
    on_disk = replay([local_export(tmp_path, files)])
    assert [name.rsplit("/", 1)[1] for name in from_s3.files] == sorted(files)  # no stray
    expected = json.loads(json.dumps(on_disk.to_json()).replace(f"{tmp_path}/", "<export>/"))
    assert comparable(from_s3.to_json()) == expected
    assert from_s3.total(0) == 31 + 7 + len(corpus_lines("job_run/1.0.0+initiated-at.jsonl"))


def test_jobs_give_the_same_report_as_one_process_locally_and_from_s3(
    s3: Any, moto_url: str, tmp_path: Path
) -> None:
    files = data_files()
    upload_export(s3, files)
    local = str(local_export(tmp_path, files))
    url = f"s3://{BUCKET}/{EXPORT}/"
    reports = {}
    for where in (local, url):
        for jobs in ("1", "3"):
            args = ["corpus", "replay", "--format", "json", "--jobs", jobs, where]
            args += ["--endpoint-url", moto_url] if where == url else []
            outcome = run_cli_process(args, env=CREDENTIALS)
            assert outcome.code == 1 and outcome.err == "", outcome
            reports[where, jobs] = json.loads(outcome.out)
    assert reports[local, "3"] == reports[local, "1"]
    assert reports[url, "3"] == reports[url, "1"]
    assert comparable(reports[url, "1"]) == json.loads(
        json.dumps(reports[local, "1"]).replace(f"{local}/", "<export>/")
    )


def test_a_file_the_manifest_lists_but_s3_lacks_is_a_problem(s3: Any, moto_url: str) -> None:
    upload_export(s3, {"a1.json.gz": data_files()["a1.json.gz"]})
    s3.delete_object(Bucket=BUCKET, Key=f"{EXPORT}/data/a1.json.gz")
    s3.put_object(Bucket=BUCKET, Key=f"{EXPORT}/data/other.json.gz", Body=b"")
    outcome = run_cli(["corpus", "replay", "--endpoint-url", moto_url, f"s3://{BUCKET}/{EXPORT}"])
    assert outcome.code == 1
    assert f"s3://{BUCKET}/{EXPORT}/data/a1.json.gz:0  (unknown): listed in the export's" in (
        outcome.out
    )


NOVA_LINES = b"".join(corpus_lines("nova/1.0.0.jsonl"))


def test_a_prefix_without_a_manifest_is_searched_like_a_directory(s3: Any, moto_url: str) -> None:
    good = gzip.compress(b"".join(corpus_lines("nova/1.0.0.jsonl")))
    s3.put_object(Bucket=BUCKET, Key="loose/part-1.json.gz", Body=good)
    s3.put_object(Bucket=BUCKET, Key="loose/notes.txt", Body=b"not an export")
    report = replay([f"s3://{BUCKET}/loose/"], s3=S3Settings(moto_url, "us-east-1"))
    assert report.files == [f"s3://{BUCKET}/loose/part-1.json.gz"] and report.ok


def test_an_ion_export_is_refused_in_one_line_and_its_loose_files_named(
    s3: Any, moto_url: str
) -> None:
    upload_export(s3, {"a1.ion.gz": gzip.compress(b"$ion_1_0\n")}, output_format="ION")
    outcome = run_cli(["corpus", "replay", "--endpoint-url", moto_url, f"s3://{BUCKET}/{EXPORT}"])
    assert_refused(outcome)
    assert outcome.code == 2
    assert "is an Amazon Ion export (outputFormat ION)" in outcome.err
    assert "ExportFormat DYNAMODB_JSON" in outcome.err
    s3.put_object(Bucket=BUCKET, Key="loose/part-1.ion.gz", Body=b"x")
    s3.put_object(Bucket=BUCKET, Key="loose/part-2.json.gz", Body=gzip.compress(NOVA_LINES))
    report = replay([f"s3://{BUCKET}/loose/"], s3=S3Settings(moto_url, "us-east-1"))
    (named,) = report.problems[ProblemKind.UNREADABLE_PATH].examples
    assert named.file == f"s3://{BUCKET}/loose/part-1.ion.gz" and "Amazon Ion" in named.message
    assert report.total(0) == NOVA_LINES.count(b"\n") and not report.ok


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("s3://no-such-bucket/x", "NoSuchBucket"),
        ("s3:///x", "no bucket"),
        ("s3://exports/two", "holds 2 exports"),
        ("s3://exports/empty", "no export files under s3://exports/empty"),
    ],
)
def test_an_s3_location_that_cannot_be_read_is_one_line(
    s3: Any, moto_url: str, where: str, said: str
) -> None:
    for n in (1, 2):
        s3.put_object(Bucket=BUCKET, Key=f"two/AWSDynamoDB/{n}/manifest-summary.json", Body=b"{}")
    outcome = run_cli(["corpus", "replay", "--endpoint-url", moto_url, where])
    assert_refused(outcome)
    assert outcome.code == 2 and said in outcome.err


def test_no_credentials_is_one_line(moto_url: str, tmp_path: Path) -> None:
    env = {
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    outcome = run_cli_process(
        ["corpus", "replay", "--endpoint-url", moto_url, "s3://exports/x"], env=env, clean=True
    )
    assert_refused(outcome)
    assert outcome.code == 2 and "credentials" in outcome.err


def test_the_committed_corpus_replays_alike_in_any_number_of_processes() -> None:
    one = replay([CORPUS_DIR / "items"])
    three = replay([CORPUS_DIR / "items"], jobs=3)
    assert three.to_json() == one.to_json() and len(one.files) > 3
