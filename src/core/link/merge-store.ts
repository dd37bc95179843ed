import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";

/** A reminder as the link reply names it. */
export interface ReminderPlace {
  localTime: string;
  platform: Platform;
  chatId: string;
}

/** What a merge did, for the reply. */
export interface MergeReport {
  /** The learner the data now belongs to (the older first account) and the one merged into it. */
  learnerId: number;
  mergedId: number;
  /** Answers moved over, and answers dropped as the later of two to the same prompt. */
  answers: number;
  duplicateAnswers: number;
  memos: number;
  /** Review cards moved over (one per question: where both had one, the one reviewed last stays). */
  reviewCards: number;
  /** The reminder now in force, and one dropped because both had one. */
  reminder: { kept?: ReminderPlace; dropped?: ReminderPlace };
}

interface ReminderRow {
  local_time: string;
  platform: Platform;
  chat_id: string;
}

const placeOf = (row: ReminderRow | undefined): ReminderPlace | undefined =>
  row && { localTime: row.local_time, platform: row.platform, chatId: row.chat_id };

/**
 * Joins two learners into one, and separates an account again. Each runs in one transaction: the code is
 * used and the data merged together, or neither.
 */
export class AccountMergeStore {
  constructor(private readonly db: Db) {}

  /**
   * Uses the code (false-y when someone used it first) and merges learner `mergedId` into `learnerId`:
   * every row keyed by the merged learner moves over, with these rules —
   * - two answers to the same prompt: the earliest stays (its review log entry too);
   * - lesson position: the one moved most recently; time zone and language: the learner's, else the other's;
   * - review cards: one per question, the one reviewed last; the review log keeps every entry;
   * - reminder: where it was set; when both had one, the learner's stays and the other is reported;
   * - reminder sends: one per local date;
   * - group quizzes started and schedules set, and accounts already joined to the merged learner, follow.
   * Training jobs are keyed by platform address and are found from every account (job-store), not moved.
   */
  link(
    codeHash: string,
    byAccount: number,
    learnerId: number,
    mergedId: number,
    now: Date,
  ): MergeReport | undefined {
    return this.db
      .transaction(() => {
        const used = this.db
          .prepare("UPDATE link_codes SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL")
          .run(now.toISOString(), byAccount, codeHash);
        return used.changes === 1 ? this.merge(learnerId, mergedId, now) : undefined;
      })
      .immediate();
  }

  private merge(learner: number, merged: number, now: Date): MergeReport {
    const run = (sql: string, ...params: unknown[]) => this.db.prepare(sql).run(...params).changes;

    const duplicates = this.db
      .prepare<[number, number, number, number], { id: number; user_id: number; prompt_id: number }>(
        `SELECT a.id, a.user_id, a.prompt_id FROM attempts a
         JOIN attempts b ON b.prompt_id = a.prompt_id AND b.user_id IN (?, ?) AND b.user_id <> a.user_id
         WHERE a.user_id IN (?, ?) AND (a.answered_at > b.answered_at OR (a.answered_at = b.answered_at AND a.id > b.id))`,
      )
      .all(learner, merged, learner, merged);
    for (const duplicate of duplicates) {
      run(
        "DELETE FROM review_log WHERE user_id = ? AND prompt_id = ?",
        duplicate.user_id,
        duplicate.prompt_id,
      );
      run("DELETE FROM attempts WHERE id = ?", duplicate.id);
    }
    const answers = run("UPDATE attempts SET user_id = ? WHERE user_id = ?", learner, merged);
    run("UPDATE quiz_prompts SET asked_by = ? WHERE asked_by = ?", learner, merged);
    const memos = run("UPDATE memos SET user_id = ? WHERE user_id = ?", learner, merged);

    run(
      `INSERT INTO lesson_positions (user_id, step, section_index, updated_at)
       SELECT ?, step, section_index, updated_at FROM lesson_positions WHERE user_id = ?
       ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, section_index = excluded.section_index,
         updated_at = excluded.updated_at WHERE excluded.updated_at > lesson_positions.updated_at`,
      learner,
      merged,
    );
    run("DELETE FROM lesson_positions WHERE user_id = ?", merged);
    run(
      `INSERT INTO user_time_zones (user_id, time_zone, updated_at)
       SELECT ?, time_zone, updated_at FROM user_time_zones WHERE user_id = ? ON CONFLICT (user_id) DO NOTHING`,
      learner,
      merged,
    );
    run("DELETE FROM user_time_zones WHERE user_id = ?", merged);
    run(
      "UPDATE users SET locale = COALESCE(locale, (SELECT locale FROM users WHERE id = ?)) WHERE id = ?",
      merged,
      learner,
    );

    // One card per question: the one reviewed last (a card never reviewed counts as oldest).
    run(
      `DELETE FROM review_cards AS s WHERE s.user_id = ? AND EXISTS (
         SELECT 1 FROM review_cards p WHERE p.user_id = ? AND p.question_id = s.question_id
           AND COALESCE(p.last_review, '') >= COALESCE(s.last_review, ''))`,
      merged,
      learner,
    );
    run(
      "DELETE FROM review_cards WHERE user_id = ? AND question_id IN (SELECT question_id FROM review_cards WHERE user_id = ?)",
      learner,
      merged,
    );
    const reviewCards = run("UPDATE review_cards SET user_id = ? WHERE user_id = ?", learner, merged);
    run("UPDATE review_log SET user_id = ? WHERE user_id = ?", learner, merged);

    const reminder = this.mergeReminders(learner, merged);
    run("UPDATE OR IGNORE reminder_sends SET user_id = ? WHERE user_id = ?", learner, merged);
    run("DELETE FROM reminder_sends WHERE user_id = ?", merged);

    run("UPDATE group_quizzes SET started_by = ? WHERE started_by = ?", learner, merged);
    run("UPDATE group_quiz_schedules SET set_by = ? WHERE set_by = ?", learner, merged);
    run("DELETE FROM link_codes WHERE account_id = ? AND used_at IS NULL", merged);
    run("UPDATE account_links SET learner_id = ? WHERE learner_id = ?", learner, merged);
    run(
      "INSERT INTO account_links (account_id, learner_id, linked_at) VALUES (?, ?, ?)",
      merged,
      learner,
      now.toISOString(),
    );
    return {
      learnerId: learner,
      mergedId: merged,
      answers,
      duplicateAnswers: duplicates.length,
      memos,
      reviewCards,
      reminder,
    };
  }

