"""The models build their validators on first use (a cold start pays for none it does not use):
validation stays as strict, and threads meeting a model first at the same time all get its own
validator. Each check runs in a fresh interpreter, where no model is built yet."""

from __future__ import annotations

import subprocess
import sys
import textwrap

FIRST_USE_FROM_THREADS = """
import threading, uuid
from pydantic import ValidationError
from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import JobRun, Nova, SpectraProduct
from novacat_persistence.contracts.enums import Eligibility, ValidationStatus

MODELS = (Nova, SpectraProduct, JobRun)
assert not any(model.__pydantic_complete__ for model in MODELS), "built at import"

def valid(model):
    if model is Nova:
        return Nova(nova_id=uuid.uuid4(), primary_name="V1", primary_name_normalized="v1")
    if model is SpectraProduct:
        return SpectraProduct(nova_id=uuid.uuid4(), data_product_id=uuid.uuid4(),
                              provider="ESO", locator_identity="provider_product_id:A")
    return JobRun(job_run_id=uuid.uuid4(), workflow_name="w", nova_id=uuid.uuid4(),
                  correlation_id="c", started_at="2025-03-01T12:00:00Z")

def invalid(model):
    if model is Nova:  # an unknown field
        return dict(nova_id=uuid.uuid4(), primary_name="V1", primary_name_normalized="v1", x=1)
    if model is SpectraProduct:  # a VALID product cannot be eligible for acquisition
        return dict(nova_id=uuid.uuid4(), data_product_id=uuid.uuid4(), provider="ESO",
                    locator_identity="p:A", validation_status=ValidationStatus.VALID,
                    eligibility=Eligibility.ACQUIRE)
    return dict(job_run_id=uuid.uuid4(), workflow_name="w", nova_id=uuid.uuid4(),
                correlation_id="c", started_at="2025-03-01T12:00:00")  # naive

THREADS = 24
barrier = threading.Barrier(THREADS)
problems = []

def work(index):
    model = MODELS[index % len(MODELS)]
    barrier.wait()
    try:
        entity = valid(model)
        if type(entity) is not model or decode(encode(entity)) != entity:
            problems.append(f"{model.__name__}: read back differs")
        try:
            model(**invalid(model))
            problems.append(f"{model.__name__}: invalid fields accepted")
        except ValidationError:
            pass
    except Exception as exc:
        problems.append(f"{model.__name__}: {exc!r}")

threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(problems)
"""


def test_models_built_first_by_many_threads_at_once_validate_as_strictly() -> None:
    for _ in range(3):  # each run races fresh, unbuilt models
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(FIRST_USE_FROM_THREADS)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"
