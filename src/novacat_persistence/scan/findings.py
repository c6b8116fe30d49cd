"""What a scan reports: one :class:`Finding` per place, gathered in a :class:`ScanResult`."""

from __future__ import annotations

from dataclasses import dataclass

from novacat_persistence.scan.rules import Severity


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One reported place. Findings sort by path, then line, column and rule."""

    path: str
    """The file, as a POSIX path relative to the working directory when it lies below it."""
    line: int
    """1-based line of the offending code."""
    column: int
    """1-based column, in characters (Unicode code points)."""
    rule: str
    """The rule id, a key of :data:`~novacat_persistence.scan.rules.RULES`."""
    severity: Severity
    """The severity after the configuration's overrides."""
    message: str
    """What was found and the fix."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The outcome of one scan: the findings in order and what was counted on the way."""

    findings: tuple[Finding, ...]
    """Every finding, sorted."""
    files_checked: int
    """Files read and parsed (allowed files are not checked)."""
    files_allowed: int
    """Files skipped because the allowlist lets them access the database."""
    suppressed: int
    """Findings silenced by an inline suppression with a reason."""

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    def failed(self, *, strict: bool = False) -> bool:
        """True when the scan must fail: any error, or with ``strict`` any finding at all."""
        return bool(self.findings) if strict else self.errors > 0

    def summary(self) -> str:
        """One line counting files, errors, warnings, suppressions and allowed files."""
        return (
            f"{self.files_checked} {_plural(self.files_checked, 'file')} checked: "
            f"{self.errors} {_plural(self.errors, 'error')}, "
            f"{self.warnings} {_plural(self.warnings, 'warning')}, "
            f"{self.suppressed} suppressed, "
            f"{self.files_allowed} allowed {_plural(self.files_allowed, 'file')} skipped"
        )


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
