"""Checks of recorded S3 pointers against the objects themselves.

For each pointer: the object exists (HEAD), its size and ETag match what was recorded, and,
where a SHA-256 was recorded, the object's content hashes to it. The digest comes from the
object's ``ChecksumSHA256`` when S3 has one for the whole object (uploaded with a SHA-256
checksum); otherwise the object is read and hashed. Reads only.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from botocore.exceptions import BotoCoreError, ClientError

from novacat_persistence.contracts.errors import BackendConfigurationError, PersistenceError
from novacat_persistence.contracts.operations import PointerFinding, PointerProblem
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.reference_impl import client_errors

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

_MISSING: Final = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})
_CHUNK: Final = 1024 * 1024
_S3: Final = "S3"
"""The service named in the errors of the audit's requests."""


@frozen_record
class Pointer:
    """One pointer recorded on an item: where it points and what was recorded about it."""

    pk: str
    sk: str
    bucket: str
    key: str
    byte_length: int | None = None
    etag: str | None = None
    sha256: str | None = None
    check_layout: Callable[[], None] | None = None
    """Raises PointerLayoutError when the key breaks the layout for the item's ids."""


class S3Auditor:
    """Checks pointers with one S3 client."""

    def __init__(self, s3: S3Client) -> None:
        self._s3 = s3

    def require_bucket(self, bucket: str) -> None:
        """Raise BackendConfigurationError unless ``bucket`` exists and can be read."""
        try:
            self._s3.head_bucket(Bucket=bucket)
        except ClientError as exc:
            code = _code(exc)
            server = code.startswith("5")  # a HEAD answer has no body: its status is the code
            raise BackendConfigurationError(
                f"cannot read bucket {bucket!r} ({code}"
                f"{': the service failed to answer' if server else ''})",
                hint="check that the endpoint is an S3 service and that it is up"
                if server
                else "check the bucket name, the region and the credentials",
            ) from None
        except BotoCoreError as exc:
            raise client_errors.from_botocore_error(exc, service=_S3) from None

    def check(self, pointer: Pointer, expected_bucket: str | None = None) -> PointerFinding | None:
        """Return what is wrong with a pointer, or None when it matches its object."""
        if expected_bucket is not None and pointer.bucket != expected_bucket:
            return _finding(
                pointer, PointerProblem.LAYOUT, f"recorded in bucket {pointer.bucket!r}"
            )
        if pointer.check_layout is not None:
            try:
                pointer.check_layout()
            except PersistenceError as exc:
                return _finding(pointer, PointerProblem.LAYOUT, exc.message)
        head = self._head(pointer)
        if head is None:
            return _finding(pointer, PointerProblem.DANGLING, "no object at this key")
        size = int(head.get("ContentLength", -1))
        if pointer.byte_length is not None and size != pointer.byte_length:
            detail = f"recorded {pointer.byte_length} bytes, object has {size}"
            return _finding(pointer, PointerProblem.SIZE_MISMATCH, detail)
        etag = str(head.get("ETag", "")).strip('"')
        if pointer.etag is not None and etag != pointer.etag.strip('"'):
            detail = f"recorded ETag {pointer.etag}, object has {etag}"
            return _finding(pointer, PointerProblem.ETAG_MISMATCH, detail)
        if pointer.sha256 is not None:
            digest = self._sha256(pointer, head)
            if digest != pointer.sha256:
                detail = f"recorded sha256 {pointer.sha256}, object hashes to {digest}"
                return _finding(pointer, PointerProblem.SHA256_MISMATCH, detail)
        return None

    def _head(self, pointer: Pointer) -> Mapping[str, Any] | None:
        try:
            response: Mapping[str, Any] = self._s3.head_object(
                Bucket=pointer.bucket, Key=pointer.key, ChecksumMode="ENABLED"
            )
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return None
            raise client_errors.from_client_error(exc, service=_S3) from None
        except BotoCoreError as exc:
            raise client_errors.from_botocore_error(exc, service=_S3) from None
        return response

    def _sha256(self, pointer: Pointer, head: Mapping[str, Any]) -> str:
        checksum = head.get("ChecksumSHA256")
        whole_object = head.get("ChecksumType", "FULL_OBJECT") == "FULL_OBJECT"
        if isinstance(checksum, str) and "-" not in checksum and whole_object:
            return base64.b64decode(checksum).hex()
        digest = hashlib.sha256()
        try:
            body = self._s3.get_object(Bucket=pointer.bucket, Key=pointer.key)["Body"]
            for chunk in body.iter_chunks(_CHUNK):
                digest.update(chunk)
        except ClientError as exc:
            raise client_errors.from_client_error(exc, service=_S3) from None
        except BotoCoreError as exc:
            raise client_errors.from_botocore_error(exc, service=_S3) from None
        return digest.hexdigest()


def _code(exc: ClientError) -> str:
    return str((exc.response.get("Error") or {}).get("Code") or "")


def _finding(pointer: Pointer, problem: PointerProblem, detail: str) -> PointerFinding:
    return PointerFinding(pointer.pk, pointer.sk, pointer.bucket, pointer.key, problem, detail)
