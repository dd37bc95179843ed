-- Training jobs (issue 3): one row per `/train` request that was queued. Owners are kept as platform ids
-- (no reference to users) so the trainer stays independent of the other tables.

CREATE TABLE train_jobs (
  id INTEGER PRIMARY KEY,
  owner_platform TEXT NOT NULL,
  owner_chat_id TEXT NOT NULL,
  owner_user_id TEXT NOT NULL,
  owner_chat_kind TEXT NOT NULL CHECK (owner_chat_kind IN ('direct', 'group')),
  locale TEXT NOT NULL CHECK (locale IN ('ja', 'en')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  -- The resolved TrainParams.
  params_json TEXT NOT NULL,
  -- Set only for seeded jobs: identical parameters with a seed reuse a done job's result.
  cache_key TEXT,
  -- Per-epoch metrics of every run so far (RunHistory[]), updated after each epoch.
  history_json TEXT NOT NULL DEFAULT '[]',
  -- The whole TrainResult once done.
  result_json TEXT,
  backend TEXT,
  error TEXT,
  chart_path TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  train_seconds REAL
);

CREATE INDEX train_jobs_status ON train_jobs (status, id);
CREATE INDEX train_jobs_owner ON train_jobs (owner_platform, owner_user_id, status);
CREATE INDEX train_jobs_cache ON train_jobs (cache_key) WHERE cache_key IS NOT NULL;
