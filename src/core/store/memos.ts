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
    return {
      memos: rows.map((row) => ({
        id: row.id,
        step: row.step,
        body: row.body,
        createdAt: new Date(row.created_at),
      })),
      total,
    };
  }

  /** Deletes one of the user's own memos; false when there is no such memo of theirs. */
  delete(userId: number, memoId: number): boolean {
    return (
      this.db.prepare("DELETE FROM memos WHERE id = ? AND user_id = ?").run(memoId, userId).changes === 1
    );
  }
}
