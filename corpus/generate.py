"""The script that generated the first corpus (run once; kept as the record of how).

    python -m novacat_persistence.corpus.generate [--out DIR]

It builds items the way the services stored them, for every entity, every version and every
era of docs/domain.md, History, with realistic values (real novae, ADS-style bibcodes, ESO/MAST/
AAVSO product ids, S3 keys of the bucket layout) and the awkward legal ones (38-digit numbers,
non-ASCII names, ``#`` in names, keys and URLs, empty lists and maps, NULL-typed GSI attributes
as exports show them, an attribute near the 400 KB item limit). Every value is a pure function
of the code below: no clock, no randomness.

Afterwards the committed corpus files are the source of truth; this script refuses to write
into a corpus that has files, and regenerating is never how the corpus changes (new versions
are recorded with ``novacat-persistence corpus add``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from uuid import UUID, uuid5

from novacat_persistence.contracts import bucket_layout
from novacat_persistence.contracts.codec.export_lines import item_to_export_line
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.deterministic_ids import (
    composite_id,
    locator_identity,
    photometry_product_id,
    spectra_product_id,
    workflow_idempotency_key,
)
from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    CompositeSpectraV1,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunClaim,
    LegacyFileObject,
    LegacyJobRun,
    LegacyNovaReference,
    LegacyNovaScopedReference,
    LocatorAlias,
    NameClaim,
    NameMapping,
    Nova,
    NovaReference,
    PersistedEntity,
    PhotometryTable,
    PhotometryTableV1,
    Reference,
    SpectraProduct,
    SpectraProductV1,
    StepDedupe,
    WorkItem,
)
from novacat_persistence.contracts.eras import era_item
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.corpus import CORPUS_DIR
from novacat_persistence.corpus_tools.store import Corpus, CorpusError
from novacat_persistence.corpus_tools.verify import add_lines

NAMESPACE: Final = UUID("3b0f6a52-9c1e-5d7a-8e44-6e6f76616361")
"""Namespace of the corpus's own ids (novae, runs, files), never of production ids."""
BUCKET: Final = "novacat-private"
NULL: Final = {"NULL": True}


def uid(*parts: object) -> UUID:
    """A deterministic id of the corpus."""
    return uuid5(NAMESPACE, "|".join(str(p) for p in parts))


def at(day: float, seconds: float = 0) -> datetime:
    """An instant ``day`` days (and ``seconds``) after 2023-08-14T06:00:00Z."""
    return datetime(2023, 8, 14, 6, tzinfo=UTC) + timedelta(days=day, seconds=seconds)


def times(day: float, later: float = 0) -> dict[str, datetime]:
    """``created_at``/``updated_at`` fields: created on ``day``, updated ``later`` days on."""
    return {"created_at": at(day), "updated_at": at(day + later)}


def stamp(item: Item, index: int) -> Item:
    """Stamp a 1.0.0 item as the old services did: ``"1"`` for every third one."""
    item["schema_version"] = {"S": "1" if index % 3 == 0 else "1.0.0"}
    return item


# --- the novae --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Star:
    """A nova of the corpus."""

    name: str
    ra: float | None
    dec: float | None
    discovery: str | None
    aliases: tuple[str, ...]
    status: str = "ACTIVE"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> UUID:
        """Its nova id."""
        return uid("nova", self.name)

    @property
    def normalized(self) -> str:
        """Its normalized primary name."""
        return normalize(self.name)


def normalize(name: str) -> str:
    """The name normalization the corpus assumes (lowercase, single spaces)."""
    return " ".join(name.lower().split())


STARS: Final = (
    Star("V1500 Cyg", 317.90254, 48.15057, "1975-08-29", ("Nova Cygni 1975",)),
    Star(
        "V339 Del",
        305.877833,
        20.767722,
        "2013-08-14",
        ("Nova Delphini 2013", "PNV J20233073+2046041", "Nova Delphini 2013 — Itagaki"),
    ),
    Star("T CrB", 239.875667, 25.920167, "1866-05-12", ("Blaze Star", "HR 5958")),
    Star("RS Oph", 267.555, -6.707778, "1898-06-00", ("HD 162214",)),
    Star("Nova Sco 2012 #2", 268.120833, -32.626389, "2012-06-01", ("V1324 Sco",)),
    Star("U Sco", 245.628333, -17.878611, "1863-05-20", ("Nova Sco 1863",)),
    Star("GK Per", 52.799583, 43.904444, "1901-02-21", ("Nova Persei 1901",)),
    Star(
        "V1405 Cas",
        351.198333,
        61.187778,
        "2021-03-18",
        ("Nova Cassiopeiae 2021", "PNV J23244760+6111140", "カシオペヤ座新星 2021"),
    ),
    Star("V1674 Her", 284.379083, 16.894333, "2021-06-12", ("TCP J18573095+1653396",)),
    Star("CP Pup", None, None, "1942-11-00", ()),
    Star(
        "PNV J17261813-3809354",
        261.575542,
        -38.159833,
        None,
        (),
        status="QUARANTINED",
        extra={"quarantine_reason_code": "COORDINATE_AMBIGUITY", "manual_review_status": "PENDING"},
    ),
)
SPECTRA_STARS: Final = STARS[:9]
"""The novae with spectra products."""


def novae() -> Iterator[Nova]:
    """Every nova record."""
    for i, star in enumerate(STARS):
        yield Nova.model_validate(
            {
                "nova_id": star.id,
                "primary_name": star.name,
                "primary_name_normalized": star.normalized,
                "status": star.status,
                "ra_deg": star.ra,
                "dec_deg": star.dec,
                "discovery_date": star.discovery,
                "aliases": list(star.aliases),
                **star.extra,
                **times(i * 3, later=40 + i),
            }
        )


