import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";
import { UserStore } from "./users.ts";

export { FORMER_MEMBER_ID } from "./users.ts";

/**
 * Removes a learner and everything of theirs. Every table keyed by the user cascades from `users`, so
 * deleting that row removes their answers, memos, position, review cards, reminders, time zone and web
 * sessions. What the learner started for a whole group (a group quiz, or a question other members also
 * answered) is the group's history: it is handed to a nameless stand-in first, so the other members'
 * answers stay. A group quiz schedule they set stays too, with no setter (set_by ON DELETE SET NULL).
 */
export class AccountStore {
  constructor(private readonly db: Db) {}

  /** Deletes the user; false when there was no such user. */
  delete(userId: number, now: Date): boolean {
    return this.db
      .transaction(() => {
        const user = this.db
          .prepare<[number], { platform: Platform }>("SELECT platform FROM users WHERE id = ?")
          .get(userId);
        if (!user) return false;
        if (this.hasSharedHistory(userId)) {
          const standIn = new UserStore(this.db).formerMember(user.platform, now);
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
}
