"""Corpus capture: the items a test session writes to DynamoDB tables, as export lines.

``pytest --novacat-capture=DIR`` (the ``pytest11`` plugin
:mod:`novacat_persistence.capture.pytest_plugin`) watches every DynamoDB request any boto3
client or resource of the session sends, to moto or to a DynamoDB endpoint, and writes the final
state of every item written (per table, per key; deleted items dropped) to
``DIR/<table>.jsonl``, one ``{"Item": {...}, "Capture": {...}}`` line per item: a DynamoDB
export line that ``corpus replay`` and ``corpus add`` read, with the writes that made the item
(test, phase, request, the writing ``file:line``). The watching sends no request of its own.
"""
