import { addDays, daysBetween } from "../time/zone.ts";

export interface DayStreaks {
  /** Consecutive study days ending today, or yesterday when today has no answer yet (still alive). */
  current: number;
  best: number;
  studiedToday: boolean;
}

/**
 * Day streaks from the local dates ("YYYY-MM-DD", ascending, distinct) on which the user answered at least
 * one question. A streak survives until the end of the next local day.
 */
export function dayStreaks(days: readonly string[], today: string): DayStreaks {
  let best = 0;
  let run = 0;
  let previous: string | undefined;
  for (const day of days) {
    if (day > today) break;
    run = previous !== undefined && daysBetween(previous, day) === 1 ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }
  const studiedToday = previous === today;
  const alive = previous === today || previous === addDays(today, -1);
  return { current: alive ? run : 0, best, studiedToday };
}
