-- What each page was rendered from (its rows, its path, the view's configuration, template and mlos's
-- code), hashed: a later compile that finds the same hash and the file as written keeps the page
-- without rendering it. NULL (rows recorded before this column existed) always renders.
ALTER TABLE mlos_outputs ADD COLUMN input_hash TEXT;
