"""Regression: the ways Nova Cat's own repository reaches DynamoDB are all found, its CDK is not.

``nova_cat_shapes/`` holds minimal modules written for this test in the shapes observed in
finzellt/aws_nova_cat at bf28f13 (no upstream code): handlers with a module-level table and a
paginated ``query(**kwargs)``, writers that receive the table as a parameter, tools with
``batch_writer()`` and ``.meta.client``, and a CDK construct declaring the table. Scanned as a
repository through the CLI, every ``# expect:`` is reported and nothing else.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

SHAPES = Path(__file__).parent / "nova_cat_shapes"
SNIPPETS = sorted(SHAPES.rglob("*.py.txt"))


def test_every_access_of_the_nova_cat_shapes_is_found_and_the_cdk_is_clean(
    tmp_path: Path,
    scan_json: Callable[..., tuple[int, dict[str, Any]]],
    expected_findings: Callable[[str], set[tuple[str, int]]],
) -> None:
    expected: set[tuple[str, str, int]] = set()
    for snippet in SNIPPETS:
        relative = snippet.relative_to(SHAPES).as_posix().removesuffix(".txt")
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(snippet, target)
        expected |= {
            (relative, rule, line) for rule, line in expected_findings(snippet.read_text())
        }

    code, report = scan_json(str(tmp_path))

    found = {
        (Path(f["path"]).relative_to(tmp_path).as_posix(), f["rule"], f["line"])
        for f in report["findings"]
    }
    assert code == 1
    assert found == expected
    assert report["summary"]["files_checked"] == len(SNIPPETS)  # infra/ among them
    assert {rule for _, rule, _ in found} >= {"db-operation", "db-batch-writer", "db-meta-client"}
    assert not [path for path, _, _ in found if path.startswith("infra/")]
