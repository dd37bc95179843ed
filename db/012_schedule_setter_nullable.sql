-- A group keeps its scheduled quiz when the member who set it deletes their account: set_by becomes NULL
-- (ON DELETE SET NULL) instead of taking the schedule with it (ON DELETE CASCADE), so their identity is
-- gone and the group's schedule stays. SQLite cannot change a column's constraint in place, so the table
-- is rebuilt (create the new one, copy, drop the old one, rename the new one: the SQLite docs' procedure).
--
-- No PRAGMA foreign_keys = OFF: it cannot change inside the transaction a migration runs in, and it is not
-- needed — no table references group_quiz_schedules, so dropping it removes no other row, and the new
-- table is renamed to the old name (not the old table away), so no reference is rewritten. The table has
-- no index, trigger or view besides its primary key.

CREATE TABLE group_quiz_schedules_new (
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  local_time TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  -- ISO weekdays it runs on, 1 Monday … 7 Sunday, ascending and comma-separated ('1,2,3,4,5').
  weekdays TEXT NOT NULL CHECK (weekdays GLOB '[1-7]*'),
  time_zone TEXT NOT NULL,
  questions INTEGER NOT NULL CHECK (questions BETWEEN 1 AND 10),
  seconds INTEGER NOT NULL CHECK (seconds BETWEEN 10 AND 120),
  step INTEGER NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('ja', 'en')),
  -- The member who set it: the quiz is started in their name, and where the platform has no moderators
  -- only they may change it. NULL once they deleted their account: the quiz is then started by the
  -- nameless former-member stand-in, and anyone in the group may change or stop it.
  set_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  -- Occurrences before this instant are not owed (set just now).
  active_since TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
);

-- A setter missing from users (only possible in a file once opened without foreign keys) is copied as NULL
-- rather than failing the migration.
INSERT INTO group_quiz_schedules_new (platform, chat_id, local_time, weekdays, time_zone, questions, seconds,
  step, locale, set_by, active_since, updated_at)
SELECT platform, chat_id, local_time, weekdays, time_zone, questions, seconds, step, locale,
       (SELECT id FROM users WHERE id = set_by), active_since, updated_at
FROM group_quiz_schedules;

DROP TABLE group_quiz_schedules;
ALTER TABLE group_quiz_schedules_new RENAME TO group_quiz_schedules;
