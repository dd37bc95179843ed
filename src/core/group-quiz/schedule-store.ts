import type { Db } from "../../db/open.ts";
import type { Locale, Platform } from "../conversation.ts";
import { formatLocalTime, parseLocalTime } from "../reminders/schedule.ts";

/** A chat's scheduled group quiz. */
export interface QuizSchedule {
  platform: Platform;
  chatId: string;
  minuteOfDay: number;
  /** ISO weekdays, 1 Monday … 7 Sunday, ascending. */
  weekdays: number[];
  timeZone: string;
  questions: number;
  seconds: number;
  step: number;
  locale: Locale;
  /** users.id of the member who set it; null once they deleted their account (the group keeps it). */
  setBy: number | null;
  activeSince: Date;
}

export type RunKind = "quiz" | "standings";
export type RunStatus = "claimed" | "done" | "failed" | "skipped";

export interface RunClaim {
  platform: Platform;
  chatId: string;
  kind: RunKind;
  localDate: string;
  scheduledFor: Date;
  /** The schedule's time the decision was made for: refused if the schedule changed meanwhile. */
  minuteOfDay: number;
  status: Extract<RunStatus, "claimed" | "skipped">;
  note?: string;
}

/** Which run: a chat's quiz on a date, or its standings on a Monday. */
export type RunRef = Pick<RunClaim, "platform" | "chatId" | "kind" | "localDate">;

interface ScheduleRow {
  platform: Platform;
  chat_id: string;
  local_time: string;
  weekdays: string;
  time_zone: string;
  questions: number;
  seconds: number;
  step: number;
  locale: Locale;
  set_by: number | null;
  active_since: string;
}

const toSchedule = (row: ScheduleRow): QuizSchedule => ({
  platform: row.platform,
  chatId: row.chat_id,
  minuteOfDay: parseLocalTime(row.local_time) ?? 0,
  weekdays: row.weekdays.split(",").map(Number),
  timeZone: row.time_zone,
  questions: row.questions,
  seconds: row.seconds,
  step: row.step,
  locale: row.locale,
  setBy: row.set_by,
  activeSince: new Date(row.active_since),
});

export const runKey = (platform: Platform, chatId: string, kind: RunKind, localDate: string): string =>
  `${platform}:${chatId}/${kind}/${localDate}`;

/**
 * Quiz schedules and their runs. A run is claimed by inserting (chat, kind, local date) under a UNIQUE key
 * before the quiz starts or the standings are posted, so whichever scheduler gets there first runs it.
 */
export class QuizScheduleStore {
  constructor(private readonly db: Db) {}

  get(platform: Platform, chatId: string): QuizSchedule | undefined {
    const row = this.db
      .prepare<[string, string], ScheduleRow>(
        "SELECT * FROM group_quiz_schedules WHERE platform = ? AND chat_id = ?",
      )
      .get(platform, chatId);
    return row && toSchedule(row);
  }

  /** Sets (or replaces) the chat's schedule; occurrences before `now` are not owed. */
  set(schedule: Omit<QuizSchedule, "activeSince">, now: Date): QuizSchedule {
    this.db
      .prepare(
        `INSERT INTO group_quiz_schedules (platform, chat_id, local_time, weekdays, time_zone, questions, seconds,
           step, locale, set_by, active_since, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, chat_id) DO UPDATE SET local_time = excluded.local_time,
           weekdays = excluded.weekdays, time_zone = excluded.time_zone, questions = excluded.questions,
           seconds = excluded.seconds, step = excluded.step, locale = excluded.locale, set_by = excluded.set_by,
           active_since = excluded.active_since, updated_at = excluded.updated_at`,
      )
      .run(
        schedule.platform,
        schedule.chatId,
        formatLocalTime(schedule.minuteOfDay),
        schedule.weekdays.join(","),
        schedule.timeZone,
        schedule.questions,
        schedule.seconds,
        schedule.step,
        schedule.locale,
        schedule.setBy,
        now.toISOString(),
        now.toISOString(),
      );
    return { ...schedule, activeSince: now };
  }