def name_mappings() -> Iterator[NameMapping]:
    """The primary and alias mappings of every nova."""
    sources = ("SIMBAD", "TNS", "INGESTION", "OTHER")
    for i, star in enumerate(STARS):
        yield NameMapping.model_validate(
            {
                "name_raw": star.name,
                "name_normalized": star.normalized,
                "name_kind": "PRIMARY",
                "nova_id": star.id,
                "source": "USER_INPUT",
                **times(i * 3),
            }
        )
        for j, alias in enumerate(star.aliases):
            yield NameMapping.model_validate(
                {
                    "name_raw": alias,
                    "name_normalized": normalize(alias),
                    "name_kind": "ALIAS",
                    "nova_id": star.id,
                    "source": sources[(i + j) % len(sources)],
                    **times(i * 3 + j + 1),
                }
            )


def name_claims() -> Iterator[NameClaim]:
    """The claim of every primary name."""
    for i, star in enumerate(STARS):
        yield NameClaim(name_normalized=star.normalized, nova_id=star.id, **times(i * 3))


# --- data products ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A spectrum as a provider lists it."""

    provider: str
    product: str | None
    url: str
    instrument: str
    telescope: str

    def identity(self) -> str:
        """Its locator identity."""
        return locator_identity(provider_product_id=self.product, url=self.url)

    def product_id(self) -> UUID:
        """The data_product_id minted for it."""
        return spectra_product_id(self.provider, self.identity())


def sources(star: Star, index: int) -> list[Source]:
    """Three spectra of a nova: an ESO archive product, a MAST dataset, an AAVSO spectrum."""
    month, day, second = 1 + index % 12, 1 + index * 7 % 28, (17 + index * 13) % 60
    stamp_text = f"20{13 + index % 9}-{month:02d}-{day:02d}T23:41:{second:02d}.{524 + index:03d}"
    mast = f"oc7r{index:02d}010"
    return [
        Source(
            "ESO",
            f"ADP.{stamp_text}",
            f"https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?ADP.{stamp_text}",
            "UVES",
            "ESO-VLT-U2",
        ),
        Source(
            "MAST",
            mast,
            f"https://mast.stsci.edu/search/hst/api/v0.1/retrieve?dataset={mast}",
            "STIS",
            "HST",
        ),
        Source(
            "AAVSO",
            None,
            f"https://www.aavso.org/apps/avspec/spectrum/{41000 + index * 17}#flux-calibrated",
            "LISA",
            "C11 0.28m",
        ),
    ]


HUGE_NUMBER: Final = 10**37 + 2_718_281_828_459_045
"""A 38-digit integer, as a provider hint or provenance value."""
FINE_NUMBER: Final = Decimal("0.12345678901234567890123456789012345678")
"""38 significant digits."""


def spectra_fields(star: Star, source: Source, state: int, day: float) -> dict[str, Any]:
    """The fields of a spectra product in one of six states (0..5), common to both versions."""
    nova, product = star.id, source.product_id()
    fields: dict[str, Any] = {
        "data_product_id": product,
        "nova_id": nova,
        "provider": source.provider,
        "locator_identity": source.identity(),
        "locators": [{"kind": "URL", "role": "PRIMARY", "value": source.url}],
        "hints": {"instrument": source.instrument, "exptime_s": Decimal("1800.5")},
        "instrument": source.instrument,
        "telescope": source.telescope,
        **times(day, later=2),
    }
    acquired = {
        "byte_length": 5_184_000 + state * 2880,
        "etag": f'"{uid("etag", product).hex}"',
        "raw_s3_bucket": BUCKET,
        "raw_s3_key": bucket_layout.raw_spectra_key(nova, product),
        "last_attempt_at": at(day + 1, 37),
        "observation_date_mjd": 56520.0 + state + 0.38372685,
    }
    match state:
        case 0:  # a fresh stub: eligible, no attempt yet
            fields["locators"] = []
            fields["hints"] = {}
        case 1:  # acquired and validated
            fields |= acquired | {
                "acquisition_status": "ACQUIRED",
                "validation_status": "VALID",
                "eligibility": "NONE",
                "last_attempt_outcome": "SUCCESS",
                "header_signature_hash": uid("header", product).hex,
                "fits_profile_id": f"{source.provider}_{source.instrument}_1D_v2",
                "profile_selection_inputs": {"INSTRUME": source.instrument, "NAXIS": 1},
                "normalization_notes": ["wavelength converted from nm to Angstrom"],
                "derived_s3_prefix": f"derived/spectra/{nova}/{product}/",
            }
            fields["locators"].append(
                {"kind": "S3", "role": "MIRROR", "value": f"s3://novacat-mirror/{product}.fits"}
            )
        case 2:  # a retryable failure, waiting out its cooldown
            fields |= {
                "acquisition_status": "FAILED_RETRYABLE",
                "last_attempt_at": at(day + 1, 12),
                "last_attempt_outcome": "RETRYABLE_FAILURE",
                "last_error_fingerprint": uid("error", product).hex[:16],
                "next_eligible_attempt_at": at(day + 1, 612),
                "hints": {
                    "instrument": source.instrument,
                    "provider_checksum": HUGE_NUMBER,
                    "snr_estimate": FINE_NUMBER,
                    "orders": [],
                    "header": {},
                },
            }
        case 3:  # quarantined: an unknown FITS profile, waiting for review
            fields |= acquired | {
                "acquisition_status": "ACQUIRED",
                "validation_status": "QUARANTINED",
                "eligibility": "NONE",
                "last_attempt_outcome": "QUARANTINE",
                "quarantine_reason_code": "UNKNOWN_PROFILE",
                "manual_review_status": "PENDING",
                "normalization_notes": [],
            }
        case 4:  # terminally invalid
            fields |= acquired | {
                "acquisition_status": "ACQUIRED",
                "validation_status": "TERMINAL_INVALID",
                "eligibility": "NONE",
                "last_attempt_outcome": "TERMINAL_FAILURE",
                "last_error_fingerprint": "MISSING_CRITICAL_METADATA:DATE-OBS",
            }
        case _:  # a duplicate of another product
            fields |= {
                "acquisition_status": "SKIPPED_DUPLICATE",
                "validation_status": "VALID",
                "eligibility": "NONE",
                "duplicate_of_data_product_id": uid("original", product),
            }
    return fields


