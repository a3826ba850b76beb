-- mlos V8: the change log's delete guard lets go of the rows every compile record has read
-- (issue 20). A compile prunes those rows after it recorded its horizon (docs/schema.md, "The
-- change log"); V5's guard refused every delete, so each prune dropped it, deleted, and created
-- it again, and with it every trigger, index and view created after it, to keep the schema's
-- order. At 100,000 pages that re-created the compile record's index by view, about 0.25 s per
-- prune, and every prune changed the schema's version, so every other connection (an agent's
-- server) prepared its statements again.
--
-- The rule is the one the prune followed: a row at or below the lowest changes_through of
-- mlos_compile_reads has been read by every compile record and may go; any other row stays, and
-- without a compile record with a horizon none may go. A delete in the sqlite3 shell follows the
-- same rule. Rows are never changed (mlos_changes_no_update is as V5 made it). Loadable by the
-- sqlite3 shell 3.40+.

DROP TRIGGER mlos_changes_no_delete;

CREATE TRIGGER mlos_changes_no_delete BEFORE DELETE ON mlos_changes
WHEN OLD.seq > coalesce((SELECT min(changes_through) FROM mlos_compile_reads), -1)
BEGIN
  SELECT RAISE(ABORT, 'mlos_changes keeps every change a compile record has not read yet: only rows at or below the lowest mlos_compile_reads.changes_through may be deleted');
END;
