-- Scheduled group quizzes and weekly standings (issue 15). At most one schedule per chat. Every run — a
-- quiz on a local date, or a Monday's standings — is claimed by inserting its row BEFORE anything is
-- posted, as reminder sends are: the primary key is the claim, so restarts and a second process on this
-- file never double a quiz.

CREATE TABLE group_quiz_schedules (
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
  -- only they may change it.
  set_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Occurrences before this instant are not owed (set just now).
  active_since TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
);

CREATE TABLE group_quiz_runs (
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'standings')),
  -- The local date of the quiz, or the Monday the standings (of the week before) are posted on.
  local_date TEXT NOT NULL,
  scheduled_for TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed', 'skipped')),
  quiz_id INTEGER REFERENCES group_quizzes (id) ON DELETE SET NULL,
  claimed_at TEXT NOT NULL,
  finished_at TEXT,
  -- Why it was skipped or failed.
  note TEXT,
  PRIMARY KEY (platform, chat_id, kind, local_date)
);
CREATE INDEX group_quiz_runs_recent ON group_quiz_runs (scheduled_for);

-- Weekly standings read a chat's quizzes by start time.
CREATE INDEX group_quizzes_chat ON group_quizzes (platform, chat_id, started_at);
