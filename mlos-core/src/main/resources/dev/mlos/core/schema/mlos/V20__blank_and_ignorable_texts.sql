-- mlos V20: a text of blank braille cells or of default-ignorable code points Unicode has not
-- assigned yet shows nothing either, and the check of V19 costs a short class per character, not a
-- list of 465 code points.
--
-- V19 refused a title, a scope, a task's description and a lens's scope that showed nothing: one
-- that trim() left empty with a list of the white space, the no-break spaces and the assigned
-- default-ignorable code points. A need titled U+2800 BRAILLE PATTERN BLANK (a cell with no dot,
-- drawn as a space: the usual 'invisible name' of chat apps) or U+E0080 (a tag-block code point
-- Unicode reserves as default-ignorable, which browsers draw as nothing) was taken by the engine and
-- by V19 alike, and PROBLEM.md linked it with no text to see. The list is now every
-- default-ignorable code point, assigned or not (U+FFF0-U+FFF8, all of U+E0000-U+E0FFF), and
-- U+2800; dev.mlos.core.InvisibleText.SHOWS_NOTHING holds the same ranges (a test holds the two
-- equal), so the engine refuses first, naming the character.
--
-- The check is a GLOB character class of ranges: a text shows nothing when it is not empty and has
-- no character outside the class ('*[^...]*' does not match); white space alone is left to V13's
-- words as before (a character outside V13's white space: '*[^...]*' matches). U+E0000-U+E0FFF is
-- 4,096 code points, which a trim() list cannot hold cheaply; a class of 23 ranges costs the same
-- for them as for one. A text that starts with a printable ASCII character shows it and is passed
-- on unicode() alone, as in V19; a text of more than 2000 bytes is V13's to refuse for its length;
-- a text holding a NUL is V11's and V13's (GLOB reads a text only up to a NUL). Only a write of the
-- text is judged, as in V19, so a row written before keeps its text. The triggers keep V19's names
-- and words; no row changes. Loadable by the sqlite3 shell 3.40+.

DROP TRIGGER needs_shown_text_insert;
DROP TRIGGER needs_shown_text_update;
DROP TRIGGER tasks_shown_text_insert;
DROP TRIGGER tasks_shown_text_update;
DROP TRIGGER artifacts_shown_text_insert;
DROP TRIGGER artifacts_shown_text_update;
DROP TRIGGER lenses_shown_text_insert;
DROP TRIGGER lenses_shown_text_update;

-- ---------------------------------------------------------------------------------------------
-- needs: title, scope.

CREATE TRIGGER needs_shown_text_insert BEFORE INSERT ON needs
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM needs WHERE id = new.id) THEN RAISE(ABORT, 'need: id exists; use UPDATE')
    WHEN unicode(new.title) NOT BETWEEN 33 AND 126 AND length(CAST(new.title AS BLOB)) <= 2000
      AND instr(CAST(new.title AS BLOB), x'00') = 0
      AND new.title NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.title GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'need: title must show some text, not only spaces or invisible characters (need.title): give the need a title')
    WHEN unicode(new.scope) NOT BETWEEN 33 AND 126 AND length(CAST(new.scope AS BLOB)) <= 800
      AND instr(CAST(new.scope AS BLOB), x'00') = 0
      AND new.scope NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.scope GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'need: scope must show some text, not only spaces or invisible characters (need.scope): name the scope, or set scope = NULL for none')
  END;
END;

CREATE TRIGGER needs_shown_text_update BEFORE UPDATE OF title, scope ON needs
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title AND unicode(new.title) NOT BETWEEN 33 AND 126 AND length(CAST(new.title AS BLOB)) <= 2000
      AND instr(CAST(new.title AS BLOB), x'00') = 0
      AND new.title NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.title GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'need: title must show some text, not only spaces or invisible characters (need.title): give the need a title')
    WHEN old.scope IS NOT new.scope AND unicode(new.scope) NOT BETWEEN 33 AND 126 AND length(CAST(new.scope AS BLOB)) <= 800
      AND instr(CAST(new.scope AS BLOB), x'00') = 0
      AND new.scope NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.scope GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'need: scope must show some text, not only spaces or invisible characters (need.scope): name the scope, or set scope = NULL for none')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- tasks: description.

CREATE TRIGGER tasks_shown_text_insert BEFORE INSERT ON tasks
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM tasks WHERE id = new.id) THEN RAISE(ABORT, 'task: id exists; use UPDATE')
    WHEN unicode(new.description) NOT BETWEEN 33 AND 126 AND length(CAST(new.description AS BLOB)) <= 2000
      AND instr(CAST(new.description AS BLOB), x'00') = 0
      AND new.description NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.description GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'task: description must show some text, not only spaces or invisible characters (task.description): say what the task is')
  END;
