"""``novacat-persistence conformance``: run the IFC-030 conformance suites against an
implementation (pytest on ``novacat_persistence.suites`` with the conformance plugin)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

from novacat_persistence import suites
from novacat_persistence.cli.common import (
    ExitCode,
    UsageError,
    endpoint_url,
    ensure_writable_folder,
    process_count,
)
from novacat_persistence.cli.extras import require_kit
from novacat_persistence.interrupts import waited, waited_group
from novacat_persistence.suites.harness import exceptions_file
from novacat_persistence.suites.harness.implementations import (
    ENV_VAR,
    GROUP,
    ImplementationSelectionError,
    describe_installed,
    resolve,
)
from novacat_persistence.suites.harness.lifeline import LIFELINE_ENV
from novacat_persistence.suites.harness.race_defaults import (
    DEFAULT_ROUNDS,
    DEFAULT_THREADS,
    MAX_THREADS,
    race_settings_problem,
)
from novacat_persistence.suites.harness.reporting import DEFAULT_REPORT_DIR

SUITES_DIR: Final = Path(suites.__file__).resolve().parent
"""The installed suites: pytest's root directory, so that test paths are theirs."""

_SUITE_LIST: Final = ", ".join(name.replace("_", " ") for name in suites.SUITES)
"""The suites as --help names them."""

_PYTEST_USAGE = {2, 3, 4, 5}
"""pytest exit codes that mean the run itself failed: interrupted, internal error, usage
error, no tests collected."""
_NO_TESTS = 5
"""pytest's exit code when no test was collected (or all were deselected)."""

