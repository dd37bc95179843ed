-- Study habits (issue 6): each user's time zone, daily reminders and the sends claimed for them,
-- Leitner review cards, and group quizzes.

-- Users who never set one are in Asia/Tokyo.
CREATE TABLE user_time_zones (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  time_zone TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One daily reminder per user, at a local time in their zone, pushed to the chat it was set in.
CREATE TABLE reminders (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  local_time TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  chat_kind TEXT NOT NULL CHECK (chat_kind IN ('direct', 'group')),
  -- Occurrences before this instant are not owed (set just now, or the time zone just changed).
  active_since TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per user and local date, inserted BEFORE the push: the primary key is the claim, so a restart,
-- a second scheduler on this file or a slow push can never send the same day twice.
CREATE TABLE reminder_sends (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  local_date TEXT NOT NULL,
  scheduled_for TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
  claimed_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  PRIMARY KEY (user_id, local_date)
);
CREATE INDEX reminder_sends_recent ON reminder_sends (scheduled_for);

-- Leitner boxes 1-5 (intervals 1, 2, 4, 8, 16 days); a card leaves after a right answer in box 5.
-- due_on is a local date in the user's zone.
CREATE TABLE review_cards (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  box INTEGER NOT NULL CHECK (box BETWEEN 1 AND 5),
  due_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, question_id)
);
CREATE INDEX review_cards_due ON review_cards (user_id, due_on);

-- Questions whose latest answer was wrong before this migration start in box 1, due the day after that
-- answer in Asia/Tokyo (the default zone; it has no daylight saving, so +9 hours is exact).
INSERT INTO review_cards (user_id, question_id, step, box, due_on, updated_at)
SELECT a.user_id, a.question_id, a.step, 1, date(a.answered_at, '+9 hours', '+1 day'), a.answered_at
FROM attempts a
WHERE a.correct = 0
  AND a.id = (SELECT MAX(b.id) FROM attempts b WHERE b.user_id = a.user_id AND b.question_id = a.question_id);

-- A quiz played by a whole group chat; at most one running (ended_at NULL) per chat.
CREATE TABLE group_quizzes (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  started_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  seconds INTEGER NOT NULL CHECK (seconds BETWEEN 10 AND 120),
  speed_bonus INTEGER NOT NULL CHECK (speed_bonus IN (0, 1)),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT CHECK (end_reason IN ('finished', 'stopped', 'abandoned'))
);
CREATE UNIQUE INDEX group_quizzes_running ON group_quizzes (platform, chat_id) WHERE ended_at IS NULL;

-- Each question of a group quiz is an ordinary prompt (answers land in attempts like solo ones) with a deadline.
CREATE TABLE group_quiz_rounds (
  prompt_id INTEGER PRIMARY KEY REFERENCES quiz_prompts (id) ON DELETE CASCADE,
  quiz_id INTEGER NOT NULL REFERENCES group_quizzes (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  opened_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  closed_at TEXT,
  UNIQUE (quiz_id, position)
);
