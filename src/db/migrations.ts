import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../db/", import.meta.url));

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads `db/NNN_name.sql` files in order; versions must run 1, 2, 3… without gaps or repeats. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(join(dir, file), "utf8"),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `db migrations must be numbered 001, 002, … without gaps: expected ${index + 1}, found ${migration.version} (${migration.name})`,
      );
    }
  });
  return migrations;
}

/**
 * The migrations that come before the one named `name` (e.g. "fsrs_reviews"), for tests that build a
 * database as an older version left it. By name, so that renumbering a migration does not move them.
 */
export function migrationsBefore(name: string, all: Migration[] = loadMigrations()): Migration[] {
  const index = all.findIndex((migration) => migration.name === name);
  if (index === -1) throw new Error(`no migration named ${name}`);
  return all.slice(0, index);
}
