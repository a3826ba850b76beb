-- agentos-graph V3: graph_records took a record's title from its shape's registry row ('shape:<name>'
-- in settings) even when that row holds a key twice in one object (written with the sqlite3 shell,
-- which takes it), while the shape's page and every record view read such a row as none, since
-- which value was meant cannot be told (SQLite's JSON functions read the first, a JSON reader the
-- last). A record of that shape was titled, and its page named, by a title field its own page said
-- was left out. Now such a row has no title field, as a row that is no JSON: the record is titled
-- by its node id. No row changes. Loadable by the sqlite3 shell 3.40+.

DROP VIEW graph_records;

-- Records as the views see them: every node with a _shape value, its primary shape, and its title
-- (the value of the shape's title field, else the node id).
CREATE VIEW graph_records (id, shape, title, created_at, updated_at) AS
SELECT n.id, s.value,
       COALESCE((SELECT CAST(t.value AS TEXT) FROM node_vals t
                  WHERE t.node_id = n.id
                    AND t.key = (SELECT CASE WHEN json_valid(g.value)
                                              AND NOT EXISTS (SELECT 1 FROM json_tree(g.value) k
                                                               GROUP BY k.parent, k.key HAVING count(*) > 1)
                                             THEN json_extract(g.value, '$.title_field') END
                                   FROM settings g WHERE g.key = 'shape:' || s.value)),
                n.id),
       n.created_at, n.updated_at
  FROM nodes n JOIN node_vals s ON s.node_id = n.id AND s.key = '_shape';
