-- One row per file the compiler wrote: what it was compiled from and the hashes the guard compares.
CREATE TABLE mlos_outputs (workspace TEXT NOT NULL, path TEXT NOT NULL, view TEXT NOT NULL, source_keys TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(source_keys)), content_hash TEXT NOT NULL, file_hash TEXT NOT NULL, compiled_at TEXT NOT NULL, PRIMARY KEY (workspace, path)) STRICT, WITHOUT ROWID;