def with_counters_v1(fields: dict[str, Any], state: int) -> dict[str, Any]:
    """DataProduct 1.0.0 counters: ``attempt_count`` and ``sha256``."""
    attempts = {0: 0, 1: 1, 2: 2, 3: 1, 4: 3}.get(state, 0)
    digest = uid("sha256", fields["data_product_id"]).hex * 2 if state in (1, 3, 4) else None
    return fields | {"attempt_count": attempts, "sha256": digest}


def with_counters_v2(fields: dict[str, Any], state: int) -> dict[str, Any]:
    """DataProduct 2.0.0 counters and fingerprints."""
    attempts = {0: 0, 1: 1, 2: 2, 3: 1, 4: 3}.get(state, 0)
    digest = uid("sha256", fields["data_product_id"]).hex * 2 if state in (1, 3, 4) else None
    extra = {"attempt_count_total": attempts, "content_fingerprint": digest}
    if state == 1:
        extra["last_successful_fingerprint"] = digest
    return fields | extra


def left_index(item: Item) -> Item:
    """Show an item that left the eligibility index as exports of documented items do:
    ``GSI1PK``/``GSI1SK`` NULL-typed instead of absent."""
    if "GSI1PK" not in item:
        item["GSI1PK"] = NULL
        item["GSI1SK"] = NULL
    return item


def composite_fields(star: Star, constituents: list[UUID], day: float) -> dict[str, Any]:
    """A composite of some of a nova's spectra."""
    ordered = sorted(constituents, key=str)
    identity = composite_id(ordered)
    return {
        "data_product_id": identity,
        "composite_id": identity,
        "nova_id": star.id,
        "provider": "ESO",
        "constituent_data_product_ids": ordered,
        "rejected_data_product_ids": [],
        "composite_fingerprint": uid("composite", identity).hex,
        "composite_s3_key": f"derived/spectra/{star.id}/composite/{identity}/composite.fits",
        **times(day, later=1),
    }


def photometry_fields(star: Star, day: float, ingestions: int) -> dict[str, Any]:
    """A nova's photometry table."""
    fields: dict[str, Any] = {
        "data_product_id": photometry_product_id(star.id),
        "nova_id": star.id,
        **times(day, later=ingestions),
    }
    if ingestions:
        fields |= {
            "s3_bucket": BUCKET,
            "s3_key": bucket_layout.photometry_key(star.id),
            "last_ingestion_at": at(day + ingestions, 3),
            "last_ingestion_source": "AAVSO International Database",
            "ingestion_count": ingestions,
        }
    return fields


def data_products_v1() -> Iterator[Item]:
    """DataProduct 1.0.0 as the services wrote it: photometry tables, spectra in every state
    (items out of the index with NULL GSI attributes), composites."""
    index = 0
    for i, star in enumerate(SPECTRA_STARS[:7]):
        table = PhotometryTableV1.model_validate(photometry_fields(star, i * 3 + 1, i % 3))
        yield stamp(encode(table), index)
        index += 1
        products = []
        for j, source in enumerate(sources(star, i)):
            state = (i + j) % 6
            fields = with_counters_v1(spectra_fields(star, source, state, i * 3 + j), state)
            product = SpectraProductV1.model_validate(fields)
            products.append(product.data_product_id)
            item = encode(product)
            yield stamp(left_index(item) if j % 2 == 0 else item, index)
            index += 1
        if i < 3:
            composite = CompositeSpectraV1.model_validate(
                composite_fields(star, products, i * 3 + 5)
            )
            yield stamp(encode(composite), index)
            index += 1


def data_products_v2() -> Iterator[PersistedEntity]:
    """DataProduct 2.0.0 as the current writers store it."""
    for i, star in enumerate(SPECTRA_STARS[4:], start=4):
        fields = photometry_fields(star, 200 + i, 1 + i % 3)
        if i % 2:
            old_key = bucket_layout.photometry_snapshot_key(star.id, "1.0.0")
            fields |= {"table_schema_version": "1.1.0", "snapshot_s3_keys": {"1.0.0": old_key}}
        yield PhotometryTable.model_validate(fields)
        products = []
        for j, source in enumerate(sources(star, i + 20)):
            state = (i + j + 1) % 6
            fields = with_counters_v2(spectra_fields(star, source, state, 200 + i + j), state)
            product = SpectraProduct.model_validate(fields)
            products.append(product.data_product_id)
            yield product
        composite = composite_fields(star, products[:2], 205 + i)
        composite["rejected_data_product_ids"] = [products[2]]
        yield CompositeSpectra.model_validate(composite)


