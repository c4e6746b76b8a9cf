-- Trellis store, schema version 2: datasets and experiments, and the link from a run to the
-- experiment cell it was made for.

CREATE TABLE datasets (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) > 0),
    description   TEXT NOT NULL DEFAULT '',
    -- SHA-256 over the rows in order, kept up to date by whoever edits the rows; experiments
    -- record the hash they ran on, so a later edit is visible.
    snapshot_hash TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE dataset_rows (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}', -- variable name -> value
    expected   TEXT,                       -- expected output (JSON), if any
    UNIQUE (dataset_id, position)
);

-- Variants (prompt or workflow versions) x models (+ params) x dataset rows x repeats.
CREATE TABLE experiments (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    config       TEXT NOT NULL DEFAULT '{}',
    dataset_id   INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    dataset_hash TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'running', 'paused', 'done', 'failed', 'cancelled')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX experiments_by_project ON experiments(project_id, created_at);

-- One point of the matrix. The row's data is copied so a finished experiment stays
-- reproducible after its dataset changes.
CREATE TABLE experiment_cells (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    variant       TEXT NOT NULL,
    model         TEXT NOT NULL,
    row_position  INTEGER NOT NULL DEFAULT 0,
    repeat        INTEGER NOT NULL DEFAULT 0,
    row_data      TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
    result        TEXT NOT NULL DEFAULT '{}', -- assertion outcomes, scores
    UNIQUE (experiment_id, variant, model, row_position, repeat)
);
CREATE INDEX experiment_cells_by_status ON experiment_cells(experiment_id, status);

ALTER TABLE runs ADD COLUMN experiment_cell_id INTEGER
    REFERENCES experiment_cells(id) ON DELETE SET NULL;
CREATE INDEX runs_by_cell ON runs(experiment_cell_id) WHERE experiment_cell_id IS NOT NULL;
