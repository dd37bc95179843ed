import type { Db } from "../../db/open.ts";
import type { Address, Locale, Platform } from "../conversation.ts";
import { DEFAULT_TIME_ZONE } from "../time/zone.ts";
import { formatLocalTime, parseLocalTime } from "./schedule.ts";

export interface Reminder {
  userId: number;
  minuteOfDay: number;
  /**
   * Where it goes: the chat /remind was typed in, with the platform id of the account that typed it
   * (pushers may prefer a DM).
   */
  address: Address;
  activeSince: Date;
}

/** A reminder with what the scheduler needs to time and word it. */
export interface ScheduledReminder extends Reminder {
  timeZone: string;
  locale: Locale;
}

export type SendStatus = "claimed" | "sent" | "failed" | "skipped";

export interface Claim {
  userId: number;
  localDate: string;
  scheduledFor: Date;
  /** The reminder time the decision was made for: a claim is refused if the reminder changed meanwhile. */
  minuteOfDay: number;
  status: Extract<SendStatus, "claimed" | "skipped">;
}

interface ReminderRow {
  user_id: number;
  local_time: string;
  platform: Platform;
  chat_id: string;
  chat_kind: "direct" | "group";
  platform_user_id: string;
  active_since: string;
}

const toReminder = (row: ReminderRow): Reminder => ({
  userId: row.user_id,
  minuteOfDay: parseLocalTime(row.local_time) ?? 0,
  address: {
    platform: row.platform,
    chatId: row.chat_id,
    userId: row.platform_user_id,
    chatKind: row.chat_kind,
  },
  activeSince: new Date(row.active_since),
});

const REMINDER_COLUMNS = `r.user_id, r.local_time, r.platform, r.chat_id, r.chat_kind, r.active_since,
  COALESCE(r.platform_user_id, u.platform_user_id) AS platform_user_id`;

/**
 * Daily reminders and the sends claimed for them. A send is claimed by inserting (user, local date) under
 * a UNIQUE key before anything is pushed, so whichever scheduler (or restart) gets there first sends and
 * every other one sees the row and stays quiet.
 */
export class ReminderStore {
  constructor(private readonly db: Db) {}

  get(userId: number): Reminder | undefined {
    const row = this.db
      .prepare<[number], ReminderRow>(
        `SELECT ${REMINDER_COLUMNS} FROM reminders r JOIN users u ON u.id = r.user_id WHERE r.user_id = ?`,
      )
      .get(userId);
    return row && toReminder(row);
  }

  /**
   * Sets (or moves) the user's reminder; occurrences before `now` are not owed. `localeHint` is the
   * platform's language seen as it was set: reminders use it when the user never chose one with /lang.
   */
  set(userId: number, minuteOfDay: number, to: Address, now: Date, localeHint?: Locale): void {
    this.db
      .prepare(
        `INSERT INTO reminders
           (user_id, local_time, platform, chat_id, chat_kind, platform_user_id, locale_hint, active_since, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET local_time = excluded.local_time, platform = excluded.platform,
           chat_id = excluded.chat_id, chat_kind = excluded.chat_kind, platform_user_id = excluded.platform_user_id,
           locale_hint = excluded.locale_hint, active_since = excluded.active_since, updated_at = excluded.updated_at`,
      )
      .run(
        userId,
        formatLocalTime(minuteOfDay),
        to.platform,
        to.chatId,
        to.chatKind,
        to.userId,
        localeHint ?? null,
        now.toISOString(),
        now.toISOString(),
      );
  }

  /** After a time-zone change the old zone's occurrences no longer apply: start counting from `now`. */
  rearm(userId: number, now: Date): void {
    this.db
      .prepare("UPDATE reminders SET active_since = ?, updated_at = ? WHERE user_id = ?")
      .run(now.toISOString(), now.toISOString(), userId);
  }

  /** Turns the reminder off; false when there was none. */
  remove(userId: number): boolean {
    return this.db.prepare("DELETE FROM reminders WHERE user_id = ?").run(userId).changes === 1;
  }