def locator_aliases() -> Iterator[LocatorAlias]:
    """The alias of every spectra product of the corpus."""
    for i, star in enumerate(SPECTRA_STARS):
        for offset in (0, 20):
            if (offset == 0 and i >= 7) or (offset == 20 and i < 4):
                continue
            for j, source in enumerate(sources(star, i + offset)):
                yield LocatorAlias(
                    provider=source.provider,
                    locator_identity=source.identity(),
                    data_product_id=source.product_id(),
                    nova_id=star.id,
                    **times(i * 3 + j + offset * 10),
                )


# --- files ------------------------------------------------------------------------------------


def run_id(workflow: str, star: Star, n: int = 0) -> UUID:
    """The job run id of a workflow execution for a nova."""
    return uid("run", workflow, star.name, n)


def created_by(workflow: str, star: Star, n: int = 0) -> str:
    """``<workflow>:<job_run_id>``."""
    return f"{workflow}:{run_id(workflow, star, n)}"


def file_objects() -> Iterator[FileObject]:
    """Current FileObjects of every role."""
    roles = (
        "SPECTRA_RAW_FITS",
        "SPECTRA_NORMALIZED",
        "SPECTRA_PLOT",
        "SPECTRA_QUARANTINE_CONTEXT",
        "PHOTOMETRY_TABLE",
        "PHOTOMETRY_SNAPSHOT",
        "BUNDLE_MANIFEST",
        "BUNDLE_ZIP",
        "OTHER",
    )
    for i, star in enumerate(SPECTRA_STARS[:8]):
        product = sources(star, i)[i % 3].product_id()
        for j, role in enumerate(roles[i % 3 :: 3]):
            keys = {
                "SPECTRA_RAW_FITS": bucket_layout.raw_spectra_key(star.id, product),
                "SPECTRA_NORMALIZED": f"derived/spectra/{star.id}/{product}/normalized.parquet",
                "SPECTRA_PLOT": f"derived/spectra/{star.id}/{product}/plot #{j}.png",
                "SPECTRA_QUARANTINE_CONTEXT": bucket_layout.quarantine_prefix(star.id, product)
                + "2023-09-01T10:00:00Z/context.json",
                "PHOTOMETRY_TABLE": bucket_layout.photometry_key(star.id),
                "PHOTOMETRY_SNAPSHOT": bucket_layout.photometry_snapshot_key(star.id, "1.0.0"),
                "BUNDLE_MANIFEST": f"bundles/{star.id}/manifest.json",
                "BUNDLE_ZIP": f"bundles/{star.id}/{star.normalized}.zip",
                "OTHER": f"other/{star.id}/notes ({star.name}).txt",
            }
            product_scoped = role.startswith("SPECTRA_") and role != "SPECTRA_RAW_FITS"
            yield FileObject.model_validate(
                {
                    "file_id": uid("file", star.name, role),
                    "role": role,
                    "nova_id": star.id,
                    "data_product_id": product if product_scoped else None,
                    "bucket": BUCKET,
                    "key": keys[role],
                    "content_type": None if j == 2 else "application/octet-stream",
                    "byte_length": 1024 * (i + 1) * (j + 3),
                    "etag": f'"{uid("etag-file", star.name, role).hex}"',
                    "sha256": uid("sha-file", star.name, role).hex * 2,
                    "created_by": created_by("acquire_and_validate_spectra", star),
                    **times(i * 3 + j + 2),
                }
            )
    for n, star in enumerate(STARS[-2:]):
        correlation = str(uid("correlation", "initialize_nova", star.name))
        yield FileObject.model_validate(
            {
                "file_id": uid("file", star.name, "identity-quarantine"),
                "role": "WORKFLOW_QUARANTINE_CONTEXT",
                "correlation_id": correlation,
                "bucket": BUCKET,
                "key": f"quarantine/workflow/{correlation}/identity_candidates.json",
                "content_type": "application/json",
                "created_by": created_by("initialize_nova", star),
                **times(30 + n),
            }
        )


def legacy_file_fields(star: Star, index: int) -> dict[str, Any]:
    """A file of the product-scoped SK era (old S3 names included)."""
    role = ("SPECTRA_RAW_FITS", "SPECTRA_PLOT", "PHOTOMETRY_TABLE", "SPECTRA_NORMALIZED")[index % 4]
    if role == "PHOTOMETRY_TABLE":
        product = photometry_product_id(star.id)
        key = f"derived/photometry/{star.id}/{star.normalized}_lc.parquet"
        workflow = "ingest_photometry"
    else:
        source = sources(star, index)[index % 3]
        product = source.product_id()
        name = {
            "SPECTRA_RAW_FITS": f"{source.product or 'spectrum'}.fits",
            "SPECTRA_PLOT": f"plot #{index}.png",
            "SPECTRA_NORMALIZED": f"normalized #{index}.parquet",
        }[role]
        key = f"raw/spectra/{star.id}/{product}/{name}"
        workflow = "acquire_and_validate_spectra"
    return {
        "role": role,
        "nova_id": star.id,
        "data_product_id": product,
        "bucket": BUCKET,
        "key": key,
        "content_type": "image/png" if role == "SPECTRA_PLOT" else None,
        "byte_length": 2880 * (index + 10),
        "created_by": created_by(workflow, star, 90 + index),
        **times(index * 2 + 1, later=0.5),
    }


