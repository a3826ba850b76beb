INSERT INTO needs (title, status, priority, scope) VALUES ('From the second script', 'identified', 5, 'seeded');
