"""The pytest plugin of the conformance suites (entry point ``pytest11``:
``novacat_persistence_conformance``).

Inert unless suite tests are collected (``pytest --pyargs novacat_persistence.suites``): it
adds its options and the ``conformance_capability`` mark, and its fixtures are used only by
suite tests. When suite tests are collected it selects the implementation (``--impl`` or
``NOVACAT_PERSISTENCE_IMPL``; none is a usage error listing the installed ones), applies the
capabilities and the exceptions file, starts the backend for the session, and writes the
report (``--report-dir``).

A candidate gets a boto3 client of the backend unless it declares ``self_contained``
(:mod:`novacat_persistence.contracts.capabilities`): then it runs on its own store, without a
client, and ``--backend`` does not apply (:mod:`.harness.access`).

The plugin is its parts, each a module of :mod:`.harness`: the options, the session's
selection and start, its recording, the fixtures, running in several processes (pytest-xdist),
the progress lines, the room on the frame stack that suite tests run with, and the lifeline that
stops a run whose ``conformance`` command is gone.
"""

# In import order: a part is loaded (and its assertions rewritten) before another part imports it.
pytest_plugins = [
    "novacat_persistence.suites.harness.options",
    "novacat_persistence.suites.harness.parallel",
    "novacat_persistence.suites.harness.selection",
    "novacat_persistence.suites.harness.recording",
    "novacat_persistence.suites.harness.fixtures",
    "novacat_persistence.suites.harness.model_fixtures",
    "novacat_persistence.suites.harness.progress",
    "novacat_persistence.suites.harness.frame_room",
    "novacat_persistence.suites.harness.lifeline",
]