def file_objects_of_product_sk_era() -> Iterator[PersistedEntity]:
    """FileObjects under ``FILE#<product_type>#<data_product_id>#<role>#<name>``: the later
    ones record a ``file_id``, the earlier ones do not."""
    for index, star in enumerate(STARS[:8] + STARS[:7]):
        fields = legacy_file_fields(star, index)
        if index >= 7:
            yield FileObject.model_validate(fields | {"file_id": uid("old-file", index)})
        else:
            yield LegacyFileObject.model_validate(fields)


# --- references -------------------------------------------------------------------------------

BIBCODES: Final = (
    ("1975IAUC.2826....1H", "cbat_circular", "Nova Cygni 1975", 0),
    ("2013ATel.5279....1M", "atel", "Spectroscopic classification of Nova Delphini 2013", 1),
    ("2013CBET.3628....1N", "cbat_circular", "PNV J20233073+2046041 = Nova Delphini 2013", 1),
    ("2023ATel16107....1S", "atel", "T CrB: the pre-eruption dip deepens", 2),
    ("2006Natur.442..276B", "journal_article", "Shock wave in the 2006 outburst of RS Oph", 3),
    ("2012ATel.4157....1W", "atel", "Spectroscopic confirmation of Nova Sco 2012 #2", 4),
    ("2010ApJ...720L.169B", "journal_article", "The 2010 eruption of U Sco", 5),
    ("1901ApJ....13..173P", "journal_article", "Spectrum of Nova Persei", 6),
    ("2021ATel14476....1M", "atel", "V1405 Cas: the Hα profile in the plateau", 7),  # noqa: RUF001
    ("2022MNRAS.514.1234S", "journal_article", "Photometry of the very fast nova V1674 Her", 8),
    ("2023arXiv230112345S", "arxiv_preprint", "A decade of spectra of V339 Del", 1),
    ("2019AAVSO..........", "catalog", "AAVSO International Database", 2),
    ("2020ascl.soft01005K", "software", "novae: light-curve fitting", 8),
    ("2021AAS...23710203Q", "poster", "Gamma rays from V1405 Cas", 7),
)
"""(bibcode, reference type, title, index of the nova it is about)."""

AUTHORS: Final = ("Munari, U.", "Jurdana-Šepić, R.", "Itagaki, K.", "Ederoclite, A.", "Bode, M. F.")


