-- agentos-graph V3: a shape's registry row ('shape:<name>' in settings) holding a key twice in one
-- object (written with the sqlite3 shell, or pulled in a teammate's text form) cannot be read:
-- SQLite's JSON functions take the first of the two, a JSON reader the last. The shape's page
-- and every record view left such a row out, but graph_records still took a record's title from
-- it as SQLite reads it, so a record was titled, and its page named, by a row its own page said was
-- left out. The database now refuses such a row from every client, as the import never writes one.
-- A row written before this version keeps its value (no row changes) and is left out as before.
-- Checked when the row is written, not when it is read: a check in graph_records would parse the
-- shape's row once per record and query (25 times the view's cost at 100,000 records).
-- Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER settings_shape_no_repeated_key_insert
BEFORE INSERT ON settings
WHEN NEW.key GLOB 'shape:*' AND json_valid(NEW.value)
 AND EXISTS (SELECT 1 FROM json_tree(NEW.value) t GROUP BY t.parent, t.key HAVING count(*) > 1)
BEGIN
  SELECT RAISE(ABORT, 'settings_shape_repeated_key: a shape''s row holds a key twice in one object, so which value is meant cannot be told; keep one of them (the import writes each key once)');
END;

CREATE TRIGGER settings_shape_no_repeated_key_update
BEFORE UPDATE OF key, value ON settings
WHEN NEW.key GLOB 'shape:*' AND json_valid(NEW.value)
 AND EXISTS (SELECT 1 FROM json_tree(NEW.value) t GROUP BY t.parent, t.key HAVING count(*) > 1)
BEGIN
  SELECT RAISE(ABORT, 'settings_shape_repeated_key: a shape''s row holds a key twice in one object, so which value is meant cannot be told; keep one of them (the import writes each key once)');
END;
