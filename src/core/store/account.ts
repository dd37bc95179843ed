import type { Db } from "../../db/open.ts";

/** The platform user id of the stand-in that keeps a group's shared history after its owner leaves. */
export const FORMER_MEMBER_ID = "(former member)";

/**
 * Removes a learner and everything of theirs. Every table keyed by the user cascades from `users`, so
 * deleting that row removes their answers, memos, position, review cards, reminders, time zone and web
 * sessions. What the learner started for a whole group (a group quiz, or a question other members also
 * answered) is the group's history: it is handed to a nameless stand-in first, so the other members'
 * answers stay.
 */
export class AccountStore {
  constructor(private readonly db: Db) {}

  /** Deletes the user; false when there was no such user. */
  delete(userId: number, now: Date): boolean {
    return this.db
      .transaction(() => {
        const user = this.db
          .prepare<[number], { platform: string }>("SELECT platform FROM users WHERE id = ?")
          .get(userId);
        if (!user) return false;
        if (this.hasSharedHistory(userId)) {
          const standIn = this.standIn(user.platform, now);
          this.db
            .prepare(
              `UPDATE quiz_prompts SET asked_by = ? WHERE asked_by = ?
                 AND (id IN (SELECT prompt_id FROM group_quiz_rounds)
                   OR EXISTS (SELECT 1 FROM attempts a WHERE a.prompt_id = quiz_prompts.id AND a.user_id <> ?))`,
            )
            .run(standIn, userId, userId);
          this.db
            .prepare("UPDATE group_quizzes SET started_by = ? WHERE started_by = ?")
            .run(standIn, userId);
        }
        return this.db.prepare("DELETE FROM users WHERE id = ?").run(userId).changes === 1;
      })
      .immediate();
  }

  private hasSharedHistory(userId: number): boolean {
    const row = this.db
      .prepare<[number, number, number], { shared: number }>(
        `SELECT EXISTS (SELECT 1 FROM group_quizzes WHERE started_by = ?)
             OR EXISTS (SELECT 1 FROM quiz_prompts p JOIN attempts a ON a.prompt_id = p.id
                        WHERE p.asked_by = ? AND a.user_id <> ?) AS shared`,
      )
      .get(userId, userId, userId);
    return (row?.shared ?? 0) === 1;
  }

  private standIn(platform: string, now: Date): number {
    const row = this.db
      .prepare<[string, string, string], { id: number }>(
        `INSERT INTO users (platform, platform_user_id, display_name, created_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (platform, platform_user_id) DO UPDATE SET display_name = NULL RETURNING id`,
      )
      .get(platform, FORMER_MEMBER_ID, now.toISOString());
    if (!row) throw new Error("could not create the former-member stand-in");
    return row.id;
  }
}
