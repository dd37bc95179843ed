import type { Db } from "../../db/open.ts";
import { DEFAULT_TIME_ZONE } from "../time/zone.ts";

/** Each user's IANA time zone; users who never set one live in Asia/Tokyo, the course's home. */
export class TimeZoneStore {
  constructor(private readonly db: Db) {}

  get(userId: number): string {
    const row = this.db
      .prepare<[number], { time_zone: string }>("SELECT time_zone FROM user_time_zones WHERE user_id = ?")
      .get(userId);
    return row?.time_zone ?? DEFAULT_TIME_ZONE;
  }

  /** True when the user chose a zone (as opposed to living in the default). */
  isSet(userId: number): boolean {
    return this.db.prepare("SELECT 1 FROM user_time_zones WHERE user_id = ?").get(userId) !== undefined;
  }

  set(userId: number, timeZone: string, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO user_time_zones (user_id, time_zone, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at`,
      )
      .run(userId, timeZone, now.toISOString());
  }
}
