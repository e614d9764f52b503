"""The one write path: discover → read → extract (worker pool) → group → write the index.

:func:`warreader.ingest.sync.sync` is used the same way by ``warreader index``, the app's first
run, ``--rebuild`` and feed fetching; nothing else writes an index.
"""
