-- Where a training job lives and which process owns it.
-- queue_job_id: the BullMQ job id when a worker process trains it over Redis (REDIS_URL); NULL when the bot
--   trains it in its own worker thread.
-- worker_host: the host of the worker process that trained it (Redis mode).
-- instance_host, instance_pid: the bot process whose queue owns the job (with instance_id). A process that
--   starts on the same host can tell at once that the owner is gone, instead of waiting for its heartbeat
--   to go stale. Rows from before this migration have neither and are judged by their heartbeat alone.

ALTER TABLE train_jobs ADD COLUMN queue_job_id TEXT;
ALTER TABLE train_jobs ADD COLUMN worker_host TEXT;
ALTER TABLE train_jobs ADD COLUMN instance_host TEXT;
ALTER TABLE train_jobs ADD COLUMN instance_pid INTEGER;

CREATE INDEX train_jobs_queue_job ON train_jobs (queue_job_id) WHERE queue_job_id IS NOT NULL;
