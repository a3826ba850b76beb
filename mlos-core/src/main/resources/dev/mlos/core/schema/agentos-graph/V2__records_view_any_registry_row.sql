-- agentos-graph V2: graph_records reads a shape's title field from its registry row in settings
-- ('shape:<name>'), which any client may write: V1 read it with json_extract, which fails on a
-- value that is no JSON at all ('book, also product' written with the sqlite3 shell), so every
-- query of the view failed with SQLite's bare "malformed JSON", and with it the records and shapes
-- views of the agentos-graph pack for every record of the workspace. Such a row now has no title
-- field (a record of that shape is titled by its node id, as one whose shape defines none), and
-- the shape's page says the row was left out. No row changes. Loadable by the sqlite3 shell 3.40+.

DROP VIEW graph_records;

-- Records as the views see them: every node with a _shape value, its primary shape, and its title
-- (the value of the shape's title field, else the node id).
CREATE VIEW graph_records (id, shape, title, created_at, updated_at) AS
SELECT n.id, s.value,
       COALESCE((SELECT CAST(t.value AS TEXT) FROM node_vals t
                  WHERE t.node_id = n.id
                    AND t.key = (SELECT CASE WHEN json_valid(g.value) THEN json_extract(g.value, '$.title_field') END
                                   FROM settings g WHERE g.key = 'shape:' || s.value)),
                n.id),
       n.created_at, n.updated_at
  FROM nodes n JOIN node_vals s ON s.node_id = n.id AND s.key = '_shape';
