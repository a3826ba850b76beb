INSERT INTO needs (title, status, priority, scope) VALUES ('Seeded need one', 'identified', 2, 'seeded');
INSERT INTO needs (title, status, priority, scope) VALUES ('Seeded need two', 'active', 3, 'seeded');
