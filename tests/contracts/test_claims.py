"""The uniqueness claims: NameClaim and JobRunClaim keys, round trips and validation."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from novacat_persistence.contracts import keys
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import JobRunClaim, NameClaim
from novacat_persistence.contracts.errors import KeyShapeError

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
RUN = UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_name_claim_sits_in_the_name_partition_beside_the_mappings() -> None:
    claim = NameClaim(name_normalized="nova sco 2012 #2", nova_id=NOVA)
    key = keys.item_key(claim)
    mapping_key = keys.build(keys.NameMappingKey("nova sco 2012 #2", NOVA))
    assert key == keys.ItemKey("NAME#nova sco 2012 #2", "CLAIM")
    assert key.pk == mapping_key.pk and key.sk != mapping_key.sk
    assert not key.sk.startswith("NOVA#")
    assert keys.parse(key.pk, key.sk) == keys.NameClaimKey("nova sco 2012 #2")
    assert keys.parse(mapping_key.pk, mapping_key.sk) == keys.NameMappingKey(
        "nova sco 2012 #2", NOVA
    )


def test_job_run_claim_is_keyed_by_the_run_id_alone() -> None:
    claim = JobRunClaim(
        job_run_id=RUN, workflow_name="initialize_nova", started_at=T0, nova_id=NOVA
    )
    key = keys.item_key(claim)
    assert key == keys.ItemKey(f"JOBRUN#{RUN}", "CLAIM")
    assert keys.parse(key.pk, key.sk) == keys.JobRunClaimKey(RUN)
    with pytest.raises(KeyShapeError):
        keys.parse(f"JOBRUN#{RUN}", "LOCK")
    with pytest.raises(KeyShapeError):
        keys.parse("JOBRUN#not-a-uuid", "CLAIM")


@pytest.mark.parametrize(
    "claim",
    [
        NameClaim(name_normalized="v1500 cyg", nova_id=NOVA),
        JobRunClaim(job_run_id=RUN, workflow_name="w", started_at=T0, correlation_id="c-1"),
    ],
    ids=lambda c: type(c).__name__,
)
def test_claims_round_trip_through_the_codec(claim: NameClaim | JobRunClaim) -> None:
    assert decode(encode(claim)) == claim


def test_job_run_claim_names_exactly_one_owner() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        JobRunClaim(job_run_id=RUN, workflow_name="w", started_at=T0)
    with pytest.raises(ValueError, match="exactly one"):
        JobRunClaim(
            job_run_id=RUN, workflow_name="w", started_at=T0, nova_id=NOVA, correlation_id="c"
        )
