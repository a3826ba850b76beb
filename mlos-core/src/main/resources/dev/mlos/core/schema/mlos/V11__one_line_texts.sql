-- mlos V11: one-line texts hold no control character, whoever writes them.
-- The engine refuses a need's title and scope, a task's description, an artifact's title and a
-- lens's scopes (and its scope: weight keys) that hold a control character (C0, DEL, C1), a line or
-- paragraph separator (U+2028, U+2029), a bidirectional embedding, override or isolate (U+202A to
-- U+202E, U+2066 to U+2069) or U+FEFF (InputRules.firstControl): each is shown on one line (a
-- page's heading, a link, a list) where such a character breaks the line, reorders what follows
-- ("Trojan Source") or hides. Before V11 the database did not, so the sqlite3 shell or any other
-- client could write a title with a line break or a right-to-left override. Now these triggers
-- refuse it with the engine's rule id in the message (need.title, need.scope, task.description,
-- artifact.text, lens.scopes, lens.weights). The engine checks first and says more (which
-- character, where); the triggers are the backstop.
--
-- Only a write of the text is judged: an UPDATE that leaves it as it was (UPDATE OF another
-- column, or one that sets it to its old value) passes, so a row written before V11 keeps its
-- text and can still change status, and a lens's update is judged on the scopes and keys it adds.
-- No row changes. As in V2 the id-exists case comes first in each insert trigger, so a REPLACE of
-- an existing row gets that message whichever BEFORE trigger SQLite runs first. The character
-- class spans U+0001-U+001F, U+007F-U+009F, U+2028-U+202E, U+2066-U+2069 and U+FEFF; a NUL is
-- looked for in the bytes, as V2 does. Loadable by the sqlite3 shell 3.40+.

-- ---------------------------------------------------------------------------------------------
-- needs: title, scope.

CREATE TRIGGER needs_one_line_insert BEFORE INSERT ON needs
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM needs WHERE id = new.id) THEN RAISE(ABORT, 'need: id exists; use UPDATE')
    WHEN (new.title GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
         || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: title must be one line of text (need.title): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
    WHEN (new.scope GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
         || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.scope AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: scope must be one line of text (need.scope): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

CREATE TRIGGER needs_one_line_update BEFORE UPDATE OF title, scope ON needs
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title
      AND (new.title GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
           || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: title must be one line of text (need.title): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
    WHEN old.scope IS NOT new.scope
      AND (new.scope GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
           || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.scope AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'need: scope must be one line of text (need.scope): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- tasks: description.

CREATE TRIGGER tasks_one_line_insert BEFORE INSERT ON tasks
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM tasks WHERE id = new.id) THEN RAISE(ABORT, 'task: id exists; use UPDATE')
    WHEN (new.description GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
         || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: description must be one line of text (task.description): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

CREATE TRIGGER tasks_one_line_update BEFORE UPDATE OF description ON tasks
BEGIN
  SELECT CASE
    WHEN old.description IS NOT new.description
      AND (new.description GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
           || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.description AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'task: description must be one line of text (task.description): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- artifacts: title.

CREATE TRIGGER artifacts_one_line_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN (new.title GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
         || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: title must be one line of text (artifact.text): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

CREATE TRIGGER artifacts_one_line_update BEFORE UPDATE OF title ON artifacts
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title
      AND (new.title GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
           || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(new.title AS BLOB), x'00') > 0)
      THEN RAISE(ABORT, 'artifact: title must be one line of text (artifact.text): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- lenses: each scope in scopes, each scope:<scope> key of weights. A value that is not a JSON array
-- (object) of them is left to lenses_check_insert / _update, which name the form.

CREATE TRIGGER lenses_one_line_insert BEFORE INSERT ON lenses
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM lenses WHERE id = new.id) THEN RAISE(ABORT, 'lens: id exists; use UPDATE')
    WHEN json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text'
                    AND (j.value GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
                        || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(j.value AS BLOB), x'00') > 0))
      THEN RAISE(ABORT, 'lens: each scope must be one line of text (lens.scopes): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
    WHEN json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE j.key GLOB 'scope:*'
                    AND (j.key GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
                        || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(j.key AS BLOB), x'00') > 0))
      THEN RAISE(ABORT, 'lens: a scope:<scope> weight key must be one line of text (lens.weights): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;

CREATE TRIGGER lenses_one_line_update BEFORE UPDATE OF scopes, weights ON lenses
BEGIN
  SELECT CASE
    WHEN old.scopes IS NOT new.scopes
      AND json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text'
                    AND (j.value GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
                        || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(j.value AS BLOB), x'00') > 0)
                    AND NOT (json_valid(old.scopes) AND json_type(old.scopes) = 'array'
                             AND j.value IN (SELECT value FROM json_each(old.scopes))))
      THEN RAISE(ABORT, 'lens: each scope must be one line of text (lens.scopes): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
    WHEN old.weights IS NOT new.weights
      AND json_valid(new.weights) AND json_type(new.weights) = 'object'
      AND EXISTS (SELECT 1 FROM json_each(new.weights) j
                  WHERE j.key GLOB 'scope:*'
                    AND (j.key GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || char(8232) || '-' || char(8238)
                        || char(8294) || '-' || char(8297) || char(65279) || ']*') OR instr(CAST(j.key AS BLOB), x'00') > 0)
                    AND NOT (json_valid(old.weights) AND json_type(old.weights) = 'object'
                             AND j.key IN (SELECT key FROM json_each(old.weights))))
      THEN RAISE(ABORT, 'lens: a scope:<scope> weight key must be one line of text (lens.weights): remove line breaks, tabs and other control characters (C0, DEL, C1), line and paragraph separators (U+2028, U+2029), bidirectional controls (U+202A-U+202E, U+2066-U+2069) and U+FEFF')
  END;
END;
