-- Trellis store, schema version 3: workflows, their immutable versions, workflow runs with a
-- row per node run, and the link from a run to the workflow run and node that made it.

CREATE TABLE workflows (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE workflow_versions (
    id           INTEGER PRIMARY KEY,
    workflow_id  INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number >= 1),
    graph        TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    parent_id    INTEGER REFERENCES workflow_versions(id),
    message      TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (workflow_id, number)
);
CREATE INDEX workflow_versions_by_hash ON workflow_versions(workflow_id, content_hash);

CREATE TRIGGER workflow_versions_immutable BEFORE UPDATE ON workflow_versions
BEGIN
    SELECT RAISE(ABORT, 'workflow versions are immutable');
END;

CREATE TABLE workflow_runs (
    id                  INTEGER PRIMARY KEY,
    workflow_version_id INTEGER NOT NULL REFERENCES workflow_versions(id) ON DELETE CASCADE,
    experiment_cell_id  INTEGER REFERENCES experiment_cells(id) ON DELETE SET NULL,
    status              TEXT NOT NULL DEFAULT 'running'
                        CHECK (status IN ('pending', 'running', 'ok', 'error', 'cancelled')),
    inputs              TEXT NOT NULL DEFAULT '{}',
    outputs             TEXT NOT NULL DEFAULT '{}',
    error               TEXT NOT NULL DEFAULT '',
    started_at          INTEGER NOT NULL,
    finished_at         INTEGER
);
CREATE INDEX workflow_runs_by_version ON workflow_runs(workflow_version_id, started_at);

CREATE TABLE node_runs (
    id              INTEGER PRIMARY KEY,
    workflow_run_id INTEGER NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
    node_id         TEXT NOT NULL,
    node_type       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'running'
                    CHECK (status IN ('pending', 'running', 'ok', 'error', 'skipped', 'cancelled')),
    inputs          TEXT NOT NULL DEFAULT '{}',
    outputs         TEXT NOT NULL DEFAULT '{}',
    error           TEXT NOT NULL DEFAULT '',
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX node_runs_by_workflow_run ON node_runs(workflow_run_id, node_id);

ALTER TABLE runs ADD COLUMN workflow_run_id INTEGER
    REFERENCES workflow_runs(id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN workflow_node_id TEXT;
CREATE INDEX runs_by_workflow_run ON runs(workflow_run_id) WHERE workflow_run_id IS NOT NULL;
