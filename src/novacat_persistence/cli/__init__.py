"""The ``novacat-persistence`` command line: one module per verb, wired in :mod:`.main`."""
