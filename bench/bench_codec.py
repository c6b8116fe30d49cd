"""Codec throughput on realistic spectra DataProduct items, beside the naive path.

Run: python bench/bench_codec.py [--items N] [--rounds R]

Each round decodes N distinct export lines and encodes N distinct entities, once through the
kit's codec and once through the naive path the issue names:

- decode, naive: json.loads + boto3 TypeDeserializer + model_validate;
- encode, naive: model_dump_json -> json.loads(parse_float=Decimal) + boto3 TypeSerializer
  (TypeSerializer refuses floats, so the dump goes through JSON with Decimals).

Two item shapes are measured: a freshly discovered stub (what discovery writes) and a fully
populated product after quarantine (hints, locators, notes, fingerprints, timestamps). Figures
are medians over the rounds; this machine is noisy, so compare the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from novacat_persistence.contracts.codec.export_lines import decode_export_line, encode_export_line
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.codec.wire import RESERVED_ATTRIBUTES
from novacat_persistence.contracts.deterministic_ids import locator_identity, spectra_product_id
from novacat_persistence.contracts.entities import Locator, SpectraProduct

T0 = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)


def stub(i: int) -> SpectraProduct:
    identity = locator_identity(provider_product_id=f"ADP.2019-03-14T09:12:{i % 60:02d}.{i:06d}")
    return SpectraProduct(
        nova_id=uuid.uuid5(uuid.NAMESPACE_DNS, f"nova-{i % 997}"),
        data_product_id=spectra_product_id("ESO", identity),
        provider="ESO",
        locator_identity=identity,
        locators=[
            Locator(
                kind="URL",
                role="PRIMARY",
                value=f"https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?{identity}",
            )
        ],
        hints={"instrument": "UVES"},
        created_at=T0 + timedelta(seconds=i),
        updated_at=T0 + timedelta(seconds=i),
    )


def populated(i: int) -> SpectraProduct:
    base = stub(i)
    return SpectraProduct.model_validate(
        base.model_dump()
        | {
            "locators": [
                *base.locators,
                Locator(kind="S3", role="MIRROR", value=f"s3://novacat-mirror/eso/{i}.fits"),
            ],
            "hints": {
                "instrument": "UVES",
                "exptime_s": Decimal("1800.5"),
                "arm": "RED",
                "n_orders": 37,
            },
            "acquisition_status": "ACQUIRED",
            "validation_status": "QUARANTINED",
            "eligibility": "NONE",
            "attempt_count_total": 3,
            "last_attempt_at": T0 + timedelta(hours=1, seconds=i),
            "last_attempt_outcome": "QUARANTINE",
            "last_error_fingerprint": f"{i:032x}",
            "next_eligible_attempt_at": T0 + timedelta(hours=2, seconds=i),
            "content_fingerprint": f"{i:064x}",
            "byte_length": 5_184_000 + i,
            "etag": f'"{i:012x}"',
            "header_signature_hash": f"{i:016x}",
            "fits_profile_id": "ESO_UVES_1D_v2",
            "profile_selection_inputs": {"INSTRUME": "UVES", "ORIGIN": "ESO"},
            "normalization_notes": [
                "wavelength converted from nm to Angstrom",
                "flux units normalized",
            ],
            "quarantine_reason_code": "UNKNOWN_PROFILE",
            "manual_review_status": "PENDING",
            "raw_s3_bucket": "novacat-private",
            "raw_s3_key": f"raw/spectra/{base.nova_id}/{base.data_product_id}/primary.fits",
            "derived_s3_prefix": f"derived/spectra/{base.nova_id}/{base.data_product_id}/",
            "instrument": "UVES",
            "telescope": "VLT-UT2",
            "observation_date_mjd": 58556.38372685 + i / 86400,
        }
    )


_deserializer = TypeDeserializer()
_serializer = TypeSerializer()


def naive_decode(line: bytes) -> SpectraProduct:
    item = json.loads(line)["Item"]
    fields = {
        k: _deserializer.deserialize(v) for k, v in item.items() if k not in RESERVED_ATTRIBUTES
    }
    return SpectraProduct.model_validate(fields)


def naive_encode(entity: SpectraProduct) -> dict[str, Any]:
    plain = json.loads(entity.model_dump_json(exclude_none=True), parse_float=Decimal)
    return {k: _serializer.serialize(v) for k, v in plain.items()}


def rate(work: Callable[[Any], object], inputs: Sequence[Any], rounds: int) -> float:
    """Median items per second of ``work`` over ``inputs``."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for value in inputs:
            work(value)
        rates.append(len(inputs) / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000, help="distinct items per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (median reported)")
    args = parser.parse_args()

    print(f"codec benchmark: {args.items} distinct items x {args.rounds} rounds, medians")
    print(f"{'shape':<10} {'operation':<24} {'kit items/s':>12} {'naive items/s':>14} {'ratio':>7}")
    for shape, make in (("stub", stub), ("populated", populated)):
        entities = [make(i) for i in range(args.items)]
        lines = [encode_export_line(e) for e in entities]
        items = [encode(e) for e in entities]
        assert all(
            decode_export_line(line) == e for line, e in zip(lines[:100], entities, strict=False)
        )
        assert all(naive_decode(line) == e for line, e in zip(lines[:100], entities, strict=False))
        rows = [
            (
                "decode export line",
                rate(decode_export_line, lines, args.rounds),
                rate(naive_decode, lines, args.rounds),
            ),
            ("decode item (boto3)", rate(decode, items, args.rounds), None),
            (
                "encode to item",
                rate(encode, entities, args.rounds),
                rate(naive_encode, entities, args.rounds),
            ),
        ]
        for operation, kit, naive in rows:
            naive_text = f"{naive:>14,.0f}" if naive else f"{'-':>14}"
            ratio = f"{kit / naive:>6.2f}x" if naive else f"{'':>7}"
            print(f"{shape:<10} {operation:<24} {kit:>12,.0f} {naive_text} {ratio}")
        print(f"{'':<10} (line {len(lines[0])} bytes, {len(items[0])} attributes)")


if __name__ == "__main__":
    main()
