-- warreader's PostgreSQL schema, version 1: the tables of the SQLite index (store/schema.py,
-- format 4) in PostgreSQL's terms, plus full-text search per article language.
-- Differences from SQLite: bodies are plain text (TOAST compresses them, so no zstd frames and no
-- dictionaries table); an article's mentions and dates are integer rows (mentions, article_dates)
-- instead of packed blobs; the full-text index is a tsvector column with a GIN index instead of
-- FTS5; articles are keyed by their content hash (key) as well, for upserts from several machines.

CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- The text search configuration for an article's language (an ISO 639-1 code such as "de" or
-- "de-AT", or the configuration's own name): the stemmers PostgreSQL ships for the languages
-- warreader reads, "simple" (lower-cased words, no stemming) for the rest (Polish, Ukrainian...).
CREATE FUNCTION warreader_ts_config(language TEXT) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT (CASE lower(split_part(replace(language, '_', '-'), '-', 1))
        WHEN 'en' THEN 'pg_catalog.english'
        WHEN 'english' THEN 'pg_catalog.english'
        WHEN 'de' THEN 'pg_catalog.german'
        WHEN 'german' THEN 'pg_catalog.german'
        WHEN 'sv' THEN 'pg_catalog.swedish'
        WHEN 'swedish' THEN 'pg_catalog.swedish'
        WHEN 'fr' THEN 'pg_catalog.french'
        WHEN 'french' THEN 'pg_catalog.french'
        WHEN 'ru' THEN 'pg_catalog.russian'
        WHEN 'russian' THEN 'pg_catalog.russian'
        ELSE 'pg_catalog.simple'
    END)::regconfig
$$;

-- A query in every configuration at once (the words stemmed as each language would): an article
-- matches when the query, stemmed by some language's rules, matches its tsvector. One constant
-- tsquery, so the GIN index serves it.
CREATE FUNCTION warreader_tsquery(query TEXT) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT websearch_to_tsquery('pg_catalog.simple', query)
        || websearch_to_tsquery('pg_catalog.english', query)
        || websearch_to_tsquery('pg_catalog.german', query)
        || websearch_to_tsquery('pg_catalog.swedish', query)
        || websearch_to_tsquery('pg_catalog.french', query)
        || websearch_to_tsquery('pg_catalog.russian', query)
$$;

CREATE TABLE sources(
    id BIGSERIAL PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    hash TEXT NOT NULL,
    ord INTEGER NOT NULL,
    problems TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sources_problems ON sources(ord) WHERE problems <> '[]';

CREATE TABLE articles(
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(warreader_ts_config(language), title), 'A')
        || setweight(to_tsvector(warreader_ts_config(language), body), 'B')
    ) STORED
);
CREATE INDEX articles_ord ON articles(ord);
CREATE INDEX articles_source ON articles(source_id, pos);
CREATE INDEX articles_path ON articles(path);
CREATE INDEX articles_search ON articles USING gin(search);

CREATE TABLE forms(
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    language TEXT NOT NULL,
    detail TEXT NOT NULL,
    grp TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    first_article BIGINT,
    first_idx INTEGER,
    UNIQUE(kind, text, key, language, detail)
);
CREATE TABLE postings(
    form BIGINT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY(form, article_id)
);
CREATE TABLE names(id SERIAL PRIMARY KEY, grp TEXT NOT NULL UNIQUE);

-- One row per mention (SQLite packs them in articles.marks): body[start:stop] is its text.
CREATE TABLE mentions(
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    form BIGINT NOT NULL REFERENCES forms(id),
    gid INTEGER NOT NULL,
    start INTEGER NOT NULL,
    stop INTEGER NOT NULL CHECK (stop > start),
    PRIMARY KEY(article_id, idx)
);
-- Walks (n / N): a group's mentions in corpus order.
CREATE INDEX mentions_walk ON mentions(gid, article_id, idx);

CREATE TABLE article_dates(
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    stop INTEGER NOT NULL,
    value TEXT,
    PRIMARY KEY(article_id, idx)
);

-- Where n / N stop: one row per (group, article in corpus order), n = its mentions there.
CREATE TABLE stops(
    gid INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY(gid, ord)
);
CREATE TABLE exceptions(
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    form BIGINT NOT NULL,
    grp TEXT NOT NULL,
    PRIMARY KEY(article_id, idx)
);
CREATE TABLE fresh(article_id BIGINT PRIMARY KEY);
CREATE TABLE deltas(gid INTEGER PRIMARY KEY, steps INTEGER NOT NULL, articles INTEGER NOT NULL);
CREATE TABLE groups(
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    variants TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    detail TEXT NOT NULL
);