MAX_JOBS: Final = 64
"""Worker processes a run may ask for (each runs its own interpreter and backend client)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``conformance`` verb."""
    parser = subparsers.add_parser(
        "conformance",
        help="run the IFC-030 conformance suites against an implementation",
        description=(
            f"Run the conformance suites ({_SUITE_LIST}) against the implementation named "
            f"by --impl (an entry point of the group {GROUP}, or module:factory; default "
            f"${ENV_VAR}). "
            "Writes junit.xml and conformance.json to --report-dir. Arguments after -- go to "
            "pytest (e.g. -- -k races -x). Exit codes: 0 the whole core passed (and every "
            "declared capability), 1 a test failed, 2 usage or environment error (no "
            "implementation, bad exceptions file, Java or npm missing for dynamodb-local)."
        ),
    )
    parser.add_argument("--impl", help="implementation: installed name or module:factory")
    parser.add_argument("--list-impls", action="store_true", help="list installed implementations")
    parser.add_argument(
        "--backend",
        choices=("moto", "dynamodb-local", "endpoint"),
        help="moto (in-process; the default), dynamodb-local (the real DynamoDB Local, started "
        "for the run; needs Java) or endpoint (the one --endpoint names; without --endpoint, "
        "AWS itself, with the standard credentials and region)",
    )
    parser.add_argument(
        "--endpoint",
        type=endpoint_url,
        metavar="URL",
        help="a running DynamoDB-compatible endpoint (implies --backend endpoint)",
    )
    parser.add_argument("--exceptions", metavar="FILE", help="TOML exceptions file (test + reason)")
    parser.add_argument(
        "--race-threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"threads per race round, 2 to {MAX_THREADS} (default {DEFAULT_THREADS})",
    )
    parser.add_argument(
        "--race-rounds",
        type=int,
        default=DEFAULT_ROUNDS,
        help=f"rounds per race (default {DEFAULT_ROUNDS}: every round forces the interleaving)",
    )
    parser.add_argument(
        "--jobs",
        type=process_count(MAX_JOBS),
        default=default_jobs(),
        metavar="N",
        help=f"processes the suite tests are spread over, 1 to {MAX_JOBS} (pytest-xdist; "
        f"default: one per CPU, here {default_jobs()}; 1 runs them in one process)",
    )
    parser.add_argument(
        "--report-dir",
        default=DEFAULT_REPORT_DIR,
        help=f"report folder, made if missing (default: {DEFAULT_REPORT_DIR} under the "
        "current directory)",
    )
    parser.add_argument(
        "--hypothesis-seed",
        help="seed of every hypothesis property (default: one drawn for the run and recorded "
        "in the report, to rerun it with)",
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    parser.set_defaults(handler=run)


def default_jobs() -> int:
    """One process per CPU this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pytest_command(args: argparse.Namespace, report_dir: Path, settings_dir: Path) -> list[str]:
    """The pytest command line of a conformance run: isolated from the caller's pytest
    configuration (an ini file of its own, written into ``settings_dir``, and no
    ``conftest.py`` of the working directory or its ``test*`` folders, which pytest would load
    for a ``--pyargs`` run); test paths relative to the installed suites, whose folder is the
    root directory; with ``--jobs`` above 1, an idle process takes tests queued for a busy
    one."""
    ini = settings_dir / "pytest.ini"
    ini.write_text(
        "[pytest]\nxfail_strict = true\nconsole_output_style = classic\n", encoding="utf-8"
    )
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--pyargs",
        "novacat_persistence.suites",
        "-c",
        str(ini),
        "--rootdir",
        str(SUITES_DIR),
        "-p",
        "no:cacheprovider",
        "--noconftest",
        "--import-mode=importlib",
        f"--junitxml={report_dir / 'junit.xml'}",
        f"--backend={backend_of(args)}",
        f"--race-threads={args.race_threads}",
        f"--race-rounds={args.race_rounds}",
        f"--report-dir={report_dir}",
    ]
    if args.impl:
        command.append(f"--impl={args.impl}")
    if args.endpoint:
        command.append(f"--endpoint={args.endpoint}")
    if args.exceptions:
        command.append(f"--exceptions={Path(args.exceptions).resolve()}")
    if args.hypothesis_seed:
        command.append(f"--hypothesis-seed={args.hypothesis_seed}")
    if args.jobs > 1:
        command += ["-n", str(args.jobs), "--dist", "worksteal"]
    return [*command, *args.pytest_args]


def backend_of(args: argparse.Namespace) -> str:
    """The backend a run uses: ``--backend``'s, else ``endpoint`` when ``--endpoint`` names
    one, else moto."""
    return str(args.backend or ("endpoint" if args.endpoint else "moto"))


def run(args: argparse.Namespace) -> ExitCode:
    """Run the suites in a pytest subprocess; 0 only when the whole core passed."""
    if args.list_impls:
        print(f"installed implementations (entry-point group {GROUP}):\n{describe_installed()}")
        return ExitCode.OK
    try:
        implementation = resolve(args.impl)
    except ImplementationSelectionError as exc:
        raise UsageError(str(exc)) from None
    if args.pytest_args and "--" not in args.command_line:
        raise UsageError(
            f"{' '.join(args.pytest_args)}: arguments for pytest go after -- "
            "(novacat-persistence conformance --impl NAME -- -k races)"
        )
    if args.endpoint and args.backend not in (None, "endpoint"):
        raise UsageError(
            f"--endpoint names a running endpoint: it cannot go with --backend {args.backend} "
            "(leave --backend out, or pass --backend endpoint)"
        )
    problem = race_settings_problem(args.race_threads, args.race_rounds)
    if problem is not None:
        raise UsageError(problem)
    if not args.report_dir.strip():
        raise UsageError("--report-dir is blank: name a folder (made if missing)")
    require_kit("conformance")
    if backend_of(args) == "endpoint" and not implementation.capabilities.self_contained:
        _check_endpoint(args.endpoint)
    if args.exceptions:
        _check_exceptions_file(Path(args.exceptions))
    report_dir = Path(args.report_dir).resolve()
    ensure_writable_folder(report_dir, create=True)
    report = report_dir / "conformance.json"
    report.unlink(missing_ok=True)
    env = {**os.environ, HYPOTHESIS_HOME: str(report_dir / "hypothesis")}
    with tempfile.TemporaryDirectory(prefix="novacat-conformance-") as settings:
        command = pytest_command(args, report_dir, Path(settings))
        code = _run_pytest(command, env, alone=args.jobs == 1)
        if code < 0:  # ended by a signal it does not handle: SIGKILL, the out-of-memory killer
            raise UsageError(
                f"pytest was killed ({signal.Signals(-code).name}) before the run ended: "
                "no verdict, no report; run it again (with fewer --jobs if memory ran out)"
            )
        if code in _PYTEST_USAGE:
            if args.jobs > 1 and code != _NO_TESTS:
                _show_cause(args, report_dir, Path(settings), env)
            return ExitCode.USAGE
    if code != 0 or not report.exists():
        return ExitCode.PROBLEMS
    core_passed = bool(json.loads(report.read_text(encoding="utf-8")).get("core_passed"))
    return ExitCode.OK if core_passed else ExitCode.PROBLEMS


PYTEST_STOP_SECONDS: Final = 15.0
"""How long pytest may take to stop on the terminal's Ctrl-C before it is passed one (a
second SIGINT cuts its stop short, with a traceback)."""


def _run_pytest(command: list[str], env: dict[str, str], *, alone: bool) -> int:
    """Run pytest and return its exit code; interrupted, let it stop as it does on Ctrl-C.

    Run ``alone`` (no worker processes), it stays in this process's group, as a command
    typed at a terminal: a Ctrl-C reaches it directly, and it may read the terminal
    (``-- --pdb``). With workers, it leads a group of its own, and however this process is
    interrupted, pytest and its workers get one Ctrl-C together. Should this process end
    without stopping pytest (killed outright), pytest stops as on that Ctrl-C
    (:mod:`~novacat_persistence.suites.harness.lifeline`)."""
    read_end, write_end = os.pipe()
    with open(write_end, "wb"):  # pytest's lifeline: held until pytest has ended
        try:
            child = subprocess.Popen(
                command,
                env={**env, LIFELINE_ENV: str(read_end)},
                pass_fds=(read_end,),
                process_group=None if alone else 0,
            )
        finally:
            os.close(read_end)  # pytest's alone from here on
        if alone:  # terminated, it is passed a Ctrl-C too: its fixtures stop their servers
            return waited(child, stop=signal.SIGINT, grace=PYTEST_STOP_SECONDS)
        return waited_group(child, stop=signal.SIGINT)


HYPOTHESIS_HOME: Final = "HYPOTHESIS_STORAGE_DIRECTORY"
"""Where hypothesis keeps what it stores between runs: set to the report folder's
``hypothesis``, never the working directory."""


def _check_endpoint(endpoint: str | None) -> None:
    """Raise UsageError when the endpoint does not answer with the standard credentials
    (checked here once: a worker process's refusal would not reach the terminal)."""
    # boto3 loads only for a run that needs it
    from novacat_persistence.suites.harness.backends import EndpointBackend, EndpointUnavailable

    try:
        EndpointBackend(endpoint).start()
    except EndpointUnavailable as exc:
        raise UsageError(f"backend endpoint: {exc}") from None


def _check_exceptions_file(path: Path) -> None:
    """Raise UsageError when the exceptions file cannot be read or is malformed (its test ids
    are checked against the collected tests, in the run)."""
    try:
        exceptions_file.load(path.resolve())
    except exceptions_file.ExceptionsFileError as exc:
        raise UsageError(str(exc)) from None


def _show_cause(
    args: argparse.Namespace, report_dir: Path, settings_dir: Path, env: dict[str, str]
) -> None:
    """After a run that stopped before its tests (worker processes report only that they
    stopped), collect once in this process's pytest to show the cause."""
    print(
        "novacat-persistence: the run stopped before its tests; collecting in one process "
        "to show why:",
        file=sys.stderr,
        flush=True,
    )
    one = argparse.Namespace(**{**vars(args), "jobs": 1})
    command = [*pytest_command(one, report_dir, settings_dir), "--collect-only", "-q"]
    subprocess.run(command, env=env, check=False)
