import type { Platform } from "../../core/conversation.ts";
import type { Db } from "../../db/open.ts";

/** A group chat, as the platform names it. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
}

export type LinkState = "valid" | "used" | "expired" | "unknown";

export interface SessionRecord {
  id: number;
  userId: number;
  expiresAt: Date;
}

/**
 * Sign-in links, browser sessions and group-page rights (db/011_web.sql). Callers pass SHA-256 hashes of
 * the tokens, never the tokens: what is stored here cannot be replayed.
 */
export class WebSessionStore {
  constructor(private readonly db: Db) {}

  addSignInToken(hash: string, userId: number, chat: ChatRef | undefined, now: Date, ttlMs: number): Date {
    const expiresAt = new Date(now.getTime() + ttlMs);
    this.db
      .prepare(
        `INSERT INTO web_sign_in_tokens (token_hash, user_id, chat_platform, chat_id, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hash,
        userId,
        chat?.platform ?? null,
        chat?.chatId ?? null,
        now.toISOString(),
        expiresAt.toISOString(),
      );
    return expiresAt;
  }

  /** How many links the user asked for since `since`. */
  signInTokensSince(userId: number, since: Date): number {
    const row = this.db
      .prepare<[number, string], { count: number }>(
        "SELECT COUNT(*) AS count FROM web_sign_in_tokens WHERE user_id = ? AND created_at >= ?",
      )
      .get(userId, since.toISOString());
    return row?.count ?? 0;
  }

  /** What a link is now, without using it (the page that asks the browser to sign in). */
  linkState(hash: string, now: Date): LinkState {
    const row = this.db
      .prepare<[string], { expires_at: string; used_at: string | null }>(
        "SELECT expires_at, used_at FROM web_sign_in_tokens WHERE token_hash = ?",
      )
      .get(hash);
    if (!row) return "unknown";
    if (row.used_at !== null) return "used";
    return row.expires_at > now.toISOString() ? "valid" : "expired";
  }

  /** Uses a link once: its user and chat, or undefined when it is unknown, used or expired. */
  useSignInToken(hash: string, now: Date): { userId: number; chat?: ChatRef } | undefined {
    const row = this.db
      .prepare<
        [string, string, string],
        { user_id: number; chat_platform: Platform | null; chat_id: string | null }
      >(
        `UPDATE web_sign_in_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id, chat_platform, chat_id`,
      )
      .get(now.toISOString(), hash, now.toISOString());
    if (!row) return undefined;
    const chat =
      row.chat_platform !== null && row.chat_id !== null
        ? { platform: row.chat_platform, chatId: row.chat_id }
        : undefined;
    return { userId: row.user_id, ...(chat ? { chat } : {}) };
  }

  addSession(hash: string, userId: number, now: Date, ttlMs: number): SessionRecord {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const result = this.db
      .prepare("INSERT INTO web_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .run(hash, userId, now.toISOString(), expiresAt.toISOString());
    return { id: Number(result.lastInsertRowid), userId, expiresAt };
  }

  /** The live session with this token hash: not expired, not revoked. */
  session(hash: string, now: Date): SessionRecord | undefined {
    const row = this.db
      .prepare<[string, string], { id: number; user_id: number; expires_at: string }>(
        `SELECT id, user_id, expires_at FROM web_sessions
         WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
      )
      .get(hash, now.toISOString());
    return row && { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at) };
  }

  revokeSession(sessionId: number, now: Date): void {
    this.db
      .prepare("UPDATE web_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
      .run(now.toISOString(), sessionId);
  }

  /** Ends every live session of the user and voids their unused links; returns the sessions ended. */
  revokeAll(userId: number, now: Date): number {
    return this.db
      .transaction(() => {
        this.db.prepare("DELETE FROM web_sign_in_tokens WHERE user_id = ? AND used_at IS NULL").run(userId);
        return this.db
          .prepare(
            `UPDATE web_sessions SET revoked_at = ?
             WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?`,
          )
          .run(now.toISOString(), userId, now.toISOString()).changes;
      })
      .immediate();
  }

  grantGroup(sessionId: number, chat: ChatRef, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO web_group_access (session_id, chat_platform, chat_id, granted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(sessionId, chat.platform, chat.chatId, now.toISOString());
  }

  canOpenGroup(sessionId: number, chat: ChatRef): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM web_group_access WHERE session_id = ? AND chat_platform = ? AND chat_id = ?")
        .get(sessionId, chat.platform, chat.chatId) !== undefined
    );
  }

  groupsOf(sessionId: number): ChatRef[] {
    return this.db
      .prepare<[number], { chat_platform: Platform; chat_id: string }>(
        "SELECT chat_platform, chat_id FROM web_group_access WHERE session_id = ? ORDER BY granted_at DESC",
      )
      .all(sessionId)
      .map((row) => ({ platform: row.chat_platform, chatId: row.chat_id }));
  }

  setHidden(userId: number, chat: ChatRef, hidden: boolean, now: Date): void {
    if (hidden) {
      this.db
        .prepare(
          `INSERT INTO web_hidden_members (user_id, chat_platform, chat_id, hidden_at) VALUES (?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(userId, chat.platform, chat.chatId, now.toISOString());
    } else {
      this.db
        .prepare("DELETE FROM web_hidden_members WHERE user_id = ? AND chat_platform = ? AND chat_id = ?")
        .run(userId, chat.platform, chat.chatId);
    }
  }

  /** The members who hide their name on this chat's page. */
  hiddenIn(chat: ChatRef): Set<number> {
    const rows = this.db
      .prepare<[string, string], { user_id: number }>(
        "SELECT user_id FROM web_hidden_members WHERE chat_platform = ? AND chat_id = ?",
      )
      .all(chat.platform, chat.chatId);
    return new Set(rows.map((row) => row.user_id));
  }

  /** Forgets links and sessions that ended before `before`; returns how many rows went. */
  forgetEnded(before: Date): number {
    const cutoff = before.toISOString();
    return this.db
      .transaction(
        () =>
          this.db.prepare("DELETE FROM web_sign_in_tokens WHERE expires_at < ?").run(cutoff).changes +
          this.db
            .prepare("DELETE FROM web_sessions WHERE expires_at < ? OR revoked_at < ?")
            .run(cutoff, cutoff).changes,
      )
      .immediate();
  }
}
