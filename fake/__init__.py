"""A verified in-memory fake of IFC-030 for fast workflow tests.

``create_fake_wrapper()`` (entry point ``fake``) returns a :class:`FakeWrapper`: the reference
implementation's operations over a thread-safe in-memory table that stores exactly the items
the reference stores. It passes the conformance core and is checked against the reference on
moto by a differential test. Time comes from an injectable clock; expired items go only when
:meth:`FakeWrapper.sweep_expired` runs; faults are injected through ``fault_hook``
(:mod:`novacat_persistence.contracts.fault_hook`).
"""

from novacat_persistence.contracts.fault_hook import FaultHook, FaultPlan, FaultPoint
from novacat_persistence.fake.factory import FAKE_CAPABILITIES, create_fake_wrapper
from novacat_persistence.fake.raw_view import FakeRawView
from novacat_persistence.fake.table import FakeTable
from novacat_persistence.fake.wrapper import FAKE_LOGGER_NAME, FakeWrapper

__all__ = [
    "FAKE_CAPABILITIES",
    "FAKE_LOGGER_NAME",
    "FakeRawView",
    "FakeTable",
    "FakeWrapper",
    "FaultHook",
    "FaultPlan",
    "FaultPoint",
    "create_fake_wrapper",
]
