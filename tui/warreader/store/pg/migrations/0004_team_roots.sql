-- Version 4: one database holds the union of the folders its users index (several machines).
-- A source remembers which sync placed it (``root``: the folders that sync was given, as JSON
-- text, set from the session's ``warreader.root`` by a trigger whenever the source is stored or
-- given a new place), so that each sync numbers only its own folders' files (``ord``, the walk's
-- position) and the reading order is one rule whoever adds what when: by root (as text, bytewise),
-- then the walk's position, then the path (``reading``, what the store's renumbering orders by on
-- PostgreSQL, see store/pg/dialect.py), then the article's place in its file. Rows are kept; a
-- source stored before this version has the root ''.

ALTER TABLE sources ADD COLUMN root TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN reading TEXT COLLATE "C" GENERATED ALWAYS AS (
    root || E'\x01' || lpad(ord::text, 10, '0') || E'\x01' || path
) STORED;

CREATE FUNCTION warreader_source_root() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.root := coalesce(nullif(current_setting('warreader.root', true), ''), NEW.root);
    RETURN NEW;
END
$$;

CREATE TRIGGER sources_root BEFORE INSERT OR UPDATE OF ord ON sources
    FOR EACH ROW EXECUTE FUNCTION warreader_source_root();

-- Articles keyed by content (``key``: the file's content hash and the article's place in it; NULL
-- for a source read without one, a URL or standard input, and for a copy within one sync's
-- folders, which is kept as the SQLite index keeps it): one file under two paths given by two
-- syncs (two machines' mounts of one folder) has its articles stored once, by the first of its
-- sources stored; the others hold none (PgIndex.stored_elsewhere tells the writer). When the source
-- holding them goes or changes, and no other holds them, the others are marked to be read again
-- (no hash, no mtime): the next sync of their folder stores them.
ALTER TABLE articles ADD COLUMN key TEXT;
CREATE UNIQUE INDEX articles_key ON articles(key);

CREATE FUNCTION warreader_article_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.key := (SELECT nullif(hash, '') || ':' || NEW.pos FROM sources WHERE id = NEW.source_id);
    IF EXISTS (SELECT 1 FROM articles WHERE key = NEW.key) THEN
        NEW.key := NULL;  -- a copy in the same sync's folders
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_key BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION warreader_article_key();

CREATE FUNCTION warreader_orphans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.hash <> '' AND NOT EXISTS (SELECT 1 FROM articles WHERE key = OLD.hash || ':0') THEN
        UPDATE sources SET hash = '', mtime_ns = -1 WHERE hash = OLD.hash AND id <> OLD.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sources_gone AFTER DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION warreader_orphans();
CREATE TRIGGER sources_changed AFTER UPDATE OF hash ON sources
    FOR EACH ROW WHEN (OLD.hash IS DISTINCT FROM NEW.hash AND NEW.hash <> '')
    EXECUTE FUNCTION warreader_orphans();