def huge_provenance(size: int) -> dict[str, Any]:
    """A provenance map holding the raw ADS export of a reference: one attribute of ``size``
    characters, near DynamoDB's 400 KB item limit."""
    entry = (
        "@ARTICLE{2006Natur.442..276B,\n author = {{Bode}, M.~F. and {O'Brien}, T.~J.},\n"
        ' title = "{Shock wave in the 2006 outburst of RS Oph}",\n journal = {Nature},\n'
        " year = 2006, volume = 442, pages = {276-278}}\n"
    )
    text = (entry * (size // len(entry) + 1))[:size]
    return {"source": "ADS", "ads_export_bibtex": text, "retrieved": "2023-09-02T11:00:00Z"}


def references() -> Iterator[Reference]:
    """Global references by bibcode, one of them near the item size limit."""
    for n, (bibcode, kind, title, _star) in enumerate(BIBCODES):
        provenance: dict[str, Any] = {"source": "ADS", "score": Decimal("0.87")}
        if n == 4:
            provenance = huge_provenance(405_000)
        elif n == 1:
            provenance |= {"citation_count": HUGE_NUMBER, "keywords": [], "extra": {}}
        elif n == 11:
            provenance = {}
        yield Reference.model_validate(
            {
                "bibcode": bibcode,
                "reference_type": kind,
                "title": title,
                "year": int(bibcode[:4]),
                "publication_date": f"{bibcode[:4]}-{(n % 12) + 1:02d}-00",
                "authors": [] if n == 11 else list(AUTHORS[n % 3 : n % 3 + 3]),
                "doi": f"10.1038/nature{4000 + n}" if kind == "journal_article" else None,
                "arxiv_id": "2301.12345" if kind == "arxiv_preprint" else None,
                "provenance": provenance,
                **times(100 + n, later=n % 4),
            }
        )


def nova_references() -> Iterator[NovaReference]:
    """Links by bibcode, several roles per nova."""
    roles = ("DISCOVERY", "SPECTRA_SOURCE", "PHOTOMETRY_SOURCE", "OTHER")
    for n, (bibcode, _kind, _title, star_index) in enumerate(BIBCODES):
        star = STARS[star_index]
        yield NovaReference.model_validate(
            {
                "nova_id": star.id,
                "bibcode": bibcode,
                "role": roles[n % 4],
                "added_by_workflow": "refresh_references",
                "notes": "Hα and He I 5876 Å" if n % 5 == 0 else None,  # noqa: RUF001 (non-ASCII)
                "provenance": {"matched_on": "simbad_identifier"} if n % 2 else {},
                **times(101 + n),
            }
        )
        if n % 3 == 0:
            other = STARS[(star_index + 1) % len(STARS)]
            yield NovaReference.model_validate(
                {
                    "nova_id": other.id,
                    "bibcode": bibcode,
                    "role": "OTHER",
                    "added_by_workflow": "refresh_references",
                    **times(102 + n),
                }
            )


def per_nova_references() -> Iterator[LegacyNovaScopedReference]:
    """References as the services first stored them: per nova, ``REF#<reference_id>``."""
    for n in range(12):
        star = STARS[n % 8]
        bibcode, kind, title, _ = BIBCODES[n]
        yield LegacyNovaScopedReference.model_validate(
            {
                "nova_id": star.id,
                "reference_id": uid("reference", star.name, n),
                "bibcode": bibcode if n % 3 == 0 else None,
                "reference_type": kind if n % 2 == 0 else None,
                "role": "DISCOVERY" if n < 4 else None,
                "title": f"{title} (as first ingested)",
                "year": int(bibcode[:4]) if n % 4 else None,
                "authors": list(AUTHORS[: n % 4]),
                "provenance": {"imported_from": "novacat-v0 sheet", "row": 100 + n},
                **times(n * 1.5, later=0.25),
            }
        )


def reference_id_links() -> Iterator[LegacyNovaReference]:
    """Links of that time: ``NOVAREF#<reference_id>``, mostly without a bibcode."""
    for n in range(12):
        star = STARS[n % 8]
        yield LegacyNovaReference.model_validate(
            {
                "nova_id": star.id,
                "reference_id": uid("reference", star.name, n),
                "bibcode": BIBCODES[n][0] if n == 6 else None,
                "role": ("DISCOVERY", "SPECTRA_SOURCE", "OTHER")[n % 3],
                "added_by_workflow": "refresh_references" if n % 2 else None,
                "notes": "imported from the novacat-v0 sheet" if n % 4 == 1 else None,
                **times(n * 1.5, later=0.25),
            }
        )


# --- execution records ------------------------------------------------------------------------

WORKFLOWS: Final = (
    "initialize_nova",
    "ingest_new_nova",
    "refresh_references",
    "discover_spectra_products",
    "acquire_and_validate_spectra",
    "ingest_photometry",
    "name_check_and_reconcile",
)


def run_fields(n: int, *, era: str = "current") -> dict[str, Any]:
    """A JobRun's fields: workflows, outcomes and owners vary with ``n``."""
    star = STARS[n % len(STARS)]
    workflow = WORKFLOWS[n % len(WORKFLOWS)]
    started = at(n * 2.5, 17.123 if n % 4 == 1 else 0)
    status = ("SUCCEEDED", "FAILED", "RUNNING", "SUCCEEDED", "QUARANTINED", "CANCELLED")[n % 6]
    fields: dict[str, Any] = {
        "job_run_id": run_id(workflow, star, n),
        "workflow_name": workflow,
        "nova_id": star.id,
        "correlation_id": str(uid("correlation", workflow, star.name, n)),
        "job_type": "STEP_FUNCTIONS",
        "execution_arn": f"arn:aws:states:eu-west-1:123456789012:execution:{workflow}:"
        f"{uid('execution', era, n)}",
        "status": status,
        "started_at": started,
        "ended_at": None if status == "RUNNING" else started + timedelta(seconds=41 + n),
        "initiated_by": "EventBridge" if n % 2 else "operator:jdoe",
        "created_at": started,
        "updated_at": started + timedelta(seconds=41 + n),
    }
    if workflow == "acquire_and_validate_spectra":
        fields["data_product_id"] = sources(star, n)[0].product_id()
    if status == "FAILED":
        fields |= {"error_classification": "RETRYABLE", "error_fingerprint": f"Throttling:{n}"}
    if status == "QUARANTINED":
        fields["error_classification"] = "TERMINAL"
    return fields


def job_runs() -> Iterator[Item]:
    """Current JobRuns, some filed before their nova existed; running ones as exports of the
    documented items show them (``ended_at`` NULL)."""
    for n in range(20):
        fields = run_fields(n)
        if n % 7 == 3:
            fields["nova_id"] = None  # filed under WORKFLOW#<correlation_id> (as its claim)
        item = encode(JobRun.model_validate(fields))
        if fields["status"] == "RUNNING" and n % 2 == 0:
            item["ended_at"] = NULL
        yield item


def job_runs_in(era: str, offset: int) -> Iterator[Item]:
    """JobRuns of one era."""
    for n in range(offset, offset + 12):
        fields = run_fields(n, era=era)
        entity: PersistedEntity
        if era.endswith("no-correlation-id"):
            fields.pop("correlation_id")
            entity = LegacyJobRun.model_validate(fields)
        else:
            entity = JobRun.model_validate(fields)
        yield era_item(entity, era, "1" if n % 2 else "1.0.0")


def job_run_claims() -> Iterator[JobRunClaim]:
    """The claims of the current runs."""
    for n in range(0, 20, 2):
        fields = run_fields(n)
        pre_nova = n % 7 == 3  # as in job_runs()
        yield JobRunClaim.model_validate(
            {
                "job_run_id": fields["job_run_id"],
                "workflow_name": fields["workflow_name"],
                "started_at": fields["started_at"],
                "nova_id": None if pre_nova else fields["nova_id"],
                "correlation_id": fields["correlation_id"] if pre_nova else None,
                "created_at": fields["created_at"],
                "updated_at": fields["created_at"],
            }
        )


TASKS: Final = {
    "initialize_nova": ("BeginJobRun", "AcquireIdempotencyLock", "ResolveCandidateNames"),
    "ingest_new_nova": ("BeginJobRun", "EnsurePhotometryTable"),
    "refresh_references": ("BeginJobRun", "QueryADS", "UpsertReferences"),
    "discover_spectra_products": ("QueryProviderForProducts", "PersistDataProductMetadata"),
    "acquire_and_validate_spectra": ("AcquireIdempotencyLock", "AcquireArtifact", "ValidateBytes"),
    "ingest_photometry": ("BeginJobRun", "IngestTable"),
    "name_check_and_reconcile": ("BeginJobRun", "ReconcileNames"),
}


def attempts() -> Iterator[Attempt]:
    """Task attempts of the current runs, retries and failures included."""
    for n in range(30):
        fields = run_fields(n % 20)
        tasks = TASKS[fields["workflow_name"]]
        number = 1 + n // 20
        failed = n % 5 == 2
        yield Attempt.model_validate(
            {
                "nova_id": STARS[n % 20 % len(STARS)].id,
                "job_run_id": fields["job_run_id"],
                "correlation_id": fields["correlation_id"],
                "task_name": tasks[n % len(tasks)],
                "attempt_number": number,
                "status": "FAILED" if failed else ("SUCCEEDED", "TIMED_OUT", "STARTED")[n % 3],
                "error_type": "ProvisionedThroughputExceededException" if failed else None,
                "error_message": "Rate exceeded — retry after 2 s" if failed else None,
                "duration_ms": None if n % 3 == 2 else 120 + n * 37,
                "created_at": fields["started_at"] + timedelta(seconds=n, milliseconds=250),
                "updated_at": fields["started_at"] + timedelta(seconds=n + 1),
            }
        )


def idempotency_locks() -> Iterator[IdempotencyLock]:
    """Workflow locks, held and completed; old ones without a holder token."""
    for n in range(10):
        fields = run_fields(n)
        acquired = fields["started_at"] + timedelta(seconds=1)
        primary = str(fields["nova_id"])
        completed = n % 3 == 0
        yield IdempotencyLock.model_validate(
            {
                "idempotency_key": workflow_idempotency_key(
                    fields["workflow_name"], primary, "1.0.0", f"{acquired:%Y-%m-%dT%H}"
                ),
                "job_run_id": fields["job_run_id"],
                "workflow_name": fields["workflow_name"],
                "primary_id": primary,
                "acquired_at": acquired,
                "ttl": int(acquired.timestamp()) + 900,
                "holder_token": uid("token", n) if n % 2 else None,
                "state": "COMPLETED" if completed else "HELD",
                "completed_at": acquired + timedelta(seconds=30) if completed else None,
                "created_at": acquired,
                "updated_at": acquired + timedelta(seconds=30 if completed else 0),
            }
        )


def step_dedupes() -> Iterator[StepDedupe]:
    """Step dedupe markers of every step kind."""
    kinds = ("DATA_PRODUCT_IDENTITY", "ACQUISITION", "VALIDATION_RESULT", "LINK")
    for n in range(8):
        star = SPECTRA_STARS[n]
        source = sources(star, n)[n % 3]
        results: list[dict[str, Any]] = [
            {"data_product_id": str(source.product_id()), "created": True},
            {"raw_s3_key": bucket_layout.raw_spectra_key(star.id, source.product_id())},
            {"validation_status": "VALID", "fits_profile_id": "ESO_UVES_1D_v2"},
            {},
        ]
        yield StepDedupe.model_validate(
            {
                "dedupe_key": f"{source.provider}:{source.identity()}",
                "step_kind": kinds[n % 4],
                "job_run_id": run_id("discover_spectra_products", star, n),
                "result": results[n % 4],
                **times(50 + n),
            }
        )


def work_items() -> Iterator[WorkItem]:
    """Regeneration requests in the work queue."""
    dirty = ("spectra", "photometry", "references")
    for n in range(12):
        fields = run_fields(n)
        created = fields["started_at"] + timedelta(minutes=2)
        yield WorkItem.model_validate(
            {
                "nova_id": STARS[n % 9].id,
                "dirty_type": dirty[n % 3],
                "source_workflow": fields["workflow_name"],
                "job_run_id": fields["job_run_id"],
                "correlation_id": fields["correlation_id"],
                "ttl": int(created.timestamp()) + 30 * 86400,
                "created_at": created,
                "updated_at": created,
            }
        )


# --- the corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One corpus file to write."""

    entity: str
    version: str
    era: str | None
    workflows: tuple[str, ...]
    description: str
    items: Callable[[], Iterator[Item]]


def stamped(entities: Callable[[], Iterator[PersistedEntity]]) -> Callable[[], Iterator[Item]]:
    """Items of entities of a 1.0.0 version, stamped ``"1"`` or ``"1.0.0"``."""
    return lambda: (stamp(encode(entity), n) for n, entity in enumerate(entities()))


def current(entities: Callable[[], Iterator[PersistedEntity]]) -> Callable[[], Iterator[Item]]:
    """Items as the current writers store them."""
    return lambda: (encode(entity) for entity in entities())


def in_era(
    entities: Callable[[], Iterator[PersistedEntity]], era: str
) -> Callable[[], Iterator[Item]]:
    """Items of an era, stamped ``"1"`` or ``"1.0.0"``."""
    return lambda: (
        era_item(entity, era, "1" if n % 3 == 0 else "1.0.0") for n, entity in enumerate(entities())
    )


PLANS: Final = (
    Plan(
        "Nova",
        "1.0.0",
        None,
        ("initialize_nova", "refresh_references", "name_check_and_reconcile"),
        "novae active and quarantined, with and without coordinates; non-ASCII and '#' names",
        stamped(novae),
    ),
    Plan(
        "NameMapping",
        "1.0.0",
        None,
        ("initialize_nova", "name_check_and_reconcile"),
        "primary and alias mappings; 'nova sco 2012 #2' and non-ASCII normalized names",
        stamped(name_mappings),
    ),
    Plan(
        "NameClaim",
        "1.0.0",
        None,
        ("initialize_nova",),
        "claims of primary names",
        stamped(name_claims),
    ),
    Plan(
        "DataProduct",
        "1.0.0",
        None,
        (
            "discover_spectra_products",
            "acquire_and_validate_spectra",
            "ingest_new_nova",
            "ingest_photometry",
        ),
        "the historical shape (attempt_count, sha256): photometry tables, spectra in every "
        "state (NULL-typed GSI1PK/GSI1SK on items out of the index), composites; 38-digit hints",
        data_products_v1,
    ),
    Plan(
        "DataProduct",
        "2.0.0",
        None,
        (
            "discover_spectra_products",
            "acquire_and_validate_spectra",
            "ingest_new_nova",
            "ingest_photometry",
        ),
        "the current shape: operational fields, photometry snapshots, composites with rejects",
        current(data_products_v2),
    ),
    Plan(
        "LocatorAlias",
        "1.0.0",
        None,
        ("discover_spectra_products",),
        "ESO/MAST provider ids and AAVSO URLs with a '#' fragment",
        stamped(locator_aliases),
    ),
    Plan(
        "FileObject",
        "1.0.0",
        None,
        ("acquire_and_validate_spectra", "ingest_photometry", "initialize_nova"),
        "every role-scoped SK shape, pre-nova quarantine context under WORKFLOW#",
        stamped(file_objects),
    ),
    Plan(
        "FileObject",
        "1.0.0",
        "product-type-sk",
        ("acquire_and_validate_spectra", "ingest_photometry"),
        "FILE#<product_type>#<data_product_id>#<role>#<name> SKs, with and without file_id",
        in_era(file_objects_of_product_sk_era, "product-type-sk"),
    ),
    Plan(
        "Reference",
        "1.0.0",
        None,
        ("refresh_references",),
        "global references of every type; one provenance attribute near the 400 KB item limit",
        stamped(references),
    ),
    Plan(
        "Reference",
        "1.0.0",
        "per-nova-ref",
        ("refresh_references",),
        "per-nova REF#<reference_id> references, most without a bibcode",
        in_era(per_nova_references, "per-nova-ref"),
    ),
    Plan(
        "NovaReference",
        "1.0.0",
        None,
        ("refresh_references",),
        "links by bibcode, one bibcode linked to two novae",
        stamped(nova_references),
    ),
    Plan(
        "NovaReference",
        "1.0.0",
        "reference-id-sk",
        ("refresh_references",),
        "NOVAREF#<reference_id> links to per-nova references",
        in_era(reference_id_links, "reference-id-sk"),
    ),
    Plan(
        "JobRun",
        "1.0.0",
        None,
        WORKFLOWS,
        "runs of every workflow and outcome, pre-nova runs under WORKFLOW#, NULL ended_at",
        lambda: (stamp(item, n) for n, item in enumerate(job_runs())),
    ),
    Plan(
        "JobRun",
        "1.0.0",
        "id-dataset",
        WORKFLOWS,
        "runs storing `id` and `dataset_id`",
        lambda: job_runs_in("id-dataset", 20),
    ),
    Plan(
        "JobRun",
        "1.0.0",
        "initiated-at",
        WORKFLOWS,
        "runs storing the contract's `initiated_at`/`finished_at`",
        lambda: job_runs_in("initiated-at", 32),
    ),
    Plan(
        "JobRun",
        "1.0.0",
        "no-correlation-id",
        WORKFLOWS,
        "early documented runs without `correlation_id` (LegacyJobRun)",
        lambda: job_runs_in("no-correlation-id", 44),
    ),
    Plan(
        "JobRunClaim", "1.0.0", None, WORKFLOWS, "claims of current runs", stamped(job_run_claims)
    ),
    Plan(
        "Attempt",
        "1.0.0",
        None,
        WORKFLOWS,
        "task attempts, retries and failures",
        stamped(attempts),
    ),
    Plan(
        "IdempotencyLock",
        "1.0.0",
        None,
        WORKFLOWS,
        "held and completed locks; old ones without holder_token",
        stamped(idempotency_locks),
    ),
    Plan(
        "StepDedupe",
        "1.0.0",
        None,
        ("discover_spectra_products", "acquire_and_validate_spectra", "refresh_references"),
        "dedupe markers of every step kind; an empty result map",
        stamped(step_dedupes),
    ),
    Plan(
        "WorkItem",
        "1.0.0",
        None,
        ("refresh_references", "acquire_and_validate_spectra", "ingest_photometry"),
        "regeneration requests of every dirty type",
        stamped(work_items),
    ),
)
"""Every file of the first corpus."""


def generate(root: Path) -> Corpus:
    """Write the corpus into ``root``; CorpusError if it already has files."""
    if (root / "manifest.json").exists() or any((root / "items").glob("*/*.jsonl")):
        raise CorpusError(f"{root} already holds a corpus: its files are the source of truth")
    corpus = Corpus.empty(root)
    for plan in PLANS:
        lines = [item_to_export_line(item) for item in plan.items()]
        add_lines(
            corpus,
            plan.entity,
            plan.version,
            plan.era,
            lines,
            workflows=plan.workflows,
            description=plan.description,
        )
    return corpus


def main() -> int:
    """Generate the corpus (see the module documentation)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="corpus directory")
    args = parser.parse_args()
    try:
        corpus = generate(args.out)
    except CorpusError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    total = sum(f.count for f in corpus.files)
    print(f"wrote {len(corpus.files)} corpus files, {total} items, into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
