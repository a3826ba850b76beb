-- mlos V12: a partial index of the open needs in the order PROBLEM.md lists them (the mlos pack's
-- view problem). It changes no rule and no row. Before it, every compile after a change to a need
-- read every need to count the open ones and sorted all of those to list the first problem_limit
-- (about 130 ms of the compile at 100,000 needs, bench/RESULTS.md); now the listing walks the
-- index and stops at the limit, and the count reads the index instead of the table. The order is
-- the view's: priority (none last), most recently updated first, then id; scope and created_at
-- ride along so that the count, the oldest and the newest open need come from the index alone.
CREATE INDEX needs_open_listing ON needs (priority IS NULL, priority, updated_at DESC, id, scope, created_at)
  WHERE status NOT IN ('resolved', 'deferred');
