-- Version 2: the team's corrections (warreader.store.pg.corrections), one row each, kept forever.
-- rev is bumped (from one sequence, under one advisory lock, so in commit order) whenever a row is
-- added, superseded, undone or revived: a process that has seen rev R asks for rev > R.

CREATE SEQUENCE correction_revs;

CREATE TABLE corrections(
    id BIGSERIAL PRIMARY KEY,
    rev BIGINT NOT NULL DEFAULT nextval('correction_revs'),
    author TEXT NOT NULL,
    created TIMESTAMPTZ NOT NULL,
    received TIMESTAMPTZ NOT NULL DEFAULT now(),
    grp TEXT NOT NULL,
    concern TEXT NOT NULL,
    body JSONB NOT NULL,
    superseded_by BIGINT REFERENCES corrections(id),
    undone BOOLEAN NOT NULL DEFAULT false,
    client_key TEXT NOT NULL UNIQUE
);
CREATE UNIQUE INDEX corrections_rev ON corrections(rev);
CREATE INDEX corrections_live ON corrections(concern) WHERE superseded_by IS NULL AND NOT undone;
CREATE INDEX corrections_author ON corrections(author, id) WHERE superseded_by IS NULL AND NOT undone;
