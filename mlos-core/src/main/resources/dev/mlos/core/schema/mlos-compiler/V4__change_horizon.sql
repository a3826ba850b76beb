-- What an incremental compile needs to trust the record of the last one (issue 20): the last
-- mlos_changes.seq that compile's pages reflect (read before its first query; NULL when the
-- database keeps no change log), the database's schema_version then (a changed schema, a trigger
-- dropped included, makes the next compile render as before), and each view's seed (PageInputs:
-- mlos's code, the configuration and the view's template) as a JSON object by view name.
ALTER TABLE mlos_compile_reads ADD COLUMN changes_through INTEGER;
ALTER TABLE mlos_compile_reads ADD COLUMN schema_version INTEGER;
ALTER TABLE mlos_compile_reads ADD COLUMN view_seeds TEXT CHECK (view_seeds IS NULL OR json_valid(view_seeds));
-- The recorded pages of one view, read once per view by an incremental compile.
CREATE INDEX mlos_outputs_by_view ON mlos_outputs (workspace, view);
