-- Users of every platform, lesson positions, quiz prompts and attempts, memos.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  display_name TEXT,
  -- NULL: follow the platform's hint, else Japanese.
  locale TEXT CHECK (locale IN ('ja', 'en')),
  created_at TEXT NOT NULL,
  UNIQUE (platform, platform_user_id)
);

-- Where each user is in the lessons: the step they study and the last snippet shown of it.
CREATE TABLE lesson_positions (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  section_index INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row each time a question is put to a chat. Taps carry the prompt id, so a second tap on the same
-- prompt is recognised; in a group chat each member answers the same prompt once.
CREATE TABLE quiz_prompts (
  id INTEGER PRIMARY KEY,
  question_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  asked_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE INDEX quiz_prompts_chat ON quiz_prompts (platform, chat_id, id);

-- Every answer ever given.
CREATE TABLE attempts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  prompt_id INTEGER NOT NULL REFERENCES quiz_prompts (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'C', 'D')),
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  answered_at TEXT NOT NULL,
  UNIQUE (prompt_id, user_id)
);
CREATE INDEX attempts_user ON attempts (user_id, answered_at);

CREATE TABLE memos (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX memos_user ON memos (user_id, id);
