-- mlos V18: every name in an artifact's file_path can be checked out on every machine of a team,
-- whoever writes it, and no two artifacts' paths differ only in ASCII case.
--
-- Windows refuses some names that Linux and macOS take, and git for Windows then cannot check the
-- repository out at all ("error: invalid path 'aux.md'"): one row made by one teammate broke the
-- clone of every teammate on Windows. The engine refuses such a path (dev.mlos.core.path.
-- PortableName, rule artifact.path); these triggers refuse it from every other client too, with
-- the rules of git's own check for Windows (is_valid_win32_path) and Microsoft's file naming page:
--   * no name Windows reserves for a device, in any ASCII case, alone or before an extension or
--     spaces: CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-COM9, LPT0-LPT9 (and with the superscript
--     digits 1, 2, 3): aux.md, con.txt, nul, com1.log, docs/LPT9/a.md;
--   * no name ending in a dot or a space (Windows drops them);
--   * none of < > : " | ? * in a name (control characters, backslashes and a drive letter are
--     refused since V2 already).
-- Two paths that differ only in case (Notes.md and notes.md) are one file on macOS and Windows,
-- so two artifacts there would be one file: a path whose lower() (ASCII only, SQLite has no
-- Unicode case folding or normalisation) is another artifact's is refused, found through a new
-- index on lower(file_path) so a write costs a seek, not a scan. The engine also refuses paths
-- that differ only in Unicode case or form (cafe with a composed or a combining accent), which no
-- SQL condition can see; the guard reports such rows written by other clients.
--
-- As in V11 and V17 only a write of the path is judged: an UPDATE that leaves file_path as it was
-- passes, so a row written before V18 keeps its path and can still be retitled, rehashed or
-- removed, and the migration succeeds on a database that holds such rows (the guard reports them).
-- No row changes; as in V2 the id-exists case comes first in the insert trigger. The names are
-- split with a recursive CTE as V2's name-length rule does. Loadable by the sqlite3 shell 3.40+.

CREATE INDEX artifacts_by_lower_file_path ON artifacts (lower(file_path));

