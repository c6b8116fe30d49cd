"""Suite 11, regeneration: the batch plans of artifact regeneration in ``REGEN_PLAN`` and the
counts a regeneration publishes on its novae. A plan is stored at ``<created_at>#<plan_id>``
as given; it moves PENDING -> IN_PROGRESS (claimed by one execution, recorded) -> COMPLETED or
FAILED, or PENDING -> ABANDONED, and nowhere else; each move applies once per execution (a
repeat is answered with the stored plan, another execution is refused); counts reach a nova
only through the execution holding the plan. Plans as Nova Cat's coordinator stores them
(``execution_arn`` NULL, no ``updated_at``) are claimed like the kit's own. A story through the
twin compares every move, repeat and refusal (with the stored plan it carries) with the
model's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import NovaCounts
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import (
    iso,
    new_nova,
    plan_key_texts,
    regen_plan,
    stored_item,
)
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.twin import Twin

ARN = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:sweep-1"
OTHER_ARN = "arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:sweep-2"
COUNTS = NovaCounts(
    spectra_count=12, photometry_count=340, references_count=7, has_sparkline=True,
    spectral_visits=3,
)  # fmt: skip


def _status(raw: RawView, plan: Any) -> str:
    return str(stored_item(raw, *plan_key_texts(plan))["status"]["S"])


def test_a_plan_is_stored_as_given_and_created_once(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """The plan's item: its key, its PENDING status and every field in its stored type; the
    same plan again creates nothing, other content under its key is refused."""
    plan = regen_plan()
    assert wrapper.create_regen_plan(plan).created is True
    item = stored_item(raw, *plan_key_texts(plan))
    assert item["entity_type"] == {"S": "RegenBatchPlan"}
    assert item["plan_id"] == {"S": str(plan.plan_id)}
    assert item["status"] == {"S": "PENDING"}
    assert item["created_at"] == {"S": iso(EPOCH)}
    assert item["nova_count"] == {"N": "1"}
    assert item["ttl"] == {"N": str(plan.ttl)}
    assert item["workitem_sks"] == {"L": [{"S": sk} for sk in plan.workitem_sks]}
    [(nova, manifest)] = item["nova_manifests"]["M"].items()
    assert nova in plan.nova_manifests
    assert manifest["M"]["dirty_types"] == {"L": [{"S": "spectra"}]}
    assert "execution_arn" not in item and "completed_at" not in item
    assert wrapper.create_regen_plan(plan).created is False
    with pytest.raises(AlreadyExistsError):
        wrapper.create_regen_plan(plan.model_copy(update={"nova_count": 5}))
    assert len(raw.partition("REGEN_PLAN")) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": RegenPlanStatus.IN_PROGRESS},
        {"execution_arn": ARN},
        {"completed_at": EPOCH},
        {"nova_results": []},
    ],
    ids=lambda f: next(iter(f)),
)
def test_a_plan_is_created_pending_and_unbound(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor, fields: Any
) -> None:
    """A plan that is not PENDING, or records what only later moves record, is refused before
    any request."""
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.create_regen_plan(regen_plan(**fields))
    assert interceptor.count() == before
    assert raw.partition("REGEN_PLAN") == []


def test_a_plan_moves_only_along_its_lifecycle(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Claim, results and completion by the claiming execution only, each once; no move out of
    a final state."""
    plan = regen_plan()
    wrapper.create_regen_plan(plan)
    claimed = wrapper.claim_regen_plan(plan.plan_id, ARN)
    assert (claimed.status, claimed.execution_arn) == (RegenPlanStatus.IN_PROGRESS, ARN)
    assert wrapper.claim_regen_plan(plan.plan_id, ARN).execution_arn == ARN  # a repeat
    with pytest.raises(InvalidTransitionError) as refused:
        wrapper.claim_regen_plan(plan.plan_id, OTHER_ARN)
    assert refused.value.existing is not None
    with pytest.raises(InvalidTransitionError):
        wrapper.abandon_regen_plan(plan.plan_id)
    results = [NovaResult(nova_id=next(iter(plan.nova_manifests)), success=True, spectra_count=2)]
    with pytest.raises(InvalidTransitionError):
        wrapper.record_regen_results(plan.plan_id, results, execution_arn=OTHER_ARN)
    assert wrapper.record_regen_results(plan.plan_id, results, execution_arn=ARN).nova_results
    later = [NovaResult(nova_id=next(iter(plan.nova_manifests)), success=False, error="x")]
    again = wrapper.record_regen_results(plan.plan_id, later, execution_arn=ARN)
    assert again.nova_results == results  # the first results stay
    with pytest.raises(InvalidTransitionError):
        wrapper.complete_regen_plan(
            plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=OTHER_ARN
        )
    done = wrapper.complete_regen_plan(plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=ARN)
    assert done.status is RegenPlanStatus.COMPLETED and done.completed_at is not None
    repeat = wrapper.complete_regen_plan(plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=ARN)
    assert repeat.completed_at == done.completed_at
    with pytest.raises(InvalidTransitionError):
        wrapper.complete_regen_plan(plan.plan_id, RegenPlanStatus.FAILED, execution_arn=ARN)
    item = stored_item(raw, *plan_key_texts(plan))
    assert (item["status"], item["execution_arn"]) == ({"S": "COMPLETED"}, {"S": ARN})
    assert item["nova_results"]["L"][0]["M"]["spectra_count"] == {"N": "2"}


