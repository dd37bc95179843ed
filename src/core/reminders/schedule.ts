import { addDays, localDate, zonedInstant } from "../time/zone.ts";

/**
 * When a daily reminder is due. Pure: everything comes from the arguments, so tests can walk any clock
 * across daylight-saving switches. Each local date has exactly one occurrence (see `zonedInstant`), which
 * is what makes "at most once per local day" well defined.
 */

export interface Occurrence {
  /** The local date this occurrence belongs to (the key of the once-a-day claim). */
  date: string;
  at: Date;
}

/** "21:00" / "9:05" (full-width digits and colon too) → minutes since midnight; undefined when not a time. */
export function parseLocalTime(input: string): number | undefined {
  const match = /^(\d{1,2})[:：](\d{2})$/.exec(input.normalize("NFKC").trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? hour * 60 + minute : undefined;
}

export const formatLocalTime = (minuteOfDay: number): string =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;

// The scheduler asks for the same few occurrences every minute; the answer for a date never changes
// (short of a tz-data update, which needs a restart anyway).
const occurrences = new Map<string, number>();
const OCCURRENCE_CACHE_SIZE = 10_000;

export function occurrenceOn(date: string, minuteOfDay: number, timeZone: string): Occurrence {
  const key = `${timeZone}|${date}|${minuteOfDay}`;
  let at = occurrences.get(key);
  if (at === undefined) {
    if (occurrences.size >= OCCURRENCE_CACHE_SIZE) occurrences.clear();
    at = zonedInstant(date, minuteOfDay, timeZone).getTime();
    occurrences.set(key, at);
  }
  return { date, at: new Date(at) };
}

/** The most recent occurrence at or before `now`. */
export function latestOccurrence(now: Date, minuteOfDay: number, timeZone: string): Occurrence {
  const today = localDate(now, timeZone);
  for (let back = 0; back < 3; back++) {
    const occurrence = occurrenceOn(addDays(today, -back), minuteOfDay, timeZone);
    if (occurrence.at.getTime() <= now.getTime()) return occurrence;
  }
  throw new Error(
    `no occurrence of ${formatLocalTime(minuteOfDay)} in ${timeZone} before ${now.toISOString()}`,
  );
}

/** The first occurrence strictly after `after`, skipping dates for which `taken(date)` is true (up to a week on). */
export function nextOccurrence(
  after: Date,
  minuteOfDay: number,
  timeZone: string,
  taken: (date: string) => boolean = () => false,
): Occurrence {
  const today = localDate(after, timeZone);
  // Far enough for a weekly pattern whose one day was just taken.
  for (let ahead = -1; ahead < 9; ahead++) {
    const occurrence = occurrenceOn(addDays(today, ahead), minuteOfDay, timeZone);
    if (occurrence.at.getTime() > after.getTime() && !taken(occurrence.date)) return occurrence;
  }
  throw new Error(
    `no occurrence of ${formatLocalTime(minuteOfDay)} in ${timeZone} after ${after.toISOString()}`,
  );
}

export type ReminderDecision =
  | { kind: "wait" }
  | { kind: "send"; occurrence: Occurrence }
  | { kind: "skip"; occurrence: Occurrence; lateMinutes: number };

export interface ReminderTiming {
  minuteOfDay: number;
  timeZone: string;
  /** When the reminder (or the user's time zone) was last set: earlier occurrences are not owed. */
  activeSince: Date;
  /** Whether it runs on a local date (a weekly pattern such as weekdays); every day when left out. */
  runsOn?: (date: string) => boolean;
}

/**
 * What to do at `now`: send the latest occurrence if it is owed and at most `graceMinutes` late; skip it
 * (and say so in the log) when later than that, e.g. the process was down at the time.
 */
export function decideReminder(now: Date, timing: ReminderTiming, graceMinutes: number): ReminderDecision {
  const occurrence = latestOccurrence(now, timing.minuteOfDay, timing.timeZone);
  if (occurrence.at.getTime() < timing.activeSince.getTime()) return { kind: "wait" };
  if (timing.runsOn && !timing.runsOn(occurrence.date)) return { kind: "wait" };
  const lateMinutes = (now.getTime() - occurrence.at.getTime()) / 60_000;
  return lateMinutes <= graceMinutes
    ? { kind: "send", occurrence }
    : { kind: "skip", occurrence, lateMinutes };
}
