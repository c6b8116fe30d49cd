"""The conformance suites, run against the fake through the fixtures of ``conftest.py``.

The suites' own session (``tox -e conformance-fake``: ``pytest --pyargs
novacat_persistence.suites --impl fake``) needs them to serve a self-contained candidate; until
then this module collects every suite test function here, where the fake's fixtures apply.
"""

from __future__ import annotations

import importlib
import pkgutil

from novacat_persistence import suites

for _module in pkgutil.iter_modules(suites.__path__):
    if _module.name.startswith("test_"):
        _suite = importlib.import_module(f"{suites.__name__}.{_module.name}")
        globals().update(
            {name: value for name, value in vars(_suite).items() if name.startswith("test_")}
        )
