import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { loadMigrations, type Migration } from "./migrations.ts";

export type Db = Database.Database;

const BUSY_TIMEOUT_MS = 5000;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database is at schema version ${found}, but this manabot only knows up to ${known}. ` +
        `Upgrade manabot (or point MANABOT_DB at another file); refusing to open it.`,
    );
    this.name = "DatabaseTooNewError";
  }
}

/**
 * Opens (creating if needed) the database at `path` (":memory:" for tests), sets WAL, foreign keys and a
 * busy timeout, and applies pending migrations — each in one transaction together with its
 * `user_version` bump, so a failed migration leaves the database as it was.
 */
export function openDatabase(path: string, migrations: Migration[] = loadMigrations()): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // The busy timeout comes first, so a second process opening the same file waits instead of failing.
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

export function migrate(db: Db, migrations: Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Read again under the write lock: another process may have applied it meanwhile.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
