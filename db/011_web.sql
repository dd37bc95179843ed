-- The study page on the web (issue 12): one-time sign-in links, browser sessions, which group pages a
-- session may open, and members who hide their name on a group's page. Only SHA-256 hashes of the random
-- link and session tokens are stored: a copy of the database does not let anyone sign in.

CREATE TABLE web_sign_in_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Set when /web was typed in a group chat: the link opens that chat's page.
  chat_platform TEXT,
  chat_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) WITHOUT ROWID;
CREATE INDEX web_sign_in_tokens_user ON web_sign_in_tokens (user_id, created_at);

CREATE TABLE web_sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- A session may open a group chat's page only when its sign-in link was asked for in that chat, so the
-- right ends with the session (seven days, or /web logout).
CREATE TABLE web_group_access (
  session_id INTEGER NOT NULL REFERENCES web_sessions (id) ON DELETE CASCADE,
  chat_platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (session_id, chat_platform, chat_id)
) WITHOUT ROWID;

-- Members who chose not to be named on a chat's page (scoreboards and streaks show them anonymously).
CREATE TABLE web_hidden_members (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  chat_platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  hidden_at TEXT NOT NULL,
  PRIMARY KEY (user_id, chat_platform, chat_id)
) WITHOUT ROWID;
