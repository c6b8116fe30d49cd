"""An executable model of IFC-030: the oracle the model suite (and the fault suite) compare
every candidate with.

The model is a small in-memory specification of every operation of
:class:`~novacat_persistence.contracts.interface.PersistenceWrapper`: what it returns, which
typed error it raises (with the stored item it carries where that is one item), and what is
stored afterwards: keys, index keys, TTLs, schema stamps, counters, cooldowns. It is written
from ``contracts/`` alone (the interface's promises, the entity models, the key grammar, the
codec); it never imports the reference implementation or the fake. Where the interface is
silent, each area module's docstring states the reading it takes.

Layout, one module per area (like the interface's sections):

- :mod:`.expected_tables`: entities by stored key, in the main table and the photometry table
  beside it (``store.photometry``); what a candidate must have stored is exactly the codec's
  item of each (:meth:`.expected_tables.ModelTable.expected_items`);
- :mod:`.core`: the clock, minted holder tokens, the stamping and replay rules of every write;
- :mod:`.time_rules`: lock expiry, cooldown schedule, backoff gate, in exact arithmetic;
- :mod:`.names`, :mod:`.spectra`, :mod:`.photometry`, :mod:`.references`, :mod:`.files`,
  :mod:`.execution`, :mod:`.idempotency`, :mod:`.work_queue`, and for the operations of
  IFC-030 1.1.0 :mod:`.novae`, :mod:`.photometry_rows` (the photometry table),
  :mod:`.offset_cache`, :mod:`.spectra_records`, :mod:`.run_annotations`,
  :mod:`.regeneration`: each area's operations (a mixin of :class:`.model.Model`) and its
  ``CALLS`` (how the state machine draws its calls);
- :mod:`.calls`: a call, the vocabulary of ids calls are drawn from;
- :mod:`.model`: :class:`.model.Model` and the union of every area's calls.

**Adding an operation** (say ``record_photometry_rows``, to the photometry area):

1. In ``suites/model/photometry.py``, add the method to ``PhotometryModel`` with the
   interface's signature: read with ``self.store.get`` / ``self.store.partition``, take the
   instant from ``self.now()``, raise the typed errors of ``contracts.errors`` (with
   ``existing=`` the stored entity, or ``UNCHECKED`` when several could be meant) before any
   ``self.store.put`` / ``self.store.delete``, and return what the interface promises. State
   every reading the interface leaves open in the module docstring.
2. Add a ``CallSpec("record_photometry_rows", ...)`` to that module's ``CALLS``: a strategy of
   calls over the :class:`.calls.Vocabulary` pools (small, so that calls collide) and, with
   :func:`.calls.one_of_stored`, what the model already holds. Free-text values carry
   :data:`.calls.MARKER` (the log checks look for it).
3. A new area gets a module of its own, its mixin in :class:`.model.Model`, its ``CALLS`` in
   :data:`.model.CALLS`.

``suites/test_model.py`` (and ``tests/suites/test_operation_coverage.py``) fail until every
operation of the interface has a model method and a call (or is listed in
:data:`.model.OUTSIDE_THE_MODEL`); the state machine then drives the new operation with all
the others, and each step compares result, error, log record and every stored item.
Deterministic stories of the promise go to ``suites/test_operation_promises.py`` or the suite
of its area (through :class:`~novacat_persistence.suites.harness.twin.Twin`), and each promise
gets its row in ``suites/PROMISES.md`` (``tests/suites/test_operation_coverage.py`` fails for
an operation no row names).
"""
