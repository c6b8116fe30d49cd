"""DynamoDB exports where AWS writes them: in S3, read as streams.

An export to S3 lies under ``<prefix>/AWSDynamoDB/<export-id>/``: ``manifest-summary.json``
(the export's summary, naming its ``manifestFilesS3Key``), ``manifest-files.json`` (one JSON
object per line, each with the ``dataFileS3Key`` and ``itemCount`` of a data file) and
``data/*.json.gz``. ``s3://bucket/prefix`` names either one export (its folder, or a prefix
holding exactly one) whose manifest lists the files to read, or a prefix holding no manifest,
whose export-named objects are read (as a directory search does). Objects are streamed, never
downloaded whole; credentials and region come from the standard AWS configuration. An export
whose summary says ``outputFormat`` ION (``data/*.ion.gz``) is refused: no reader here reads
Amazon Ion.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Final

from novacat_persistence.corpus_tools.exports import (
    EXPORT_MANIFESTS,
    EXPORT_SUFFIXES,
    ION_EXPORT,
    ION_SUFFIXES,
    LineSource,
    Unreadable,
    stream_lines,
)

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

S3_SCHEME: Final = "s3://"
SUMMARY: Final = "manifest-summary.json"
FILES_MANIFEST: Final = "manifest-files.json"
_MAX_MANIFEST_BYTES: Final = 64 * 1024 * 1024
"""A manifest lists files (about 200 bytes each): a larger one is no manifest."""


class S3ExportError(Exception):
    """An S3 export cannot be read at all (a malformed URL, no credentials, no such bucket,
    an unreachable endpoint, a manifest that is no manifest)."""


@dataclass(frozen=True)
class S3Settings:
    """How to reach S3: the standard AWS configuration, or an endpoint and region given."""

    endpoint_url: str | None = None
    region: str | None = None


def is_s3_url(text: str) -> bool:
    """Whether a PATH argument names an S3 location."""
    return text.startswith(S3_SCHEME)


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` -> (bucket, prefix without a leading ``/``)."""
    bucket, _, prefix = url.removeprefix(S3_SCHEME).partition("/")
    if not bucket:
        raise S3ExportError(f"{url}: no bucket (expected s3://bucket/prefix)")
    return bucket, prefix


@functools.cache
def s3_client(settings: S3Settings) -> S3Client:
    """The S3 client of this process for ``settings`` (one per process: workers make their
    own)."""
    import boto3  # noqa: PLC0415  # imported when S3 is used: the CLI starts without it
    from botocore.config import Config  # noqa: PLC0415

    config = Config(
        retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=30
    )
    try:
        return boto3.session.Session().client(
            "s3", endpoint_url=settings.endpoint_url, region_name=settings.region, config=config
        )
    except Exception as exc:  # a malformed endpoint URL or region: botocore's ValueError
        raise S3ExportError(f"cannot build an S3 client: {exc}") from None


def _failure(exc: Exception, what: str) -> S3ExportError:
    """The one-line error of an S3 request that failed."""
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415  # as above

    from novacat_persistence.reference_impl import client_errors  # noqa: PLC0415

    if isinstance(exc, ClientError):
        typed = client_errors.from_client_error(exc, service="S3")
    elif isinstance(exc, BotoCoreError):
        typed = client_errors.from_botocore_error(exc, service="S3")
    else:
        return S3ExportError(f"{what}: {type(exc).__name__}: {exc}")
    return S3ExportError(f"{what}: {typed}")


class _BodyReader(io.RawIOBase):
    """An S3 object's streaming body as a raw binary stream (so it can be buffered and
    peeked); a failure of the stream is an OSError naming the object."""

    def __init__(self, body: Any, url: str) -> None:
        self._body = body
        self._url = url
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._body.read(len(buffer))
        except Exception as exc:  # botocore's and urllib3's stream errors alike
            raise OSError(f"{self._url}: the stream failed: {type(exc).__name__}: {exc}") from None
        buffer[: len(data)] = data
        self._read += len(data)
        return len(data)

    def tell(self) -> int:
        return self._read

    def close(self) -> None:
        self._body.close()
        super().close()


@dataclass(frozen=True)
class S3File:
    """An export file in S3 (see :class:`~.exports.ExportFile`)."""

    bucket: str
    key: str
    size: int
    settings: S3Settings

    @property
    def name(self) -> str:
        """``s3://bucket/key``."""
        return f"{S3_SCHEME}{self.bucket}/{self.key}"

    def open(self) -> AbstractContextManager[LineSource]:
        """Stream the object (OSError when it cannot be fetched or its stream fails)."""
        return self._open()

    @contextmanager
    def _open(self) -> Iterator[LineSource]:
        try:
            response = s3_client(self.settings).get_object(Bucket=self.bucket, Key=self.key)
        except Exception as exc:
            raise OSError(str(_failure(exc, self.name))) from None
        with (
            io.BufferedReader(_BodyReader(response["Body"], self.name), 1 << 16) as raw,
            stream_lines(raw) as source,
        ):
            yield source