def test_only_a_pending_plan_is_abandoned_once(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """PENDING -> ABANDONED with ``completed_at``; a repeat returns it; nothing leaves it."""
    plan = regen_plan()
    wrapper.create_regen_plan(plan)
    abandoned = wrapper.abandon_regen_plan(plan.plan_id)
    assert abandoned.status is RegenPlanStatus.ABANDONED and abandoned.completed_at is not None
    assert wrapper.abandon_regen_plan(plan.plan_id).completed_at == abandoned.completed_at
    with pytest.raises(InvalidTransitionError):
        wrapper.claim_regen_plan(plan.plan_id, ARN)
    assert _status(raw, plan) == "ABANDONED"
    with pytest.raises(NotFoundError):
        wrapper.abandon_regen_plan(uuid4())


def test_the_active_plan_is_the_newest_pending_or_in_progress(
    wrapper: PersistenceWrapper,
) -> None:
    """Plans are found by id, and the active one newest first, whatever their number."""
    assert wrapper.find_active_regen_plan() is None
    plans = [regen_plan(created_at=EPOCH + timedelta(hours=6 * n)) for n in range(4)]
    for plan in plans:
        wrapper.create_regen_plan(plan)
    wrapper.claim_regen_plan(plans[1].plan_id, ARN)
    wrapper.abandon_regen_plan(plans[3].plan_id)
    active = wrapper.find_active_regen_plan()
    assert active is not None and active.plan_id == plans[2].plan_id
    found = wrapper.get_regen_plan(plans[1].plan_id)
    assert found is not None and found.status is RegenPlanStatus.IN_PROGRESS
    assert wrapper.get_regen_plan(uuid4()) is None


def test_a_plan_as_nova_cat_stores_it_is_claimed(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Nova Cat's coordinator stores ``execution_arn`` and ``completed_at`` as NULL and no
    ``updated_at``: the plan is found, claimed and its ARN recorded."""
    plan_id, nova_id = uuid4(), uuid4()
    sk = f"2026-04-01T06:00:00Z#{plan_id}"
    raw.put(
        {
            "PK": {"S": "REGEN_PLAN"},
            "SK": {"S": sk},
            "entity_type": {"S": "RegenBatchPlan"},
            "schema_version": {"S": "1.0.0"},
            "plan_id": {"S": str(plan_id)},
            "status": {"S": "PENDING"},
            "nova_manifests": {
                "M": {
                    str(nova_id): {
                        "M": {
                            "dirty_types": {"L": [{"S": "photometry"}]},
                            "artifacts": {"L": [{"S": "photometry.json"}]},
                        }
                    }
                }
            },
            "nova_count": {"N": "1"},
            "workitem_sks": {"L": [{"S": f"{nova_id}#photometry#2026-04-01T05:00:00Z"}]},
            "created_at": {"S": "2026-04-01T06:00:00Z"},
            "completed_at": {"NULL": True},
            "execution_arn": {"NULL": True},
            "ttl": {"N": "1775628000"},
        }
    )
    active = wrapper.find_active_regen_plan()
    assert active is not None and active.plan_id == plan_id
    wrapper.claim_regen_plan(plan_id, ARN)
    item = stored_item(raw, "REGEN_PLAN", sk)
    assert (item["status"], item["execution_arn"]) == ({"S": "IN_PROGRESS"}, {"S": ARN})


def test_counts_reach_a_nova_only_through_the_execution_holding_its_plan(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """The counts, stored with their types; refused for another execution, an unclaimed or
    ended plan, a missing nova or plan; the holder's repeat after its plan ended is a replay."""
    nova = new_nova()
    wrapper.create_nova(nova)
    plan = regen_plan((nova.nova_id,))
    wrapper.create_regen_plan(plan)
    with pytest.raises(InvalidTransitionError):  # not claimed yet
        wrapper.set_nova_counts(nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=ARN)
    wrapper.claim_regen_plan(plan.plan_id, ARN)
    with pytest.raises(InvalidTransitionError):
        wrapper.set_nova_counts(nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=OTHER_ARN)
    assert "spectra_count" not in stored_item(raw, str(nova.nova_id), "NOVA")
    stored = wrapper.set_nova_counts(nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=ARN)
    assert stored.spectra_count == 12
    item = stored_item(raw, str(nova.nova_id), "NOVA")
    assert {name: item[name] for name in COUNTS.as_fields()} == {
        "spectra_count": {"N": "12"},
        "photometry_count": {"N": "340"},
        "references_count": {"N": "7"},
        "has_sparkline": {"BOOL": True},
        "spectral_visits": {"N": "3"},
    }
    with pytest.raises(NotFoundError):
        wrapper.set_nova_counts(uuid4(), COUNTS, plan_id=plan.plan_id, execution_arn=ARN)
    with pytest.raises(NotFoundError):
        wrapper.set_nova_counts(nova.nova_id, COUNTS, plan_id=uuid4(), execution_arn=ARN)
    wrapper.complete_regen_plan(plan.plan_id, RegenPlanStatus.COMPLETED, execution_arn=ARN)
    repeat = wrapper.set_nova_counts(nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=ARN)
    assert repeat.spectra_count == 12
    newer = NovaCounts(13, 340, 7, True, 3)
    with pytest.raises(InvalidTransitionError):
        wrapper.set_nova_counts(nova.nova_id, newer, plan_id=plan.plan_id, execution_arn=ARN)
    assert stored_item(raw, str(nova.nova_id), "NOVA")["spectra_count"] == {"N": "12"}


def test_every_move_repeats_and_refusals_agree_with_the_model(twin: Twin) -> None:
    """Through the twin: a missing plan is found by no move and read as None; a plan ends only
    through its claimer; repeats a second later answer with the stored plan (or nova) and write
    nothing; every refusal carries the stored plan; counts reach the nova only while held."""
    missing = uuid4()
    assert twin.call("get_regen_plan", missing) is None
    twin.fails(NotFoundError, "abandon_regen_plan", missing)
    twin.fails(NotFoundError, "claim_regen_plan", missing, ARN)
    twin.fails(NotFoundError, "record_regen_results", missing, [], execution_arn=ARN)
    ending = RegenPlanStatus.COMPLETED
    twin.fails(NotFoundError, "complete_regen_plan", missing, ending, execution_arn=ARN)
    nova = new_nova()
    twin.call("create_nova", nova)
    plan = regen_plan((nova.nova_id,))
    twin.call("create_regen_plan", plan)
    assert twin.call("find_active_regen_plan").plan_id == plan.plan_id
    twin.fails(
        NotFoundError, "set_nova_counts", uuid4(), COUNTS, plan_id=plan.plan_id, execution_arn=ARN
    )
    twin.fails(
        InvalidTransitionError, "complete_regen_plan", plan.plan_id, ending, execution_arn=ARN
    )
    claimed = twin.call("claim_regen_plan", plan.plan_id, ARN)
    twin.advance(timedelta(seconds=1))
    assert twin.call("claim_regen_plan", plan.plan_id, ARN) == claimed
    refused = twin.fails(InvalidTransitionError, "claim_regen_plan", plan.plan_id, OTHER_ARN)
    assert refused.existing == claimed
    counted = twin.call(
        "set_nova_counts", nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=ARN
    )
    results = [NovaResult(nova_id=str(nova.nova_id), success=True, spectra_count=12)]
    recorded = twin.call("record_regen_results", plan.plan_id, results, execution_arn=ARN)
    twin.advance(timedelta(seconds=1))
    assert twin.call("record_regen_results", plan.plan_id, [], execution_arn=ARN) == recorded
    done = twin.call("complete_regen_plan", plan.plan_id, ending, execution_arn=ARN)
    twin.advance(timedelta(seconds=1))
    assert twin.call("complete_regen_plan", plan.plan_id, ending, execution_arn=ARN) == done
    again = twin.call(
        "set_nova_counts", nova.nova_id, COUNTS, plan_id=plan.plan_id, execution_arn=ARN
    )
    assert again == counted
    newer = NovaCounts(13, 340, 7, True, 3)
    late = twin.fails(
        InvalidTransitionError,
        "set_nova_counts",
        nova.nova_id,
        newer,
        plan_id=plan.plan_id,
        execution_arn=ARN,
    )
    assert late.existing == done
    assert twin.fails(InvalidTransitionError, "abandon_regen_plan", plan.plan_id).existing == done
    assert twin.call("find_active_regen_plan") is None
