-- mlos V17: no artifact's file_path is in git's own .git directory, whoever writes it.
-- The engine refuses to register a file there (git rewrites the index with every add and HEAD with
-- every commit, and its config holds a remote's URL, often with a token), but the database took
-- the row from any other client: an artifact at '.git/config' written with the sqlite3 shell was
-- hashed by the guard and, reachable from an agent's needs, inlined by the compile into the
-- agent's context pack, a page the team commits and pushes (the compile now lists such a file as
-- not read, for rows from before V17 and rows a pull copies). Now these triggers refuse a
-- file_path with a segment '.git' in any ASCII case (.git/config, sub/.GIT/HEAD, .git itself).
--
-- As in V11 only a write of the path is judged: an UPDATE that leaves file_path as it was passes,
-- so a row written before V17 keeps its path and can still be retitled, rehashed or removed. No
-- row changes; as in V2 the id-exists case comes first in the insert trigger. GLOB is used, not
-- LIKE, which PRAGMA case_sensitive_like changes. Loadable by the sqlite3 shell 3.40+.

CREATE TRIGGER artifacts_not_in_git_insert BEFORE INSERT ON artifacts
BEGIN
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM artifacts WHERE id = new.id) THEN RAISE(ABORT, 'artifact: id exists; use UPDATE')
    WHEN ('/' || lower(new.file_path) || '/') GLOB '*/.git/*'
      THEN RAISE(ABORT, 'artifact: file_path must not be in git''s own .git (artifact.path): git rewrites what it keeps there, so it cannot be an artifact; register the files your work produces')
  END;
END;

CREATE TRIGGER artifacts_not_in_git_update BEFORE UPDATE OF file_path ON artifacts
BEGIN
  SELECT CASE
    WHEN old.file_path IS NOT new.file_path AND ('/' || lower(new.file_path) || '/') GLOB '*/.git/*'
      THEN RAISE(ABORT, 'artifact: file_path must not be in git''s own .git (artifact.path): git rewrites what it keeps there, so it cannot be an artifact; register the files your work produces')
  END;
END;
