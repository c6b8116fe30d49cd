"""Report formats of a scan result: text for people, JSON and SARIF 2.1.0 for tools.

Severities are named as SARIF levels already (``error``, ``warning``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import quote

from novacat_persistence import __version__
from novacat_persistence.scan.errors import one_line
from novacat_persistence.scan.findings import Finding, ScanResult
from novacat_persistence.scan.rules import RULES

TOOL_NAME: Final = "novacat-persistence"
SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
"""The ``$schema`` of the SARIF reports."""


def render_text(result: ScanResult) -> str:
    """One ``file:line:col rule-id severity: message`` line per finding, then the summary.

    Unprintable characters (in file names) are escaped, so that each finding is one line.
    """
    lines = [
        one_line(f"{f.path}:{f.line}:{f.column} {f.rule} {f.severity}: {f.message}")
        for f in result.findings
    ]
    lines.append(f"{TOOL_NAME} scan: {result.summary()}")
    return "\n".join(lines) + "\n"


def render_json(result: ScanResult) -> str:
    """A JSON object: ``findings`` (rule, severity, path, line, column, message) and ``summary``."""
    document = {
        "tool": TOOL_NAME,
        "version": __version__,
        "findings": [
            {
                "rule": f.rule,
                "severity": str(f.severity),
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "message": f.message,
            }
            for f in result.findings
        ],
        "summary": {
            "files_checked": result.files_checked,
            "files_allowed": result.files_allowed,
            "errors": result.errors,
            "warnings": result.warnings,
            "suppressed": result.suppressed,
        },
    }
    return json.dumps(document, indent=2) + "\n"


def render_sarif(result: ScanResult) -> str:
    """A SARIF 2.1.0 log with one run: the rule catalogue and one result per finding."""
    rule_index = {rule_id: index for index, rule_id in enumerate(RULES)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "rules": [
                    {
                        "id": rule.id,
                        "shortDescription": {"text": rule.summary},
                        "fullDescription": {"text": f"{rule.summary} Fix: {rule.fix}."},
                        "help": {"text": rule.fix},
                        "defaultConfiguration": {"level": str(rule.severity)},
                    }
                    for rule in RULES.values()
                ],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(f, rule_index[f.rule]) for f in result.findings],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


def _sarif_result(finding: Finding, index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": str(finding.severity),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
    }


def _uri(path: str) -> str:
    """A relative path as a relative URI reference; an absolute one as a ``file:`` URI."""
    posix = PurePosixPath(path)
    return posix.as_uri() if posix.is_absolute() else quote(os.fsencode(path))


FORMATS: Mapping[str, Callable[[ScanResult], str]] = MappingProxyType(
    {"text": render_text, "json": render_json, "sarif": render_sarif}
)
"""The report formats by the name ``--format`` takes."""
