-- Training jobs shared by several bot processes on one database file (e.g. a Discord and a LINE process).
-- Each TrainQueue stamps its random instance id on the jobs it inserts and refreshes heartbeat_at on its
-- queued and running jobs while it lives. Another process treats an active job as interrupted only once
-- its heartbeat is stale, instead of failing every active job at start-up.
-- Rows from before this migration have no instance and no heartbeat: they count as stale at once.

ALTER TABLE train_jobs ADD COLUMN instance_id TEXT;
ALTER TABLE train_jobs ADD COLUMN heartbeat_at TEXT;

CREATE INDEX train_jobs_instance ON train_jobs (instance_id, status);
