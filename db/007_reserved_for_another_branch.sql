-- Number 007 belongs to a migration on another branch; this empty file only keeps the numbering whole on
-- this branch. When both branches are merged, delete this file (two 007 files stop start-up at once).
SELECT 1;
