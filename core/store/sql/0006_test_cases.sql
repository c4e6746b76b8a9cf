-- Trellis store, schema version 6: saved test cases of a prompt.
--
-- A test case is a named set of variable values the editor's variables panel fills in, so
-- the same inputs can be tried again after editing the template. `vars` holds a JSON
-- object (variable name -> value). They belong to the prompt, not to a version: a test case
-- outlives the edits it was made for.

CREATE TABLE prompt_test_cases (
    id         INTEGER PRIMARY KEY,
    prompt_id  INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    vars       TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    UNIQUE (prompt_id, name)
);
