import type { Locale } from "../conversation.ts";
import { formatLocalTime, nextOccurrence } from "../reminders/schedule.ts";
import { formatLocal } from "../time/zone.ts";
import { EVERY_DAY, WEEKDAYS } from "./schedule-args.ts";
import type { QuizSchedule } from "./schedule-store.ts";

const JA_DAYS = "月火水木金土日";
const EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((day, index) => day === b[index]);

/** 「平日」「毎日」「月・水・金」 / "weekdays", "daily", "Mon, Wed, Fri". */
export function daysText(weekdays: readonly number[], locale: Locale): string {
  const ja = locale === "ja";
  if (same(weekdays, EVERY_DAY)) return ja ? "毎日" : "daily";
  if (same(weekdays, WEEKDAYS)) return ja ? "平日" : "weekdays";
  if (same(weekdays, [6, 7])) return ja ? "週末" : "weekends";
  return ja
    ? weekdays.map((day) => JA_DAYS[day - 1]).join("・")
    : weekdays.map((day) => EN_DAYS[day - 1]).join(", ");
}

/** The ISO weekday (1 Monday … 7 Sunday) of a local date "YYYY-MM-DD". */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** 「平日 20:00(Asia/Tokyo)・3 問・各 60 秒・STEP 14」 */
export function scheduleSummary(schedule: QuizSchedule, locale: Locale): string {
  const at = formatLocalTime(schedule.minuteOfDay);
  const days = daysText(schedule.weekdays, locale);
  return locale === "ja"
    ? `${days} ${at}(${schedule.timeZone})・${schedule.questions} 問・各 ${schedule.seconds} 秒・STEP ${schedule.step}`
    : `${days} at ${at} (${schedule.timeZone}) · ${schedule.questions} question${schedule.questions === 1 ? "" : "s"} · ${schedule.seconds} s each · step ${schedule.step}`;
}

/** When the next quiz comes: the next date of the pattern whose quiz has not already run. */
export function nextQuizText(
  schedule: QuizSchedule,
  now: Date,
  alreadyRan: (date: string) => boolean,
  locale: Locale,
): string {
  const next = nextOccurrence(
    now,
    schedule.minuteOfDay,
    schedule.timeZone,
    (date) => !schedule.weekdays.includes(isoWeekday(date)) || alreadyRan(date),
  );
  const when = formatLocal(next.at, schedule.timeZone);
  return locale === "ja" ? `次回: ${when}` : `Next: ${when}`;
}