  remove(platform: Platform, chatId: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM group_quiz_schedules WHERE platform = ? AND chat_id = ?")
        .run(platform, chatId).changes === 1
    );
  }

  /** Every schedule of the given platforms (those this process can post to). */
  all(platforms: readonly Platform[]): QuizSchedule[] {
    if (platforms.length === 0) return [];
    return this.db
      .prepare<[string], ScheduleRow>(
        "SELECT * FROM group_quiz_schedules WHERE platform IN (SELECT value FROM json_each(?)) ORDER BY platform, chat_id",
      )
      .all(JSON.stringify(platforms))
      .map(toSchedule);
  }

  /** `runKey`s of every run claimed for an occurrence at or after `since`. */
  claimedSince(since: Date): Set<string> {
    const rows = this.db
      .prepare<[string], { platform: Platform; chat_id: string; kind: RunKind; local_date: string }>(
        "SELECT platform, chat_id, kind, local_date FROM group_quiz_runs WHERE scheduled_for >= ?",
      )
      .all(since.toISOString());
    return new Set(rows.map((row) => runKey(row.platform, row.chat_id, row.kind, row.local_date)));
  }

  isClaimed(platform: Platform, chatId: string, kind: RunKind, localDate: string): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM group_quiz_runs WHERE platform = ? AND chat_id = ? AND kind = ? AND local_date = ?",
        )
        .get(platform, chatId, kind, localDate) !== undefined
    );
  }

  /**
   * Claims a run in one transaction that also checks the schedule is still the one the decision was made
   * for. True for exactly one caller, however many schedulers share the database.
   */
  claim(claim: RunClaim, now: Date): boolean {
    return this.db
      .transaction(() => {
        const current = this.get(claim.platform, claim.chatId);
        if (!current || current.minuteOfDay !== claim.minuteOfDay) return false;
        if (current.activeSince.getTime() > claim.scheduledFor.getTime()) return false;
        return (
          this.db
            .prepare(
              `INSERT INTO group_quiz_runs (platform, chat_id, kind, local_date, scheduled_for, status, claimed_at,
                 finished_at, note)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            )
            .run(
              claim.platform,
              claim.chatId,
              claim.kind,
              claim.localDate,
              claim.scheduledFor.toISOString(),
              claim.status,
              now.toISOString(),
              claim.status === "skipped" ? now.toISOString() : null,
              claim.note ?? null,
            ).changes === 1
        );
      })
      .immediate();
  }

  /** Records how a claimed run ended. The claim itself stays: a day never gets a second quiz. */
  finish(
    run: RunRef,
    outcome: { status: Exclude<RunStatus, "claimed">; quizId?: number; note?: string },
    now: Date,
  ): void {
    this.db
      .prepare(
        `UPDATE group_quiz_runs SET status = ?, quiz_id = COALESCE(?, quiz_id), note = ?, finished_at = ?
         WHERE platform = ? AND chat_id = ? AND kind = ? AND local_date = ?`,
      )
      .run(
        outcome.status,
        outcome.quizId ?? null,
        outcome.note ?? null,
        now.toISOString(),
        run.platform,
        run.chatId,
        run.kind,
        run.localDate,
      );
  }

  /** How a run ended (for tests and the log). */
  run(
    platform: Platform,
    chatId: string,
    kind: RunKind,
    localDate: string,
  ): { status: RunStatus; quizId: number | null; note: string | null } | undefined {
    const row = this.db
      .prepare<
        [string, string, string, string],
        { status: RunStatus; quiz_id: number | null; note: string | null }
      >(
        "SELECT status, quiz_id, note FROM group_quiz_runs WHERE platform = ? AND chat_id = ? AND kind = ? AND local_date = ?",
      )
      .get(platform, chatId, kind, localDate);
    return row && { status: row.status, quizId: row.quiz_id, note: row.note };
  }

  /**
   * Claims left unfinished since before `before` (the process stopped between claim and post) are marked
   * failed and returned, each by exactly one caller, so they are reported once.
   */
  failInterrupted(before: Date, now: Date): (RunRef & { scheduledFor: Date })[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare<
            [string],
            { platform: Platform; chat_id: string; kind: RunKind; local_date: string; scheduled_for: string }
          >(
            "SELECT platform, chat_id, kind, local_date, scheduled_for FROM group_quiz_runs WHERE status = 'claimed' AND claimed_at < ?",
          )
          .all(before.toISOString());
        const fail = this.db.prepare(
          `UPDATE group_quiz_runs SET status = 'failed', finished_at = ?, note = 'interrupted before it was posted'
           WHERE platform = ? AND chat_id = ? AND kind = ? AND local_date = ?`,
        );
        for (const row of rows)
          fail.run(now.toISOString(), row.platform, row.chat_id, row.kind, row.local_date);
        return rows.map((row) => ({
          platform: row.platform,
          chatId: row.chat_id,
          kind: row.kind,
          localDate: row.local_date,
          scheduledFor: new Date(row.scheduled_for),
        }));
      })
      .immediate();
  }
}
