-- Version 3: the index's tables as the SQLite index (store/schema.py, format 4) has them, packed
-- the same way, so that one write path and one set of readers serve both stores: bodies are zstd
-- frames (bytea) with their dictionaries in dicts, an article's mentions (marks), its dates and
-- the groups it stops in (stopped) are packed bytea, and stops hold their packed positions.
-- Version 1's integer rows (mentions, article_dates) would have needed a second reader and writer
-- for everything the SQLite store keeps packed.
-- Full text: articles.search is a plain tsvector column written with the article (the text is
-- no longer in the row to generate it from), with its language's configuration; the GIN index
-- stays. The index is derived data and no release wrote it on PostgreSQL: its tables are made
-- again empty here (the next `warreader index --db` fills them); corrections are kept.

DROP TABLE IF EXISTS mentions, article_dates, postings, stops, exceptions, fresh, deltas, groups,
    names, forms, articles, sources, meta;

CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '4'), ('generation', '0');

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
    source_id BIGINT NOT NULL,
    pos INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    body BYTEA NOT NULL,
    words INTEGER NOT NULL,
    marks BYTEA NOT NULL,
    dates BYTEA NOT NULL,
    stopped BYTEA NOT NULL DEFAULT '\x'::bytea,
    search TSVECTOR NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX articles_ord ON articles(ord);
CREATE INDEX articles_source ON articles(source_id, pos);
CREATE INDEX articles_id_ord ON articles(id, ord);
CREATE INDEX articles_path ON articles(path);
CREATE INDEX articles_search ON articles USING gin(search);

CREATE TABLE dicts(id SERIAL PRIMARY KEY, data BYTEA NOT NULL);

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
CREATE TABLE postings(form BIGINT NOT NULL, article_id BIGINT NOT NULL, PRIMARY KEY(form, article_id));
CREATE TABLE names(id SERIAL PRIMARY KEY, grp TEXT NOT NULL UNIQUE);
CREATE TABLE stops(
    gid INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    n INTEGER NOT NULL,
    marks BYTEA NOT NULL,
    PRIMARY KEY(gid, ord)
);
CREATE TABLE exceptions(
    article_id BIGINT NOT NULL,
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

-- ``words`` as the text of a phrase query: each quoted, in order, the last a prefix if asked.
CREATE FUNCTION warreader_phrase_text(words TEXT[], prefix BOOLEAN) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT array_to_string(array(SELECT quote_literal(w) FROM unnest(words) AS w), ' <-> ')
        || CASE WHEN prefix THEN ':*' ELSE '' END
$$;

-- The text of an article as searched: its title and body with its language's configuration
-- (inflected forms found by their stem), then as written (simple: lower-cased, no stemming, no
-- stop words dropped) with the diacritics of Latin letters taken off by the caller (``plain_*``,
-- as SQLite's FTS5 tokenizer does), so that every word SQLite's FTS5 finds is found here too
-- ("the", a word start, "borjar" for "börjar"); a language without a stemmer has the plain half only.
CREATE FUNCTION warreader_tsvector(
    language TEXT, title TEXT, body TEXT, plain_title TEXT, plain_body TEXT
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN warreader_ts_config(language) = 'pg_catalog.simple'::regconfig THEN ''::tsvector
        ELSE setweight(to_tsvector(warreader_ts_config(language), title), 'A')
            || setweight(to_tsvector(warreader_ts_config(language), body), 'B') END
        || setweight(to_tsvector('pg_catalog.simple', plain_title), 'A')
        || setweight(to_tsvector('pg_catalog.simple', plain_body), 'B')
$$;

-- What the SQLite index's search finds (the query's words as one phrase, the last one a word
-- start when ``prefix``): ``plain`` (the words without their diacritics) as written, or
-- ``words`` stemmed by one of the languages' rules. A language that drops one of the words (a
-- stop word: "the", "and") would loosen the phrase ("Donetsk and" as "Donetsk"): it is left out.
CREATE FUNCTION warreader_same_shape(q tsquery, exact tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN numnode(q) = numnode(exact) THEN q ELSE ''::tsquery END
$$;

CREATE FUNCTION warreader_phrase(words TEXT[], plain TEXT[], prefix BOOLEAN) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT exact
        || warreader_same_shape(to_tsquery('pg_catalog.english', stemmed), exact)
        || warreader_same_shape(to_tsquery('pg_catalog.german', stemmed), exact)
        || warreader_same_shape(to_tsquery('pg_catalog.swedish', stemmed), exact)
        || warreader_same_shape(to_tsquery('pg_catalog.french', stemmed), exact)
        || warreader_same_shape(to_tsquery('pg_catalog.russian', stemmed), exact)
    FROM (SELECT to_tsquery('pg_catalog.simple', warreader_phrase_text(plain, prefix)) AS exact,
        warreader_phrase_text(words, prefix) AS stemmed) AS q
$$;
