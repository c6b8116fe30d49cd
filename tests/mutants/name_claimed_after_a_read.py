"""Rule broken: a name's claim is checked by reading it first, then written unconditionally in
the transaction (a check-then-act window): racing creates of novae under one name all win."""

from datetime import datetime
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import NameClaim
from novacat_persistence.contracts.errors import ConflictError
from novacat_persistence.contracts.keys import NameClaimKey
from novacat_persistence.reference_impl.conditions import Expr
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_a_primary_name_goes_to_one_nova"


class ClaimAfterARead(ReferenceWrapper):
    def _claim(self, name_normalized: str, nova_id: UUID, now: datetime) -> Any:
        claimed = self._read(NameClaimKey(name_normalized), NameClaim)
        if claimed is not None and claimed.nova_id != nova_id:
            raise ConflictError(f"the name {name_normalized!r} maps to another nova")
        claim = NameClaim(
            name_normalized=name_normalized, nova_id=nova_id, created_at=now, updated_at=now
        )
        expr = Expr()
        always = f"attribute_not_exists({expr.n('mutant_never_stored')})"
        return self._db.put_action(encode(claim), expr, always)


factory = subclass_factory(ClaimAfterARead)
