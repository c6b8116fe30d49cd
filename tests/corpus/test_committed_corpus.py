"""The committed corpus: complete (every entity, version and era), realistic, and read today
exactly as its golden lines say."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from novacat_persistence.contracts.versions import ENTITIES
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus.generate import generate
from novacat_persistence.corpus_tools.store import Corpus, CorpusError, CorpusFile
from novacat_persistence.corpus_tools.verify import verify

CORPUS = Corpus.load(CORPUS_DIR)


def item_text() -> str:
    return "".join((CORPUS_DIR / f.items_path).read_text(encoding="utf-8") for f in CORPUS.files)


def test_every_item_reads_as_its_golden_line() -> None:
    report = verify(CORPUS)
    assert report.problems == []
    assert report.items >= 300
    assert report.files == len(CORPUS.files)


def test_every_version_and_every_era_of_every_entity_has_items() -> None:
    expected = {
        (spec.entity_type, version.version, None)
        for spec in ENTITIES.values()
        for version in spec.versions
    } | {
        (spec.entity_type, era.version, era.name) for spec in ENTITIES.values() for era in spec.eras
    }
    # a file of composed eras (1.0.0+candidate-name.services) holds items of each of them
    found = {
        (f.entity, f.version, era)
        for f in CORPUS.files
        for era in ([None] if f.era is None else f.era.split("."))
    }
    assert found == expected
    assert all(f.count > 0 and f.workflows for f in CORPUS.files)


@pytest.mark.parametrize(
    "file",
    [f for f in CORPUS.files if f.version == "1.0.0" and f.source is None],
    ids=lambda f: f.items_path,
)
def test_historical_files_hold_both_stamps_of_version_1(file: CorpusFile) -> None:
    text = (CORPUS_DIR / file.items_path).read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    stamps = {line["Item"]["schema_version"]["S"] for line in lines}
    assert stamps == {"1", "1.0.0"}


def test_the_corpus_holds_the_edge_cases() -> None:
    text = item_text()
    assert '"GSI1PK":{"NULL":true}' in text and '"ended_at":{"NULL":true}' in text
    assert '{"N":"10000000000000000000002718281828459045"}' in text  # 38 digits
    assert '{"N":"0.12345678901234567890123456789012345678"}' in text
    assert "NAME#nova sco 2012 #2" in text and "#flux-calibrated" in text
    assert "カシオペヤ座新星 2021" in text and "Jurdana-Šepić" in text
    assert '{"L":[]}' in text and '{"M":{}}' in text
    assert "FILE#SPECTRA#" in text and '"SK":{"S":"REF#' in text
    longest = max(len(s) for line in text.splitlines() for s in strings(json.loads(line)))
    assert 400_000 < longest < 400 * 1024  # one attribute near the 400 KB item limit


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_legacy_goldens_name_their_model_and_flag() -> None:
    legacy = {
        f.era: {
            (g["model"], g["legacy"])
            for g in (
                json.loads(line) for line in (CORPUS_DIR / f.golden_path).read_text().splitlines()
            )
        }
        for f in CORPUS.files
        if f.era is not None and f.source is None
    }
    assert legacy == {
        "id-dataset": {("JobRun", False)},
        "initiated-at": {("JobRun", False)},
        "no-correlation-id": {("LegacyJobRun", True)},
        "product-type-sk": {("FileObject", False), ("LegacyFileObject", True)},
        "per-nova-ref": {("LegacyNovaScopedReference", True)},
        "reference-id-sk": {("LegacyNovaReference", True)},
    }


def test_the_corpus_ships_in_the_package() -> None:
    shipped = files("novacat_persistence.corpus")
    assert shipped.joinpath("manifest.json").is_file()
    assert shipped.joinpath(CORPUS.files[0].items_path).is_file()


def test_the_generator_never_overwrites_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="already holds a corpus"):
        generate(CORPUS_DIR)
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(CorpusError, match="source of truth"):
        generate(tmp_path)
