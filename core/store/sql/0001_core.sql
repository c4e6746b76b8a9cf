-- Trellis store, schema version 1: projects, prompts and their version history, labels,
-- runs, feedback and the response cache.
--
-- Conventions: timestamps are INTEGER milliseconds since the Unix epoch (UTC); JSON columns
-- hold compact JSON text; ids are INTEGER PRIMARY KEY (rowid). Secrets (API keys, auth
-- headers) never enter the store: no table has a column for them, and the rendered request
-- kept with a run is the provider request body, not its headers.

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE prompts (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

-- Immutable snapshots of a PromptSpec. `number` counts 1..n per prompt; the head is the
-- highest number. The same content may appear in several versions (restoring version 2
-- after version 3 creates version 4 equal to 2), so the hash is indexed, not unique.
-- `restored_from_id` records where a restored version came from.
CREATE TABLE prompt_versions (
    id               INTEGER PRIMARY KEY,
    prompt_id        INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number >= 1),
    content          TEXT NOT NULL,
    content_hash     TEXT NOT NULL CHECK (length(content_hash) = 64),
    parent_id        INTEGER REFERENCES prompt_versions(id),
    restored_from_id INTEGER REFERENCES prompt_versions(id),
    message          TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    UNIQUE (prompt_id, number)
);
CREATE INDEX prompt_versions_by_hash ON prompt_versions(prompt_id, content_hash);

CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
BEGIN
    SELECT RAISE(ABORT, 'prompt versions are immutable');
END;

-- A parent is an earlier version of the same prompt.
CREATE TRIGGER prompt_versions_parent_check BEFORE INSERT ON prompt_versions
WHEN NEW.parent_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM prompt_versions p
    WHERE p.id = NEW.parent_id AND p.prompt_id = NEW.prompt_id AND p.number < NEW.number)
BEGIN
    SELECT RAISE(ABORT, 'the parent of a version must be an earlier version of the same prompt');
END;

-- Named pointers (production, staging, ...) at one version of the same prompt.
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    prompt_id  INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    version_id INTEGER NOT NULL REFERENCES prompt_versions(id) ON DELETE CASCADE,
    updated_at INTEGER NOT NULL,
    UNIQUE (prompt_id, name)
);

-- Every creation, move and removal of a label, written by the triggers below so that no
-- code path can move a label without leaving history.
CREATE TABLE label_history (
    id              INTEGER PRIMARY KEY,
    prompt_id       INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    from_version_id INTEGER REFERENCES prompt_versions(id) ON DELETE CASCADE,
    to_version_id   INTEGER REFERENCES prompt_versions(id) ON DELETE CASCADE,
    moved_at        INTEGER NOT NULL
);
CREATE INDEX label_history_by_label ON label_history(prompt_id, label, id);

CREATE TRIGGER labels_same_prompt_insert BEFORE INSERT ON labels
WHEN (SELECT prompt_id FROM prompt_versions WHERE id = NEW.version_id) IS NOT NEW.prompt_id
BEGIN
    SELECT RAISE(ABORT, 'a label must point at a version of its own prompt');
END;

CREATE TRIGGER labels_same_prompt_update BEFORE UPDATE OF version_id, prompt_id ON labels
WHEN (SELECT prompt_id FROM prompt_versions WHERE id = NEW.version_id) IS NOT NEW.prompt_id
BEGIN
    SELECT RAISE(ABORT, 'a label must point at a version of its own prompt');
END;

CREATE TRIGGER labels_history_insert AFTER INSERT ON labels
BEGIN
    INSERT INTO label_history (prompt_id, label, from_version_id, to_version_id, moved_at)
    VALUES (NEW.prompt_id, NEW.name, NULL, NEW.version_id, NEW.updated_at);
END;

CREATE TRIGGER labels_history_update AFTER UPDATE OF version_id ON labels
WHEN OLD.version_id IS NOT NEW.version_id
BEGIN
    INSERT INTO label_history (prompt_id, label, from_version_id, to_version_id, moved_at)
    VALUES (NEW.prompt_id, NEW.name, OLD.version_id, NEW.version_id, NEW.updated_at);
END;

CREATE TRIGGER labels_history_delete AFTER DELETE ON labels
WHEN EXISTS (SELECT 1 FROM prompt_versions WHERE id = OLD.version_id)
BEGIN
    INSERT INTO label_history (prompt_id, label, from_version_id, to_version_id, moved_at)
    VALUES (OLD.prompt_id, OLD.name, OLD.version_id, NULL,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

-- One pipeline call (DESIGN.md, "The request pipeline"). prompt_id is copied from the
-- version so that "recent runs of a prompt" is one index range scan.
CREATE TABLE runs (
    id                INTEGER PRIMARY KEY,
    prompt_id         INTEGER REFERENCES prompts(id) ON DELETE SET NULL,
    prompt_version_id INTEGER REFERENCES prompt_versions(id) ON DELETE SET NULL,
    variant           TEXT NOT NULL DEFAULT '',
    provider          TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    params            TEXT NOT NULL DEFAULT '{}',
    variables         TEXT NOT NULL DEFAULT '{}',
    request           TEXT NOT NULL DEFAULT '{}',
    response_text     TEXT NOT NULL DEFAULT '',
    finish_reason     TEXT NOT NULL DEFAULT '',
    input_tokens      INTEGER NOT NULL DEFAULT 0,
    output_tokens     INTEGER NOT NULL DEFAULT 0,
    cached_tokens     INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL,
    ttft_ms           REAL,
    latency_ms        REAL,
    attempts          INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 0),
    error             TEXT NOT NULL DEFAULT '',
    cache_hit         INTEGER NOT NULL DEFAULT 0 CHECK (cache_hit IN (0, 1)),
    route             TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'ok'
                      CHECK (status IN ('pending', 'running', 'ok', 'error', 'cancelled')),
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER
);
CREATE INDEX runs_by_prompt ON runs(prompt_id, started_at, id);
CREATE INDEX runs_by_version ON runs(prompt_version_id, started_at, id);
CREATE INDEX runs_by_time ON runs(started_at, id);

-- A rating of one run, or a preference between two (A = run_id, B = other_run_id).
CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    other_run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    rating       INTEGER CHECK (rating BETWEEN -1 AND 5),
    preference   TEXT CHECK (preference IN ('a', 'b', 'tie')),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    CHECK ((preference IS NULL) = (other_run_id IS NULL)),
    CHECK (rating IS NOT NULL OR preference IS NOT NULL OR length(note) > 0)
);
CREATE INDEX feedback_by_run ON feedback(run_id);
CREATE INDEX feedback_by_other_run ON feedback(other_run_id) WHERE other_run_id IS NOT NULL;

-- Provider responses keyed by the hash of the normalized provider request.
CREATE TABLE response_cache (
    key_hash    TEXT PRIMARY KEY,
    request     TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    hit_count   INTEGER NOT NULL DEFAULT 0,
    last_hit_at INTEGER
) WITHOUT ROWID;
CREATE INDEX response_cache_by_expiry ON response_cache(expires_at) WHERE expires_at IS NOT NULL;
