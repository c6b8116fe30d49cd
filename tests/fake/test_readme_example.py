"""The README's "Testing workflow code with the fake" example runs as written and does what its
comments say."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import BackendUnavailableError
from novacat_persistence.contracts.interface import PersistenceWrapper

README = Path(__file__).parents[2] / "README.md"


def _example() -> str:
    section = README.read_text(encoding="utf-8").split("## Testing workflow code with the fake")[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the section has no python example"
    return found.group(1)


class _Workflow:
    """Stands for the workflow code under test: it registers the event's nova."""

    def run(self, persistence: PersistenceWrapper, event: dict[str, UUID]) -> None:
        nova_id = event["nova_id"]
        name = f"nova {nova_id.hex[:8]}"
        persistence.create_nova(
            Nova(nova_id=nova_id, primary_name=name, primary_name_normalized=name)
        )


def test_the_readme_example_runs_and_its_faults_fire_as_it_says() -> None:
    nova_id = uuid4()
    namespace: dict[str, Any] = {
        "my_workflow": _Workflow(),
        "event": {"nova_id": nova_id},
        "nova_id": nova_id,
    }
    exec(compile(_example(), str(README), "exec"), namespace)
    assert namespace["item"]["nova_id"] == {"S": str(nova_id)}
    persistence, faults = namespace["persistence"], namespace["faults"]
    assert faults.injected == [("ThrottledError", "GetItem")]
    persistence.get_nova(nova_id)  # the 1st request from the arming: applied, no fault
    with pytest.raises(BackendUnavailableError):
        persistence.get_nova(nova_id)
    assert faults.injected[-1] == ("BackendUnavailableError", "GetItem")