  /** Every reminder to be delivered through one of `platforms`. */
  scheduled(platforms: readonly Platform[]): ScheduledReminder[] {
    if (platforms.length === 0) return [];
    return this.db
      .prepare<
        string[],
        ReminderRow & { time_zone: string | null; locale: Locale | null; locale_hint: Locale | null }
      >(
        `SELECT ${REMINDER_COLUMNS}, t.time_zone, u.locale, r.locale_hint
         FROM reminders r JOIN users u ON u.id = r.user_id LEFT JOIN user_time_zones t ON t.user_id = r.user_id
         WHERE r.platform IN (${platforms.map(() => "?").join(", ")}) ORDER BY r.user_id`,
      )
      .all(...platforms)
      .map((row) => ({
        ...toReminder(row),
        timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
        // The user's own choice (/lang), else the platform's language when the reminder was set.
        locale: row.locale ?? row.locale_hint ?? "ja",
      }));
  }

  /** "userId/localDate" of every claim for an occurrence at or after `since`. */
  claimedSince(since: Date): Set<string> {
    const rows = this.db
      .prepare<[string], { user_id: number; local_date: string }>(
        "SELECT user_id, local_date FROM reminder_sends WHERE scheduled_for >= ?",
      )
      .all(since.toISOString());
    return new Set(rows.map((row) => claimKey(row.user_id, row.local_date)));
  }

  isClaimed(userId: number, localDate: string): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM reminder_sends WHERE user_id = ? AND local_date = ?")
        .get(userId, localDate) !== undefined
    );
  }

  /**
   * Claims the send for (user, local date) in one transaction that also checks the reminder is still the one
   * the decision was made for. True for exactly one caller, however many schedulers share the database.
   */
  claim(claim: Claim, now: Date): boolean {
    return this.db
      .transaction(() => {
        const current = this.db
          .prepare<[number], { local_time: string; active_since: string }>(
            "SELECT local_time, active_since FROM reminders WHERE user_id = ?",
          )
          .get(claim.userId);
        if (!current || current.local_time !== formatLocalTime(claim.minuteOfDay)) return false;
        if (new Date(current.active_since).getTime() > claim.scheduledFor.getTime()) return false;
        const finished = claim.status === "skipped" ? now.toISOString() : null;
        return (
          this.db
            .prepare(
              `INSERT INTO reminder_sends (user_id, local_date, scheduled_for, status, claimed_at, finished_at)
               VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING`,
            )
            .run(
              claim.userId,
              claim.localDate,
              claim.scheduledFor.toISOString(),
              claim.status,
              now.toISOString(),
              finished,
            ).changes === 1
        );
      })
      .immediate();
  }

  /** Records how a claimed send ended. The claim itself stays: a day is never sent twice. */
  finish(userId: number, localDate: string, status: "sent" | "failed", now: Date, error?: string): void {
    this.db
      .prepare(
        "UPDATE reminder_sends SET status = ?, finished_at = ?, error = ? WHERE user_id = ? AND local_date = ?",
      )
      .run(status, now.toISOString(), error ?? null, userId, localDate);
  }

  /** Claims never finished, claimed before `before`: the process stopped between claim and push. */
  interrupted(before: Date): { userId: number; localDate: string; claimedAt: Date }[] {
    return this.db
      .prepare<[string], { user_id: number; local_date: string; claimed_at: string }>(
        "SELECT user_id, local_date, claimed_at FROM reminder_sends WHERE status = 'claimed' AND claimed_at < ?",
      )
      .all(before.toISOString())
      .map((row) => ({
        userId: row.user_id,
        localDate: row.local_date,
        claimedAt: new Date(row.claimed_at),
      }));
  }

  /** Marks interrupted claims as failed so they are reported once. */
  markInterrupted(userId: number, localDate: string, now: Date): void {
    this.db
      .prepare(
        `UPDATE reminder_sends SET status = 'failed', finished_at = ?, error = 'interrupted before the push finished'
         WHERE user_id = ? AND local_date = ? AND status = 'claimed'`,
      )
      .run(now.toISOString(), userId, localDate);
  }
}

export const claimKey = (userId: number, localDate: string): string => `${userId}/${localDate}`;