END;

CREATE TRIGGER tasks_shown_text_update BEFORE UPDATE OF description ON tasks
BEGIN
  SELECT CASE
    WHEN old.description IS NOT new.description AND unicode(new.description) NOT BETWEEN 33 AND 126 AND length(CAST(new.description AS BLOB)) <= 2000
      AND instr(CAST(new.description AS BLOB), x'00') = 0
      AND new.description NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.description GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'task: description must show some text, not only spaces or invisible characters (task.description): say what the task is')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- artifacts: title.

CREATE TRIGGER artifacts_shown_text_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN unicode(new.title) NOT BETWEEN 33 AND 126 AND length(CAST(new.title AS BLOB)) <= 2000
      AND instr(CAST(new.title AS BLOB), x'00') = 0
      AND new.title NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.title GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'artifact: title must show some text, not only spaces or invisible characters (artifact.text): give the artifact a title')
  END;
END;

CREATE TRIGGER artifacts_shown_text_update BEFORE UPDATE OF title ON artifacts
BEGIN
  SELECT CASE
    WHEN old.title IS NOT new.title AND unicode(new.title) NOT BETWEEN 33 AND 126 AND length(CAST(new.title AS BLOB)) <= 2000
      AND instr(CAST(new.title AS BLOB), x'00') = 0
      AND new.title NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND new.title GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
      THEN RAISE(ABORT, 'artifact: title must show some text, not only spaces or invisible characters (artifact.text): give the artifact a title')
  END;
END;

-- ---------------------------------------------------------------------------------------------
-- lenses: each scope in scopes (a value that is not a JSON array is left to lenses_check_insert /
-- _update, which name the form); on an update only a scope the lens did not have is judged.

CREATE TRIGGER lenses_shown_text_insert BEFORE INSERT ON lenses
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM lenses WHERE id = new.id) THEN RAISE(ABORT, 'lens: id exists; use UPDATE')
    WHEN json_valid(new.scopes) AND json_type(new.scopes) = 'array' AND json_array_length(new.scopes) <= 100
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND unicode(j.value) NOT BETWEEN 33 AND 126 AND length(CAST(j.value AS BLOB)) <= 800
      AND instr(CAST(j.value AS BLOB), x'00') = 0
      AND j.value NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND j.value GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*'))
      THEN RAISE(ABORT, 'lens: each scope must show some text, not only spaces or invisible characters (lens.scopes): name the scope, or leave it out')
  END;
END;

CREATE TRIGGER lenses_shown_text_update BEFORE UPDATE OF scopes ON lenses
BEGIN
  SELECT CASE
    WHEN old.scopes IS NOT new.scopes AND json_valid(new.scopes) AND json_type(new.scopes) = 'array'
      AND json_array_length(new.scopes) <= 100
      AND EXISTS (SELECT 1 FROM json_each(new.scopes) j
                  WHERE j.type = 'text' AND unicode(j.value) NOT BETWEEN 33 AND 126 AND length(CAST(j.value AS BLOB)) <= 800
      AND instr(CAST(j.value AS BLOB), x'00') = 0
      AND j.value NOT GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(160) || char(173) || char(847) || char(1564) || char(4447) || '-' || char(4448) || char(5760) || char(6068) || '-' || char(6069) || char(6155) || '-' || char(6159) || char(8192) || '-' || char(8207) || char(8232) || '-' || char(8239) || char(8287) || '-' || char(8303) || char(10240) || char(12288) || char(12644) || char(65024) || '-' || char(65039) || char(65279) || char(65440) || char(65520) || '-' || char(65528) || char(113824) || '-' || char(113827) || char(119155) || '-' || char(119162) || char(917504) || '-' || char(921599) || ']*')
      AND j.value GLOB ('*[^' || char(9) || '-' || char(13) || char(28) || '-' || char(32) || char(5760) || char(8192) || '-' || char(8198) || char(8200) || '-' || char(8202) || char(8232) || '-' || char(8233) || char(8287) || char(12288) || ']*')
                    AND NOT (json_valid(old.scopes) AND json_type(old.scopes) = 'array'
                             AND j.value IN (SELECT value FROM json_each(old.scopes))))
      THEN RAISE(ABORT, 'lens: each scope must show some text, not only spaces or invisible characters (lens.scopes): name the scope, or leave it out')
  END;
END;