  /** The reminder stays where it was set; with two, the learner's stays and the other is dropped. */
  private mergeReminders(learner: number, merged: number): MergeReport["reminder"] {
    const select = this.db.prepare<[number], ReminderRow>(
      "SELECT local_time, platform, chat_id FROM reminders WHERE user_id = ?",
    );
    const kept = select.get(learner);
    const other = select.get(merged);
    if (!other) return kept ? { kept: placeOf(kept)! } : {};
    if (kept) {
      this.db.prepare("DELETE FROM reminders WHERE user_id = ?").run(merged);
      return { kept: placeOf(kept)!, dropped: placeOf(other)! };
    }
    // Its account's platform id goes with it, so it still reaches that account.
    this.db
      .prepare(
        `UPDATE reminders SET user_id = ?,
           platform_user_id = COALESCE(platform_user_id, (SELECT platform_user_id FROM users WHERE id = ?))
         WHERE user_id = ?`,
      )
      .run(learner, merged, merged);
    return { kept: placeOf(other)! };
  }

  /**
   * Separates an account from its learner: a joined account leaves; the learner's first account lets every
   * other go. The data stays with the first account; a leaving account takes its settings (time zone,
   * language) and the reminder that was set from it. Returns the accounts that left.
   */
  unlink(accountId: number, now: Date): number[] {
    return this.db
      .transaction(() => {
        const link = this.db
          .prepare<[number], { learner_id: number }>(
            "SELECT learner_id FROM account_links WHERE account_id = ?",
          )
          .get(accountId);
        const learner = link?.learner_id ?? accountId;
        const leaving = link
          ? [accountId]
          : this.db
              .prepare<[number], { account_id: number }>(
                "SELECT account_id FROM account_links WHERE learner_id = ? ORDER BY account_id",
              )
              .all(accountId)
              .map((row) => row.account_id);
        for (const account of leaving) this.detach(account, learner, now);
        return leaving;
      })
      .immediate();
  }

  private detach(account: number, learner: number, now: Date): void {
    const run = (sql: string, ...params: unknown[]) => this.db.prepare(sql).run(...params);
    run("DELETE FROM account_links WHERE account_id = ?", account);
    run(
      `INSERT INTO user_time_zones (user_id, time_zone, updated_at)
       SELECT ?, time_zone, ? FROM user_time_zones WHERE user_id = ?
       ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at`,
      account,
      now.toISOString(),
      learner,
    );
    run(
      "UPDATE users SET locale = COALESCE(locale, (SELECT locale FROM users WHERE id = ?)) WHERE id = ?",
      learner,
      account,
    );
    run(
      `UPDATE reminders SET user_id = ?, platform_user_id = NULL, active_since = ?, updated_at = ?
       WHERE user_id = ? AND (platform, platform_user_id) = (SELECT platform, platform_user_id FROM users WHERE id = ?)`,
      account,
      now.toISOString(),
      now.toISOString(),
      learner,
      account,
    );
  }
}
