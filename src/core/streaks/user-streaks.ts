import type { Stores } from "../store/stores.ts";
import { localDate } from "../time/zone.ts";
import { dayStreaks, type DayStreaks } from "./day-streaks.ts";

/** The user's day streaks, with days counted in their own time zone. */
export function userDayStreaks(stores: Stores, userId: number, now: Date): DayStreaks {
  const timeZone = stores.timeZones.get(userId);
  return dayStreaks(stores.stats.answerDays(userId, timeZone), localDate(now, timeZone));
}
