"""``corpus replay``'s drift section: attributes the models do not know (per entity and
version, by name and type, counted, with an example key), and items with an entity's keys but
not its entity_type. Drift fails a replay only with ``--fail-on-drift``."""

from __future__ import annotations

import json
from pathlib import Path

from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.drift import MAX_ATTRIBUTES, OTHER
from novacat_persistence.corpus_tools.replay import replay

from .conftest import run_cli


def items(label: str) -> list[dict[str, dict[str, object]]]:
    lines = (CORPUS_DIR / "items" / label).read_bytes().splitlines()
    return [json.loads(line)["Item"] for line in lines]


def export(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps({"Item": record}) + "\n" for record in records))
    return path


NOVAE = items("nova/1.0.0.jsonl")


def test_unknown_attributes_are_counted_by_name_and_type_with_a_key(tmp_path: Path) -> None:
    first, second, third = NOVAE[:3]
    path = export(
        tmp_path / "novae.jsonl",
        first | {"light_curve_class": {"S": "S"}, "peak_mag": {"N": "4.2"}},
        second | {"light_curve_class": {"S": "C"}},
        third,
    )
    report = replay([path])
    assert report.ok  # drift is no problem
    row = report.drift.attributes[("Nova", "1.0.0")]
    assert {key: seen.count for key, seen in row.items()} == {
        ("light_curve_class", "S"): 2,
        ("peak_mag", "N"): 1,
    }
    example = row[("light_curve_class", "S")]
    assert (example.pk, example.sk) == (first["PK"]["S"], first["SK"]["S"])


def test_unreadable_items_of_a_known_version_show_their_drift_too(tmp_path: Path) -> None:
    exploded = NOVAE[0] | {"status": {"S": "EXPLODED"}, "light_curve_class": {"S": "S"}}
    report = replay([export(tmp_path / "exploded.jsonl", exploded)])
    assert not report.ok
    assert list(report.drift.attributes[("Nova", "1.0.0")]) == [("light_curve_class", "S")]


def test_items_with_an_entitys_keys_but_not_its_entity_type(tmp_path: Path) -> None:
    untyped = {k: v for k, v in NOVAE[0].items() if k != "entity_type"}
    galaxy = NOVAE[1] | {"entity_type": {"S": "Galaxy"}}
    cache = {"PK": {"S": NOVAE[0]["PK"]["S"]}, "SK": {"S": "OFFSET_CACHE#optical"}}
    report = replay([export(tmp_path / "odd.jsonl", untyped, galaxy, untyped, cache)])
    shapes = {key: seen.count for key, seen in report.drift.key_shapes.items()}
    # an offset cache is stored with no entity_type; this one lacks its fields: unreadable, and
    # shown by its key shape like the others
    assert shapes == {("Nova", "(none)"): 2, ("Nova", "Galaxy"): 1, ("OffsetCache", "(none)"): 1}
    seen = report.drift.key_shapes[("Nova", "Galaxy")]
    assert (seen.pk, seen.sk) == (NOVAE[1]["PK"]["S"], "NOVA")


def test_drift_is_shown_in_text_and_json_and_fails_only_when_asked(tmp_path: Path) -> None:
    path = export(tmp_path / "novae.jsonl", NOVAE[0] | {"light_curve_class": {"S": "S"}})
    text = run_cli(["corpus", "replay", str(path)])
    assert text.code == 0
    key = f"{NOVAE[0]['PK']['S']!r}/'NOVA'"
    assert "  Nova 1.0.0: attributes its model does not know" in text.out
    assert f"    light_curve_class (S): 1 item(s), e.g. {key}" in text.out
    failed = run_cli(["corpus", "replay", "--fail-on-drift", str(path)])
    assert failed.code == 1
    assert "fails on drift (--fail-on-drift)" in failed.err
    document = json.loads(run_cli(["corpus", "replay", "--format", "json", str(path)]).out)
    assert document["format"] == "novacat-replay/1.2"
    assert document["drift"] == {
        "attributes": [
            {
                "entity": "Nova",
                "version": "1.0.0",
                "attribute": "light_curve_class",
                "type": "S",
                "count": 1,
                "example": {"pk": NOVAE[0]["PK"]["S"], "sk": "NOVA"},
            }
        ],
        "key_shapes": [],
    }
    clean = export(tmp_path / "clean.jsonl", NOVAE[0])
    assert run_cli(["corpus", "replay", "--fail-on-drift", str(clean)]).code == 0
    assert "drift" not in run_cli(["corpus", "replay", str(clean)]).out


def test_attribute_names_are_told_apart_up_to_a_bound(tmp_path: Path) -> None:
    many = NOVAE[0] | {f"extra_{n:03d}": {"S": "x"} for n in range(MAX_ATTRIBUTES + 10)}
    row = replay([export(tmp_path / "many.jsonl", many, many)]).drift.attributes[("Nova", "1.0.0")]
    assert len(row) == MAX_ATTRIBUTES + 1
    assert row[(OTHER, "-")].count == 2 * 10


def test_the_committed_corpus_has_no_drift() -> None:
    assert not replay([CORPUS_DIR / "items"]).drift


def test_what_the_export_names_cannot_move_the_cursor_or_forge_a_line(tmp_path: Path) -> None:
    """Control characters and line breaks in an attribute name, an entity type or a file
    name are written out in the text report (as literals), never sent to the terminal: every
    line of the report is one printable line, and the report says what it read."""
    evil = "attr\x1b[2Jx\nnewline"
    forged = "Evil\x1b[31mRED\x1b[0m\nFAKE LINE"
    path = export(
        tmp_path / "odd\nname.jsonl",
        NOVAE[0] | {evil: {"S": "x"}},
        NOVAE[1] | {"entity_type": {"S": forged}},
    )
    text = replay([path]).to_text()
    assert all(line.isprintable() for line in text.splitlines()), text
    assert repr(evil) in text and repr(forged) in text
    assert not any(line.startswith("FAKE LINE") for line in text.splitlines())
