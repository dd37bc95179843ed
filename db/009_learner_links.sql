-- One learner across platforms (issue 15). Every platform identity stays its own users row (an account).
-- An account joined to a learner points at the learner's first account, whose users.id keys all their
-- data (answers, memos, review cards, streaks, lesson position, reminder). A third platform is one more
-- row here: linking needs no schema change.
CREATE TABLE account_links (
  account_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  linked_at TEXT NOT NULL,
  CHECK (account_id <> learner_id)
);
CREATE INDEX account_links_learner ON account_links (learner_id);

-- One-time codes for /link. Only a hash of the code is kept; used codes stay, so a reused code is told
-- apart from a wrong one.
CREATE TABLE link_codes (
  code_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX link_codes_account ON link_codes (account_id);

-- Codes typed that were wrong, expired or used: a few per account are allowed in a while, then no more.
CREATE TABLE link_failures (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  failed_at TEXT NOT NULL
);
CREATE INDEX link_failures_account ON link_failures (account_id, failed_at);

-- A reminder goes to the account it was set from, which need not be the learner's first account: its
-- platform user id is kept with it. NULL (every reminder from before): the learner's own account.
ALTER TABLE reminders ADD COLUMN platform_user_id TEXT;
