import type { Db } from "../../db/open.ts";

export interface Memo {
  id: number;
  step: number;
  body: string;
  createdAt: Date;
}

interface MemoRow {
  id: number;
  step: number;
  body: string;
  created_at: string;
}

const toMemo = (row: MemoRow): Memo => ({
  id: row.id,
  step: row.step,
  body: row.body,
  createdAt: new Date(row.created_at),
});

export class MemoStore {
  constructor(private readonly db: Db) {}

  add(userId: number, step: number, body: string, now: Date): Memo {
    const result = this.db
      .prepare("INSERT INTO memos (user_id, step, body, created_at) VALUES (?, ?, ?, ?)")
      .run(userId, step, body, now.toISOString());
    return { id: Number(result.lastInsertRowid), step, body, createdAt: now };
  }

  /** The user's memos for a step, newest first: `limit` of them after skipping `offset`. */
  list(userId: number, step: number, limit: number, offset = 0): { memos: Memo[]; total: number } {
    const rows = this.db
      .prepare<[number, number, number, number], MemoRow>(
        "SELECT id, step, body, created_at FROM memos WHERE user_id = ? AND step = ? ORDER BY id DESC LIMIT ? OFFSET ?",
      )
      .all(userId, step, limit, offset);
    const { total } = this.db
      .prepare<[number, number], { total: number }>(
        "SELECT COUNT(*) AS total FROM memos WHERE user_id = ? AND step = ?",
      )
      .get(userId, step) as { total: number };
    return { memos: rows.map(toMemo), total };
  }

  /**
   * The user's memos of every step, newest first, whose text contains `query` (all of them when it is
   * empty; case-insensitive for ASCII letters): `limit` of them after skipping `offset`.
   */
  search(userId: number, query: string, limit: number, offset = 0): { memos: Memo[]; total: number } {
    // instr() matches literally: a memo search for "50%" or "a_b" must not read them as LIKE patterns.
    const where = "user_id = ? AND (? = '' OR instr(lower(body), lower(?)) > 0)";
    const rows = this.db
      .prepare<[number, string, string, number, number], MemoRow>(
        `SELECT id, step, body, created_at FROM memos WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
      )
      .all(userId, query, query, limit, offset);
    const { total } = this.db
      .prepare<[number, string, string], { total: number }>(
        `SELECT COUNT(*) AS total FROM memos WHERE ${where}`,
      )
      .get(userId, query, query) as { total: number };
    return { memos: rows.map(toMemo), total };
  }

  /** Replaces the text of one of the user's own memos; false when there is no such memo of theirs. */
  edit(userId: number, memoId: number, body: string): boolean {
    return (
      this.db.prepare("UPDATE memos SET body = ? WHERE id = ? AND user_id = ?").run(body, memoId, userId)
        .changes === 1
    );
  }

  /** Deletes one of the user's own memos; false when there is no such memo of theirs. */
  delete(userId: number, memoId: number): boolean {
    return (
      this.db.prepare("DELETE FROM memos WHERE id = ? AND user_id = ?").run(memoId, userId).changes === 1
    );
  }
}
