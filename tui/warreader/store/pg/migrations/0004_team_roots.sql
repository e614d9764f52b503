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
