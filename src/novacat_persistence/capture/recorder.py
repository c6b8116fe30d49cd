"""Watching every DynamoDB request of a process, without sending or changing any.

:meth:`Recorder.install` wraps botocore's ``BaseClient._make_api_call`` (the one method every
boto3 client and resource request goes through, whenever and wherever the client was made) so
that the first DynamoDB request of each client registers two event handlers on that client:

- ``before-call``: the request as serialized for the wire (the JSON body DynamoDB receives,
  resource calls already turned into AttributeValues), its endpoint, the running test and the
  writing ``file:line``, kept in the request's own context;
- ``after-call``: the answer. A request DynamoDB (or moto) accepted is recorded; a refused one
  (a failed condition, a cancelled transaction) changed nothing and is dropped, and so is an
  answer that never came from a table (a botocore ``Stubber``'s: it has no URL).

The handlers return nothing and never raise: the request, its answer and what the test sees
are those of a session without the capture. :meth:`Recorder.uninstall` undoes it all.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Final

import orjson
from botocore.client import BaseClient

from novacat_persistence.capture.location import WriterLocator
from novacat_persistence.capture.requests import (
    ITEM_WRITES,
    PARTIQL_REQUESTS,
    WATCHED,
    effects_of,
    partiql_writes,
    table_event_of,
)
from novacat_persistence.capture.tables import TableHistory, Write

_CONTEXT_KEY: Final = "novacat_persistence_capture"
_CLIENTS: Any = BaseClient
"""botocore's client class, whose ``_make_api_call`` (untyped in the stubs) is wrapped."""
_SERVICE: Final = "dynamodb"


@dataclass(frozen=True)
class _Pending:
    operation: str
    endpoint: str
    request: dict[str, Any]
    write: Write | None


class Recorder:
    """Records the writes of every DynamoDB request sent while installed."""

    def __init__(self, root: Path) -> None:
        self.history = TableHistory()
        self._locator = WriterLocator(root)
        self._test: tuple[str | None, str | None] = (None, None)
        self._problems: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._watched: weakref.WeakSet[BaseClient] = weakref.WeakSet()
        self._original: Callable[..., Any] | None = None
        self._wrapper: Callable[..., Any] | None = None
        self._ids = (f"{_CONTEXT_KEY}-before-{id(self)}", f"{_CONTEXT_KEY}-after-{id(self)}")

    @property
    def problems(self) -> list[str]:
        """What could not be captured, each with how often it happened."""
        with self._lock:
            return [
                f"{text} ({count}x)" if count > 1 else text
                for text, count in self._problems.items()
            ]

    def _problem(self, text: str) -> None:
        with self._lock:
            self._problems[text] += 1

    @contextmanager
    def running(self, test: str, phase: str) -> Iterator[None]:
        """Attribute the writes sent inside the block to ``test`` in ``phase``."""
        self._test = (test, phase)
        try:
            yield
        finally:
            self._test = (None, None)

    def install(self) -> None:
        """Start watching every DynamoDB client of the process."""
        if self._original is not None:
            return
        original: Callable[..., Any] = _CLIENTS._make_api_call
        watch = self._watch

        @wraps(original)
        def _make_api_call(client: BaseClient, operation_name: str, api_params: Any) -> Any:
            if self._original is not None and client not in self._watched:
                watch(client)
            return original(client, operation_name, api_params)

        self._original, self._wrapper = original, _make_api_call
        _CLIENTS._make_api_call = _make_api_call

    def uninstall(self) -> None:
        """Stop watching: restore botocore (unless someone wrapped it since: then the wrapper
        stays, passing through) and unregister the handlers."""
        if self._original is None:
            return
        if _CLIENTS._make_api_call is self._wrapper:
            _CLIENTS._make_api_call = self._original
        self._original = None
        before, after = self._ids
        for client in list(self._watched):
            client.meta.events.unregister(f"before-call.{_SERVICE}", unique_id=before)
            client.meta.events.unregister(f"after-call.{_SERVICE}", unique_id=after)
        self._watched = weakref.WeakSet()

    def _watch(self, client: BaseClient) -> None:
        with self._lock:
            self._watched.add(client)
        if client.meta.service_model.service_name != _SERVICE:
            return
        before, after = self._ids
        client.meta.events.register(f"before-call.{_SERVICE}", self._before_call, unique_id=before)
        client.meta.events.register(f"after-call.{_SERVICE}", self._after_call, unique_id=after)

    def _before_call(self, model: Any, params: dict[str, Any], context: Any, **_: Any) -> None:
        operation = model.name
        if self._original is None or operation not in WATCHED:
            return
        try:
            request = orjson.loads(params["body"])
            write = None
            if operation in ITEM_WRITES or operation in PARTIQL_REQUESTS:
                test, phase = self._test
                write = Write(test, phase, operation, self._locator.find())
            context[_CONTEXT_KEY] = _Pending(operation, params["url"], request, write)
        except Exception as exc:  # never let the capture change what the caller sees
            self._problem(f"{operation}: its request could not be read ({type(exc).__name__})")

    def _after_call(self, http_response: Any, context: Any, **_: Any) -> None:
        pending = context.pop(_CONTEXT_KEY, None) if isinstance(context, dict) else None
        if pending is None or http_response.status_code >= 300 or http_response.url is None:
            return
        try:
            self._record(pending, http_response)
        except Exception as exc:  # never let the capture change what the caller sees
            self._problem(
                f"{pending.operation}: its answer could not be read ({type(exc).__name__}: {exc})"
            )

    def _record(self, pending: _Pending, http_response: Any) -> None:
        operation, request, write = pending.operation, pending.request, pending.write
        if operation in PARTIQL_REQUESTS:
            if write is not None and partiql_writes(operation, request):
                self._problem(f"{operation} at {write.at}: PartiQL writes are not captured")
            return
        answer = (
            orjson.loads(http_response.content or b"{}")
            if _reads_answer(request, operation)
            else {}
        )
        if write is None:
            event = table_event_of(operation, request, answer)
            if event is not None:
                self.history.table_event(pending.endpoint, event)
            return
        self.history.record(pending.endpoint, effects_of(operation, request, answer), write)


def _reads_answer(request: dict[str, Any], operation: str) -> bool:
    """Whether the answer says something the request does not."""
    return operation in ("BatchWriteItem", "DescribeTable") or (
        operation == "UpdateItem" and request.get("ReturnValues") == "ALL_NEW"
    )


__all__ = ["Recorder"]
