-- What a workspace's last compile read besides the database: every template it loaded and every
-- workspace file a template read, each with its SHA-256 (or a word such as "missing"), as JSON
-- objects by name. While all of them are unchanged, a page whose mlos_outputs.input_hash matches
-- its rows renders as recorded: the guard on a fresh clone then need not render it.
CREATE TABLE mlos_compile_reads (workspace TEXT NOT NULL PRIMARY KEY, templates TEXT NOT NULL CHECK (json_valid(templates)), files TEXT NOT NULL CHECK (json_valid(files))) STRICT, WITHOUT ROWID;
