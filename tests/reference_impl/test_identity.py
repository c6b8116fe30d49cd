"""Rule 1: identity writes are transactions and conditions, race-safe."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from novacat_persistence.contracts.entities import FileObject, NameClaim, Nova
from novacat_persistence.contracts.enums import FileRole, NameKind, NameSource, NovaStatus
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    InputValidationError,
    NotFoundError,
    TransactionConflictError,
)
from novacat_persistence.reference_impl import ReferenceWrapper
from novacat_persistence.reference_impl.novae_and_names import ALIAS_ROUNDS, ALIASES_PER_APPEND

from .conftest import BUCKET, TABLE, make_nova, race, raw_item


def test_create_nova_writes_nova_mapping_and_claim_together(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova = make_nova()
    stored = wrapper.create_nova(nova)
    assert stored.created and stored.item.nova_id == nova.nova_id
    [mapping] = wrapper.resolve_name("v1500 cyg")
    assert (mapping.nova_id, mapping.name_kind) == (nova.nova_id, NameKind.PRIMARY)
    assert raw_item(client, "NAME#v1500 cyg", "CLAIM") is not None
    replay = wrapper.create_nova(nova)
    assert not replay.created and replay.item == stored.item


def test_create_nova_with_a_taken_primary_name_writes_nothing(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    first = make_nova()
    wrapper.create_nova(first)
    second = make_nova()
    with pytest.raises(ConflictError) as caught:
        wrapper.create_nova(second)
    assert isinstance(caught.value.existing, NameClaim)
    assert caught.value.existing.nova_id == first.nova_id
    assert wrapper.get_nova(second.nova_id) is None
    assert [m.nova_id for m in wrapper.resolve_name("v1500 cyg")] == [first.nova_id]


def test_create_nova_with_other_content_under_the_same_id_is_refused(
    wrapper: ReferenceWrapper,
) -> None:
    nova = make_nova()
    wrapper.create_nova(nova)
    with pytest.raises(AlreadyExistsError) as caught:
        wrapper.create_nova(nova.model_copy(update={"ra_deg": 10.0}))
    assert caught.value.existing == wrapper.get_nova(nova.nova_id)


def test_attach_alias_is_create_only_and_a_noop_for_the_same_nova(
    wrapper: ReferenceWrapper,
) -> None:
    nova = make_nova()
    wrapper.create_nova(nova)
    first = wrapper.attach_alias(nova.nova_id, "Nova Cyg 1975", "nova cyg 1975", NameSource.SIMBAD)
    again = wrapper.attach_alias(nova.nova_id, "NOVA CYG 1975", "nova cyg 1975", NameSource.TNS)
    assert first.created and not again.created
    assert again.item == first.item
    with pytest.raises(NotFoundError):
        wrapper.attach_alias(make_nova().nova_id, "x", "x", NameSource.OTHER)


def test_concurrent_aliases_of_one_name_to_two_novae_leave_one_owner(
    wrapper: ReferenceWrapper,
) -> None:
    novae = [make_nova(f"Nova {i}") for i in range(2)]
    for nova in novae:
        wrapper.create_nova(nova)
    results = race(
        16,
        lambda i: wrapper.attach_alias(
            novae[i % 2].nova_id, "Nova Sco 2012 #2", "nova sco 2012 #2", NameSource.SIMBAD
        ),
    )
    owners = {m.nova_id for m in wrapper.resolve_name("nova sco 2012 #2")}
    assert len(owners) == 1
    (owner,) = owners
    for i, result in enumerate(results):
        if novae[i % 2].nova_id == owner:
            assert result.item.nova_id == owner
        else:
            assert isinstance(result, ConflictError)


def test_quarantine_identity_creates_quarantined_nova_and_pre_nova_context(
    wrapper: ReferenceWrapper,
) -> None:
    nova = make_nova(status=NovaStatus.QUARANTINED, quarantine_reason_code="COORDINATE_AMBIGUITY")
    context = FileObject(
        file_id=nova.nova_id,
        role=FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        correlation_id="corr-q",
        bucket=BUCKET,
        key="quarantine/identity/corr-q/context.json",
        created_by="initialize_nova:run-1",
    )
    stored = wrapper.quarantine_identity(nova, context)
    assert stored.created and stored.item.status is NovaStatus.QUARANTINED
    assert [f.file_id for f in wrapper.list_workflow_files("corr-q")] == [nova.nova_id]
    assert not wrapper.quarantine_identity(nova, context).created
    with pytest.raises(InputValidationError):
        wrapper.quarantine_identity(make_nova(), context)


def test_add_nova_aliases_keeps_every_concurrent_addition_once(
    wrapper: ReferenceWrapper,
) -> None:
    nova = make_nova()
    wrapper.create_nova(nova)
    race(16, lambda i: wrapper.add_nova_aliases(nova.nova_id, [f"alias {i % 8}", "shared"]))
    stored = wrapper.get_nova(nova.nova_id)
    assert stored is not None
    assert sorted(stored.aliases) == sorted({f"alias {i}" for i in range(8)} | {"shared"})


def test_many_aliases_whose_list_keeps_changing_are_refused_with_none_stored(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    """More names than one append conditions one by one go in an append conditioned on the
    aliases as read: when another writer appends a name before each of its tries, the call
    gives up after ALIAS_ROUNDS tries with TransactionConflictError, none of its names stored;
    a writer that stops in time lets it through, whole."""
    nova = make_nova()
    wrapper.create_nova(nova)
    other = boto3.client("dynamodb", region_name="us-east-1")  # another writer, no hook
    racer = iter(range(1000))
    left = [ALIAS_ROUNDS]

    def append_one_first(**_kwargs: Any) -> None:
        if left[0] > 0:
            left[0] -= 1
            other.update_item(
                TableName=TABLE,
                Key={"PK": {"S": str(nova.nova_id)}, "SK": {"S": "NOVA"}},
                UpdateExpression="SET #a = list_append(#a, :n)",
                ExpressionAttributeNames={"#a": "aliases"},
                ExpressionAttributeValues={":n": {"L": [{"S": f"racer {next(racer)}"}]}},
            )

    client.meta.events.register("before-call.dynamodb.UpdateItem", append_one_first)
    names = [f"name {n}" for n in range(ALIASES_PER_APPEND + 1)]
    with pytest.raises(TransactionConflictError, match="kept changing"):
        wrapper.add_nova_aliases(nova.nova_id, names)
    stored = wrapper.get_nova(nova.nova_id)
    assert stored is not None
    assert stored.aliases == [f"racer {n}" for n in range(ALIAS_ROUNDS)]
    left[0] = ALIAS_ROUNDS - 1  # it stops before the last try
    added = wrapper.add_nova_aliases(nova.nova_id, names)
    assert added.aliases[-len(names) :] == names
    assert len(added.aliases) == 2 * ALIAS_ROUNDS - 1 + len(names)


def test_set_discovery_date_is_compare_and_set(wrapper: ReferenceWrapper) -> None:
    nova = make_nova()
    wrapper.create_nova(nova)
    assert wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None).discovery_date
    with pytest.raises(ConflictError) as caught:
        wrapper.set_discovery_date(nova.nova_id, "1975-08-30", expected=None)
    assert isinstance(caught.value.existing, Nova)
    assert caught.value.existing.discovery_date == "1975-08-29"
    updated = wrapper.set_discovery_date(nova.nova_id, "1975-08-30", expected="1975-08-29")
    assert updated.discovery_date == "1975-08-30"


def test_rename_primary_moves_the_primary_mapping_or_refuses(wrapper: ReferenceWrapper) -> None:
    nova, other = make_nova("Old Name"), make_nova("Taken")
    wrapper.create_nova(nova)
    wrapper.create_nova(other)
    with pytest.raises(ConflictError):
        wrapper.rename_primary(
            nova.nova_id, "Taken", "taken", expected_primary_name_normalized="old name"
        )
    with pytest.raises(ConflictError):
        wrapper.rename_primary(nova.nova_id, "New", "new", expected_primary_name_normalized="stale")
    renamed = wrapper.rename_primary(
        nova.nova_id, "New Name", "new name", expected_primary_name_normalized="old name"
    )
    assert renamed.primary_name_normalized == "new name"
    kinds = {
        m.name_normalized: m.name_kind
        for n in ("old name", "new name")
        for m in wrapper.resolve_name(n)
    }
    assert kinds == {"old name": NameKind.ALIAS, "new name": NameKind.PRIMARY}