@dataclass
class S3Export:
    """What an S3 location holds to read."""

    files: list[S3File]
    unreadable: list[Unreadable]


def discover_s3(url: str, settings: S3Settings) -> S3Export:
    """The files of the export at ``url`` (see the module); S3ExportError when it cannot be
    read at all. A file the manifest lists but S3 does not hold is :class:`Unreadable`."""
    bucket, prefix = parse_s3_url(url)
    client = s3_client(settings)
    objects = _listing(client, bucket, prefix, url)
    summaries = sorted(key for key in objects if PurePosixPath(key).name == SUMMARY)
    if len(summaries) > 1:
        folders = ", ".join(str(PurePosixPath(key).parent) for key in summaries[:5])
        raise S3ExportError(f"{url} holds {len(summaries)} exports ({folders}): name one")
    if not summaries:
        files = [
            S3File(bucket, key, size, settings)
            for key, size in sorted(objects.items())
            if key.endswith(EXPORT_SUFFIXES) and PurePosixPath(key).name not in EXPORT_MANIFESTS
        ]
        ion = [
            Unreadable(f"{S3_SCHEME}{bucket}/{key}", ION_EXPORT)
            for key in sorted(objects)
            if key.endswith(ION_SUFFIXES)
        ]
        return S3Export(files, ion)
    summary = _json(client, bucket, summaries[0], url)
    if isinstance(summary, dict) and summary.get("outputFormat") == "ION":
        where = f"{S3_SCHEME}{bucket}/{PurePosixPath(summaries[0]).parent}"
        raise S3ExportError(
            f"{where} is an Amazon Ion export (outputFormat ION): replay reads DYNAMODB_JSON "
            "exports; export the table again with ExportFormat DYNAMODB_JSON"
        )
    manifest = summary.get("manifestFilesS3Key") if isinstance(summary, dict) else None
    if not isinstance(manifest, str):
        manifest = str(PurePosixPath(summaries[0]).parent / FILES_MANIFEST)
    export = S3Export([], [])
    for number, entry in enumerate(_manifest_lines(client, bucket, manifest, url), start=1):
        key = entry.get("dataFileS3Key") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            where = f"{S3_SCHEME}{bucket}/{manifest}:{number}"
            raise S3ExportError(f"{where}: not a manifest entry (no dataFileS3Key)")
        if key in objects:
            export.files.append(S3File(bucket, key, objects[key], settings))
        else:
            message = "listed in the export's manifest, but S3 holds no such object"
            export.unreadable.append(Unreadable(f"{S3_SCHEME}{bucket}/{key}", message))
    return export


def _listing(client: S3Client, bucket: str, prefix: str, url: str) -> dict[str, int]:
    """Every object under ``prefix``: key -> size."""
    objects: dict[str, int] = {}
    try:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for entry in page.get("Contents", []):
                objects[entry["Key"]] = int(entry.get("Size", 0))
    except Exception as exc:
        raise _failure(exc, f"cannot list {url}") from None
    return objects


def _body(client: S3Client, bucket: str, key: str, url: str) -> bytes:
    try:
        body = client.get_object(Bucket=bucket, Key=key)["Body"]
        data: bytes = body.read(_MAX_MANIFEST_BYTES + 1)
    except Exception as exc:
        raise _failure(exc, f"cannot read {S3_SCHEME}{bucket}/{key}") from None
    if len(data) > _MAX_MANIFEST_BYTES:
        raise S3ExportError(f"{S3_SCHEME}{bucket}/{key}: larger than any export manifest")
    return data


def _json(client: S3Client, bucket: str, key: str, url: str) -> Any:
    try:
        return json.loads(_body(client, bucket, key, url))
    except (ValueError, RecursionError) as exc:
        raise S3ExportError(f"{S3_SCHEME}{bucket}/{key}: not a JSON manifest ({exc})") from None


def _manifest_lines(client: S3Client, bucket: str, key: str, url: str) -> Iterator[Any]:
    for number, line in enumerate(_body(client, bucket, key, url).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except (ValueError, RecursionError):
            where = f"{S3_SCHEME}{bucket}/{key}:{number}"
            raise S3ExportError(f"{where}: not a JSON manifest entry") from None
