"""The PostgreSQL store (issue 18), beside the SQLite index of :mod:`warreader.store.index`.

What is here: where the database is (:mod:`.location`, no psycopg needed), connections and their
errors as one line (:mod:`.connection`, :mod:`.errors`), the versioned schema
(:mod:`.migrations`, SQL files in ``migrations/``) and the team's shared corrections
(:mod:`.corrections`). The index itself (articles, mentions, groups, search) does not run on
PostgreSQL yet: the app and every command still use SQLite in the cache folder.

psycopg is imported only by the modules that talk to the server, and only when they are used:
the SQLite path never loads it (``pip install 'warreader[postgres]'`` installs it).
"""
