"""``pytest --novacat-scan[=PATHS]``: the scan fails the session on error findings."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

RAW = 'import boto3\n\nTABLE = boto3.client("dynamodb")\n'
PASSING_TEST = "def test_passes():\n    assert True\n"
SECTION = "novacat-persistence scan (INV-011)"


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "novacat_persistence_scan"]
    assert entry.value == "novacat_persistence.scan.pytest_plugin"
    assert callable(entry.load().pytest_addoption)


def test_findings_fail_a_session_whose_tests_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST, app=RAW)
    result = pytester.runpytest("--novacat-scan")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [f"*{SECTION}*", "app.py:3:9 db-client error: boto3.client('dynamodb')*", "*1 error*"]
    )


def test_without_the_option_nothing_is_scanned(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST, app=RAW)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.OK
    assert SECTION not in result.stdout.str()


def test_a_clean_tree_passes_and_says_so(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST, app='import boto3\ns3 = boto3.client("s3")\n')
    result = pytester.runpytest("--novacat-scan")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines([f"*{SECTION}*", "*2 files checked: 0 errors, 0 warnings*"])


def test_warnings_alone_do_not_fail(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_ok=PASSING_TEST, app="import boto3\n\n\ndef make(n):\n    return boto3.client(n)\n"
    )
    result = pytester.runpytest("--novacat-scan")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*unresolved-client warning*"])


def test_paths_option_and_allowlist(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST)
    pytester.mkpydir("wrapper").joinpath("raw.py").write_text(RAW)
    pytester.mkdir("service").joinpath("handler.py").write_text(RAW)
    pytester.makepyprojecttoml('[tool.novacat-persistence.scan]\nallow = ["wrapper"]\n')
    assert pytester.runpytest("--novacat-scan=wrapper").ret == pytest.ExitCode.OK
    assert pytester.runpytest("--novacat-scan=wrapper,service").ret == pytest.ExitCode.TESTS_FAILED
    result = pytester.runpytest("--novacat-scan")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["service/handler.py:3:9 db-client*", "*2 allowed files skipped*"])


def test_failing_tests_keep_their_exit_code(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_bad="def test_fails():\n    assert False\n", app=RAW)
    result = pytester.runpytest("--novacat-scan")
    result.assert_outcomes(failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_no_tests_but_findings_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(app=RAW)
    assert pytester.runpytest("--novacat-scan").ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--novacat-scan=nowhere"], "--novacat-scan: no such file or directory*nowhere"),
        (["--novacat-scan"], "--novacat-scan: *unknown key alow*"),
    ],
)
def test_usage_errors(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST)
    if "alow" in message:
        pytester.makepyprojecttoml('[tool.novacat-persistence.scan]\nalow = ["x"]\n')
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])


def test_the_installed_entry_point_works_in_a_fresh_process(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ok=PASSING_TEST, app=RAW)
    result = pytester.runpytest_subprocess("--novacat-scan")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*{SECTION}*", "app.py:3:9 db-client*"])
