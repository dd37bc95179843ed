import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";

/** One platform identity of a learner. */
export interface Account {
  id: number;
  platform: Platform;
  platformUserId: string;
  displayName: string | null;
}

/** A code as stored: whose it is, until when, and whether it was used. */
export interface StoredCode {
  accountId: number;
  expiresAt: Date;
  usedAt?: Date;
}

interface AccountRow {
  id: number;
  platform: Platform;
  platform_user_id: string;
  display_name: string | null;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  platform: row.platform,
  platformUserId: row.platform_user_id,
  displayName: row.display_name,
});

/**
 * Which accounts (users rows) make up one learner, and the one-time codes that join them. A learner is
 * keyed by their first account's id; the others point at it in account_links.
 */
export class LinkStore {
  constructor(private readonly db: Db) {}

  /** The learner an account belongs to: its own id unless it was joined to another. */
  learnerOf(accountId: number): number {
    const row = this.db
      .prepare<[number], { learner_id: number }>("SELECT learner_id FROM account_links WHERE account_id = ?")
      .get(accountId);
    return row?.learner_id ?? accountId;
  }

  /** The account of a platform identity, if it has written to the bot. */
  accountOf(platform: Platform, platformUserId: string): Account | undefined {
    const row = this.db
      .prepare<[string, string], AccountRow>(
        "SELECT id, platform, platform_user_id, display_name FROM users WHERE platform = ? AND platform_user_id = ?",
      )
      .get(platform, platformUserId);
    return row && toAccount(row);
  }

  /** Every account of a learner, the first one first. */
  accounts(learnerId: number): Account[] {
    return this.db
      .prepare<[number, number], AccountRow>(
        `SELECT id, platform, platform_user_id, display_name FROM users
         WHERE id = ? OR id IN (SELECT account_id FROM account_links WHERE learner_id = ?) ORDER BY id`,
      )
      .all(learnerId, learnerId)
      .map(toAccount);
  }

  /** Stores a new code for the account; its earlier unused codes stop working. */
  issueCode(accountId: number, codeHash: string, now: Date, expiresAt: Date): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM link_codes WHERE account_id = ? AND used_at IS NULL").run(accountId);
      this.db
        .prepare("INSERT INTO link_codes (code_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .run(codeHash, accountId, now.toISOString(), expiresAt.toISOString());
    })();
  }

  findCode(codeHash: string): StoredCode | undefined {
    const row = this.db
      .prepare<[string], { account_id: number; expires_at: string; used_at: string | null }>(
        "SELECT account_id, expires_at, used_at FROM link_codes WHERE code_hash = ?",
      )
      .get(codeHash);
    return (
      row && {
        accountId: row.account_id,
        expiresAt: new Date(row.expires_at),
        ...(row.used_at ? { usedAt: new Date(row.used_at) } : {}),
      }
    );
  }

  recordFailure(accountId: number, now: Date): void {
    this.db
      .prepare("INSERT INTO link_failures (account_id, failed_at) VALUES (?, ?)")
      .run(accountId, now.toISOString());
  }

  /** Failed codes typed by the account after `since`, and when the oldest of them was. */
  failuresSince(accountId: number, since: Date): { count: number; oldest?: Date } {
    const row = this.db
      .prepare<[number, string], { count: number; oldest: string | null }>(
        "SELECT COUNT(*) AS count, MIN(failed_at) AS oldest FROM link_failures WHERE account_id = ? AND failed_at > ?",
      )
      .get(accountId, since.toISOString()) as { count: number; oldest: string | null };
    return { count: row.count, ...(row.oldest ? { oldest: new Date(row.oldest) } : {}) };
  }
}
