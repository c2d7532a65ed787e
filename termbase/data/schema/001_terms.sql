-- termbase schema: concepts, their terms, every searchable form (stored and derived) and its keys.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE concept (
    id       TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    wikidata TEXT,
    data     TEXT NOT NULL,            -- JSON: definitions, notes, sources
    created  TEXT NOT NULL,            -- ISO 8601 UTC
    modified TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX concept_category ON concept(category);

CREATE TABLE term (
    id         INTEGER PRIMARY KEY,
    concept_id TEXT NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT,
    source     TEXT,
    region     TEXT
);
CREATE INDEX term_concept ON term(concept_id, position);

-- Every form lookup can find: the stored terms (scheme IS NULL) and the forms derived from them.
CREATE TABLE form (
    id         INTEGER PRIMARY KEY,
    concept_id TEXT NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    scheme     TEXT,
    status     TEXT NOT NULL,
    type       TEXT NOT NULL
);
CREATE INDEX form_concept ON form(concept_id);

-- Search keys (termbase.normalize): level 0 exact, 1 case-folded, 2 loose.
CREATE TABLE search_key (
    key     TEXT NOT NULL,
    level   INTEGER NOT NULL,
    form_id INTEGER NOT NULL REFERENCES form(id) ON DELETE CASCADE,
    PRIMARY KEY (key, level, form_id)
) WITHOUT ROWID;
CREATE INDEX search_key_form ON search_key(form_id);

-- Language names from CLDR (Babel), cached so that showing a result never imports Babel.
CREATE TABLE language_name (
    tag     TEXT NOT NULL,
    display TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (tag, display)
) WITHOUT ROWID;
