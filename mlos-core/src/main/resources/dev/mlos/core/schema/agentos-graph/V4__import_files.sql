-- agentos-graph V4: what each import read, so the guard can tell when a record file changed after it
-- was imported. A commit that edited data/ without importing passed the guard with the old records
-- on every page: the guard compared the pages with the graph, never the graph with its inputs.
-- An import now records each source it was given (a directory or a file, relative to the workspace
-- root) and each record file it read with the SHA-256 of its bytes. The guard reports a recorded
-- file whose bytes changed or that is gone, and a record file under a recorded directory that no
-- import read (RECORD_DRIFT), with the import that takes it in as the fix.
-- Rows change only when what was read changes: re-importing the same files writes nothing.
-- graph_upsert (MCP) writes a record without a file and records nothing here.
-- Loadable by the sqlite3 shell 3.40+.

-- The sources imports were given: 'data' (a directory, searched for record files) or
-- 'data/books.yaml' (a file); '.' is the workspace root.
CREATE TABLE graph_import_sources (
  path TEXT PRIMARY KEY
    CONSTRAINT graph_import_sources_path CHECK (path = '.' OR (
      length(path) BETWEEN 1 AND 240
      AND path NOT GLOB '/*' AND path NOT GLOB '*/' AND path NOT GLOB '*//*' AND path NOT GLOB '*[\]*'
      AND '/' || path || '/' NOT GLOB '*/./*' AND '/' || path || '/' NOT GLOB '*/../*'
      AND path NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*'))),
  kind TEXT NOT NULL
    CONSTRAINT graph_import_sources_kind CHECK (kind IN ('directory', 'file')),
  imported_at TEXT NOT NULL
    CONSTRAINT graph_import_sources_imported_at CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
                                                       AND julianday(substr(imported_at, 1, 19)) IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- Each record file an import read: its path relative to the workspace root, the source that named it
-- (a row of graph_import_sources when written by mlos), the SHA-256 of its bytes as read, and when
-- that hash was recorded.
CREATE TABLE graph_import_files (
  path TEXT PRIMARY KEY
    CONSTRAINT graph_import_files_path CHECK (
      length(path) BETWEEN 1 AND 240
      AND path NOT GLOB '/*' AND path NOT GLOB '*/' AND path NOT GLOB '*//*' AND path NOT GLOB '*[\]*'
      AND '/' || path || '/' NOT GLOB '*/./*' AND '/' || path || '/' NOT GLOB '*/../*'
      AND path NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*')),
  source TEXT NOT NULL
    CONSTRAINT graph_import_files_source CHECK (length(source) BETWEEN 1 AND 240),
  sha256 TEXT NOT NULL
    CONSTRAINT graph_import_files_sha256 CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  imported_at TEXT NOT NULL
    CONSTRAINT graph_import_files_imported_at CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'
                                                     AND julianday(substr(imported_at, 1, 19)) IS NOT NULL)
) STRICT, WITHOUT ROWID;