CREATE TRIGGER artifacts_portable_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    -- A path V2's rules refuse is left to them, so it is refused in their words.
    WHEN new.file_path IS NULL OR new.file_path = '' OR length(new.file_path) > 240
      OR new.file_path GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.file_path AS BLOB), x'00') > 0
      OR instr(new.file_path, '\') > 0 OR substr(new.file_path, 1, 1) = '/' OR new.file_path GLOB '[A-Za-z]:*'
      OR instr('/' || new.file_path || '/', '//') > 0 OR instr('/' || new.file_path || '/', '/./') > 0
      OR instr('/' || new.file_path || '/', '/../') > 0
      THEN NULL
    -- The names are split only for a path with a name that starts as a device name does.
    WHEN (instr('/' || lower(new.file_path), '/con') > 0 OR instr('/' || lower(new.file_path), '/prn') > 0
      OR instr('/' || lower(new.file_path), '/aux') > 0 OR instr('/' || lower(new.file_path), '/nul') > 0
      OR instr('/' || lower(new.file_path), '/com') > 0 OR instr('/' || lower(new.file_path), '/lpt') > 0)
      AND EXISTS (
      WITH RECURSIVE seg (rest, name) AS (
        SELECT new.file_path || '/', NULL
        UNION ALL
        SELECT substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM seg WHERE rest <> ''),
      base (b) AS (
        SELECT lower(rtrim(CASE WHEN instr(name, '.') > 0 THEN substr(name, 1, instr(name, '.') - 1) ELSE name END, ' '))
        FROM seg WHERE name IS NOT NULL)
      SELECT 1 FROM base
      WHERE b IN ('con', 'prn', 'aux', 'nul', 'conin$', 'conout$') OR b GLOB 'com[0-9¹²³]' OR b GLOB 'lpt[0-9¹²³]')
      THEN RAISE(ABORT, 'artifact: file_path must not have a name Windows reserves (artifact.path): CON, PRN, AUX, NUL, COM0-COM9 or LPT0-LPT9, in any case, with or without an extension (aux.md, con.txt), cannot be checked out by git on Windows, which breaks the clone of every teammate there; rename the file')
    WHEN ('/' || new.file_path || '/') GLOB '*[. ]/*'
      THEN RAISE(ABORT, 'artifact: file_path must not have a name ending in a dot or a space (artifact.path): Windows drops them, so git there cannot check the file out, which breaks the clone of every teammate on Windows; rename the file')
    WHEN new.file_path GLOB '*[<>:"|?*]*'
      THEN RAISE(ABORT, 'artifact: file_path must not have a name holding < > : " | ? or * (artifact.path): Windows does not allow them, so git there cannot check the file out, which breaks the clone of every teammate on Windows; rename the file')
  END;
END;

CREATE TRIGGER artifacts_portable_update BEFORE UPDATE OF file_path ON artifacts
BEGIN
  SELECT CASE
    WHEN old.file_path IS new.file_path THEN NULL
    -- A path V2's rules refuse is left to them, so it is refused in their words.
    WHEN new.file_path IS NULL OR new.file_path = '' OR length(new.file_path) > 240
      OR new.file_path GLOB ('*[' || char(1) || '-' || char(31) || char(127) || '-' || char(159) || ']*')
      OR instr(CAST(new.file_path AS BLOB), x'00') > 0
      OR instr(new.file_path, '\') > 0 OR substr(new.file_path, 1, 1) = '/' OR new.file_path GLOB '[A-Za-z]:*'
      OR instr('/' || new.file_path || '/', '//') > 0 OR instr('/' || new.file_path || '/', '/./') > 0
      OR instr('/' || new.file_path || '/', '/../') > 0
      THEN NULL
    -- The names are split only for a path with a name that starts as a device name does.
    WHEN (instr('/' || lower(new.file_path), '/con') > 0 OR instr('/' || lower(new.file_path), '/prn') > 0
      OR instr('/' || lower(new.file_path), '/aux') > 0 OR instr('/' || lower(new.file_path), '/nul') > 0
      OR instr('/' || lower(new.file_path), '/com') > 0 OR instr('/' || lower(new.file_path), '/lpt') > 0)
      AND EXISTS (
      WITH RECURSIVE seg (rest, name) AS (
        SELECT new.file_path || '/', NULL
        UNION ALL
        SELECT substr(rest, instr(rest, '/') + 1), substr(rest, 1, instr(rest, '/') - 1) FROM seg WHERE rest <> ''),
      base (b) AS (
        SELECT lower(rtrim(CASE WHEN instr(name, '.') > 0 THEN substr(name, 1, instr(name, '.') - 1) ELSE name END, ' '))
        FROM seg WHERE name IS NOT NULL)
      SELECT 1 FROM base
      WHERE b IN ('con', 'prn', 'aux', 'nul', 'conin$', 'conout$') OR b GLOB 'com[0-9¹²³]' OR b GLOB 'lpt[0-9¹²³]')
      THEN RAISE(ABORT, 'artifact: file_path must not have a name Windows reserves (artifact.path): CON, PRN, AUX, NUL, COM0-COM9 or LPT0-LPT9, in any case, with or without an extension (aux.md, con.txt), cannot be checked out by git on Windows, which breaks the clone of every teammate there; rename the file')
    WHEN ('/' || new.file_path || '/') GLOB '*[. ]/*'
      THEN RAISE(ABORT, 'artifact: file_path must not have a name ending in a dot or a space (artifact.path): Windows drops them, so git there cannot check the file out, which breaks the clone of every teammate on Windows; rename the file')
    WHEN new.file_path GLOB '*[<>:"|?*]*'
      THEN RAISE(ABORT, 'artifact: file_path must not have a name holding < > : " | ? or * (artifact.path): Windows does not allow them, so git there cannot check the file out, which breaks the clone of every teammate on Windows; rename the file')
  END;
END;

-- The case rule has triggers of its own: in one statement with the recursive CTE above, SQLite
-- 3.40 did not seek the index for it (100,000 inserts in one statement: 84 s instead of 4).
CREATE TRIGGER artifacts_portable_case_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE lower(file_path) = lower(new.file_path) AND file_path <> new.file_path)
      THEN RAISE(ABORT, 'artifact: file_path must not differ from another artifact''s only in case (artifact.path): on macOS and Windows the two paths are one file; register the path that artifact has, or remove it first')
  END;
END;

CREATE TRIGGER artifacts_portable_case_update BEFORE UPDATE OF file_path ON artifacts
BEGIN
  SELECT CASE
    WHEN old.file_path IS new.file_path THEN NULL
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE lower(file_path) = lower(new.file_path) AND file_path <> new.file_path AND id <> new.id)
      THEN RAISE(ABORT, 'artifact: file_path must not differ from another artifact''s only in case (artifact.path): on macOS and Windows the two paths are one file; register the path that artifact has, or remove it first')
  END;
END;
