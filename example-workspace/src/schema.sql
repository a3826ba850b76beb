-- The five ML OS tables, as the kernel team sketched them before mlos enforced them.
CREATE TABLE needs (id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE tasks (id INTEGER PRIMARY KEY, need_id INTEGER, description TEXT NOT NULL);
