"""The checks that run against stored items: the corpus (``corpus verify``/``corpus add``) and
production exports (``corpus replay``).

- :mod:`.store`: the corpus format (manifest, file layout, golden lines);
- :mod:`.staging`: writing several files all or nothing (``corpus add``, ``schemas export``);
- :mod:`.reading`: reading one export line and naming what failed (shared by every check);
- :mod:`.verify`: the corpus is read as its goldens say; new versions are recorded;
- :mod:`.exports`: finding export files on disk and streaming their lines in bounded memory;
- :mod:`.s3_exports`: the same for a DynamoDB export in S3 (its manifests, streamed objects);
- :mod:`.drift`: what an export holds that the contracts do not describe;
- :mod:`.kept_text`: the texts a report keeps of what it read, bounded whatever the data holds;
- :mod:`.replay`: a whole export through today's readers, summarized (in worker processes too).
"""
