"""The checks that run against stored items: the corpus (``corpus verify``/``corpus add``) and
production exports (``corpus replay``).

- :mod:`.store`: the corpus format (manifest, file layout, golden lines);
- :mod:`.reading`: reading one export line and naming what failed (shared by every check);
- :mod:`.verify`: the corpus is read as its goldens say; new versions are recorded;
- :mod:`.exports`: finding and streaming the files of a DynamoDB export;
- :mod:`.replay`: a whole export through today's readers, summarized.
"""
