import type { Db } from "../../db/open.ts";
import type { Locale, Platform } from "../conversation.ts";

/**
 * The platform user id of the nameless stand-in (one per platform) that keeps a group's shared history after
 * its owner deleted their account, and starts a scheduled quiz whose setter did.
 */
export const FORMER_MEMBER_ID = "(former member)";

export interface UserRecord {
  id: number;
  platform: Platform;
  platformUserId: string;
  displayName: string | null;
  locale: Locale | null;
}

interface UserRow {
  id: number;
  platform: Platform;
  platform_user_id: string;
  display_name: string | null;
  locale: Locale | null;
}

const toRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  platform: row.platform,
  platformUserId: row.platform_user_id,
  displayName: row.display_name,
  locale: row.locale,
});

export class UserStore {
  constructor(private readonly db: Db) {}

  /** The user for (platform, platform user id), created on first sight; keeps the display name fresh. */
  ensure(platform: Platform, platformUserId: string, displayName: string | undefined, now: Date): UserRecord {
    const row = this.db
      .prepare<[string, string, string | null, string], UserRow>(
        `INSERT INTO users (platform, platform_user_id, display_name, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, platform_user_id)
           DO UPDATE SET display_name = COALESCE(excluded.display_name, users.display_name)
         RETURNING id, platform, platform_user_id, display_name, locale`,
      )
      .get(platform, platformUserId, displayName ?? null, now.toISOString());
    return toRecord(row as UserRow);
  }

  get(id: number): UserRecord | undefined {
    const row = this.db
      .prepare<[number], UserRow>(
        "SELECT id, platform, platform_user_id, display_name, locale FROM users WHERE id = ?",
      )
      .get(id);
    return row && toRecord(row);
  }

  /** The user known by (platform, platform user id), if they ever wrote; never creates one. */
  find(platform: Platform, platformUserId: string): UserRecord | undefined {
    const row = this.db
      .prepare<[string, string], UserRow>(
        "SELECT id, platform, platform_user_id, display_name, locale FROM users WHERE platform = ? AND platform_user_id = ?",
      )
      .get(platform, platformUserId);
    return row && toRecord(row);
  }

  /** The users.id of the platform's former-member stand-in (created on first use, kept without a name). */
  formerMember(platform: Platform, now: Date): number {
    const row = this.db
      .prepare<[string, string, string], { id: number }>(
        `INSERT INTO users (platform, platform_user_id, display_name, created_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (platform, platform_user_id) DO UPDATE SET display_name = NULL RETURNING id`,
      )
      .get(platform, FORMER_MEMBER_ID, now.toISOString());
    if (!row) throw new Error("could not create the former-member stand-in");
    return row.id;
  }

  setLocale(id: number, locale: Locale): void {
    this.db.prepare("UPDATE users SET locale = ? WHERE id = ?").run(locale, id);
  }
}
