-- Trellis store, schema version 5: labels for workflow versions and re-run columns of node
-- runs (at the end). Labels for workflow versions, with the same guarantees as
-- prompt labels (schema version 1): a label points at a version of its own workflow, and every
-- creation, move and removal lands in the history, written by triggers so that no code path
-- can move a label without leaving a trace. Also the parent rule prompts already have.

CREATE TRIGGER workflow_versions_parent_check BEFORE INSERT ON workflow_versions
WHEN NEW.parent_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM workflow_versions p
    WHERE p.id = NEW.parent_id AND p.workflow_id = NEW.workflow_id AND p.number < NEW.number)
BEGIN
    SELECT RAISE(ABORT, 'the parent of a version must be an earlier version of the same workflow');
END;

CREATE TABLE workflow_labels (
    id          INTEGER PRIMARY KEY,
    workflow_id INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    version_id  INTEGER NOT NULL REFERENCES workflow_versions(id) ON DELETE CASCADE,
    updated_at  INTEGER NOT NULL,
    UNIQUE (workflow_id, name)
);

CREATE TABLE workflow_label_history (
    id              INTEGER PRIMARY KEY,
    workflow_id     INTEGER NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    from_version_id INTEGER REFERENCES workflow_versions(id) ON DELETE CASCADE,
    to_version_id   INTEGER REFERENCES workflow_versions(id) ON DELETE CASCADE,
    moved_at        INTEGER NOT NULL
);
CREATE INDEX workflow_label_history_by_label ON workflow_label_history(workflow_id, label, id);

CREATE TRIGGER workflow_labels_same_workflow_insert BEFORE INSERT ON workflow_labels
WHEN (SELECT workflow_id FROM workflow_versions WHERE id = NEW.version_id) IS NOT NEW.workflow_id
BEGIN
    SELECT RAISE(ABORT, 'a label must point at a version of its own workflow');
END;

CREATE TRIGGER workflow_labels_same_workflow_update
BEFORE UPDATE OF version_id, workflow_id ON workflow_labels
WHEN (SELECT workflow_id FROM workflow_versions WHERE id = NEW.version_id) IS NOT NEW.workflow_id
BEGIN
    SELECT RAISE(ABORT, 'a label must point at a version of its own workflow');
END;

CREATE TRIGGER workflow_labels_history_insert AFTER INSERT ON workflow_labels
BEGIN
    INSERT INTO workflow_label_history (workflow_id, label, from_version_id, to_version_id,
                                        moved_at)
    VALUES (NEW.workflow_id, NEW.name, NULL, NEW.version_id, NEW.updated_at);
END;

CREATE TRIGGER workflow_labels_history_update AFTER UPDATE OF version_id ON workflow_labels
WHEN OLD.version_id IS NOT NEW.version_id
BEGIN
    INSERT INTO workflow_label_history (workflow_id, label, from_version_id, to_version_id,
                                        moved_at)
    VALUES (NEW.workflow_id, NEW.name, OLD.version_id, NEW.version_id, NEW.updated_at);
END;

CREATE TRIGGER workflow_labels_history_delete AFTER DELETE ON workflow_labels
WHEN EXISTS (SELECT 1 FROM workflow_versions WHERE id = OLD.version_id)
BEGIN
    INSERT INTO workflow_label_history (workflow_id, label, from_version_id, to_version_id,
                                        moved_at)
    VALUES (OLD.workflow_id, OLD.name, OLD.version_id, NULL,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

-- What re-running from a node needs (core/workflow/run_recorder.h): each node execution's
-- content hash (type, config and input values) to decide whether an earlier output can be
-- reused, its attempt number (repair retries record one row per attempt), whether its outputs
-- were reused from an earlier run, and why it failed (input, rule, attempt) as JSON. A workflow
-- run records the graph's content hash and the run and node a re-run started from.
ALTER TABLE node_runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1);
ALTER TABLE node_runs ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE node_runs ADD COLUMN reused INTEGER NOT NULL DEFAULT 0 CHECK (reused IN (0, 1));
ALTER TABLE node_runs ADD COLUMN duration_ms REAL;
ALTER TABLE node_runs ADD COLUMN failure TEXT NOT NULL DEFAULT '{}';
ALTER TABLE workflow_runs ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE workflow_runs ADD COLUMN reuse_run_id INTEGER
    REFERENCES workflow_runs(id) ON DELETE SET NULL;
ALTER TABLE workflow_runs ADD COLUMN from_node TEXT NOT NULL DEFAULT '';
