"""CATALOGUE.md documents exactly the rules the code can emit, with the same fixed verdicts."""

from __future__ import annotations

import re
from importlib.resources import files

from novacat_persistence.schemadiff import RULES, Verdict

_ROW = re.compile(r"^\| `(?P<id>[a-z-]+)` \| [^|]+ \| (?P<backward>[^|]+) \| (?P<forward>[^|]+) \|")
_CELL = {Verdict.COMPATIBLE: "ok", Verdict.INCOMPATIBLE: "BREAKS", None: "depends"}


def catalogue_rows() -> dict[str, tuple[str, str]]:
    text = (files("novacat_persistence.schemadiff") / "CATALOGUE.md").read_text(encoding="utf-8")
    rows = [m for line in text.splitlines() if (m := _ROW.match(line))]
    ids = [m["id"] for m in rows]
    assert len(ids) == len(set(ids)), "a rule appears twice in CATALOGUE.md"
    return {m["id"]: (m["backward"].strip(), m["forward"].strip()) for m in rows}


def test_catalogue_lists_every_rule_and_nothing_else() -> None:
    assert set(catalogue_rows()) == {rule.id for rule in RULES}


def test_catalogue_verdicts_match_the_rule_data() -> None:
    rows = catalogue_rows()
    for rule in RULES:
        backward, forward = rows[rule.id]
        assert backward.split(":")[0] == _CELL[rule.backward], rule.id
        assert forward.split(":")[0] == _CELL[rule.forward], rule.id


def test_rule_ids_are_unique_kebab_case() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)


def test_annotation_rules_never_break() -> None:
    for rule in RULES:
        if rule.annotation:
            assert (rule.backward, rule.forward) == (Verdict.COMPATIBLE, Verdict.COMPATIBLE)
