import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMigrations } from "../../src/db/migrations.ts";
import { DatabaseTooNewError, migrate, openDatabase, schemaVersion } from "../../src/db/open.ts";

const latest = () => loadMigrations().at(-1)?.version ?? 0;

describe("migrations", () => {
  it("are numbered without gaps and bring a new database to the latest version", () => {
    const migrations = loadMigrations();
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
    const db = openDatabase(":memory:");
    expect(schemaVersion(db)).toBe(latest());
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining(["users", "lesson_positions", "quiz_prompts", "attempts", "memos"]),
    );
  });

  it("apply 001 on its own and keep existing data when the rest follow", () => {
    const [first, ...rest] = loadMigrations();
    const db = new Database(":memory:");
    migrate(db, first ? [first] : []);
    expect(schemaVersion(db)).toBe(1);
    db.prepare(
      "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('local', 'u1', 'now')",
    ).run();
    migrate(db, [first!, ...rest]);
    expect(schemaVersion(db)).toBe(latest());
    expect(db.prepare("SELECT COUNT(*) AS n FROM users").get()).toEqual({ n: 1 });
  });

  it("roll back a failing migration with its version bump", () => {
    const db = new Database(":memory:");
    const good = { version: 1, name: "good", sql: "CREATE TABLE a (x INTEGER);" };
    const bad = {
      version: 2,
      name: "bad",
      sql: "CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);",
    };
    expect(() => migrate(db, [good, bad])).toThrow(/missing/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
  });

  it("refuse a database newer than the code", () => {
    const path = join(mkdtempSync(join(tmpdir(), "manabot-db-")), "future.db");
    const future = new Database(path);
    future.pragma(`user_version = ${latest() + 1}`);
    future.close();
    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
  });

  it("open files in WAL mode with foreign keys and a busy timeout", () => {
    const path = join(mkdtempSync(join(tmpdir(), "manabot-db-")), "sub", "manabot.db");
    const db = openDatabase(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    db.close();
  });
});

describe("006 reminder locale hint", () => {
  it("adds an empty language hint to existing reminders and takes only ja or en", () => {
    const migrations = loadMigrations();
    const db = new Database(":memory:");
    migrate(
      db,
      migrations.filter((migration) => migration.version <= 5),
    );
    db.prepare(
      "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'local', 'u1', 'now')",
    ).run();
    db.prepare(
      `INSERT INTO reminders (user_id, local_time, platform, chat_id, chat_kind, active_since, updated_at)
       VALUES (1, '21:00', 'local', 'u1', 'direct', 'now', 'now')`,
    ).run();
    migrate(db, migrations);
    expect(schemaVersion(db)).toBe(latest());
    expect(db.prepare("SELECT local_time, locale_hint FROM reminders").get()).toEqual({
      local_time: "21:00",
      locale_hint: null,
    });
    db.prepare("UPDATE reminders SET locale_hint = 'en'").run();
    expect(() => db.prepare("UPDATE reminders SET locale_hint = 'fr'").run()).toThrow(/CHECK/);
  });
});

describe("two processes opening one new database", () => {
  it("both get a migrated database: the second waits for the first instead of failing", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "manabot-db-")), "shared.db");
    const script = `
      import { openDatabase, schemaVersion } from "./src/db/open.ts";
      const db = openDatabase(process.argv[1]);
      console.log(schemaVersion(db));
      db.close();`;
    const open = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, path]);
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("close", (code) => resolve({ code, out, err }));
      });
    const results = await Promise.all([open(), open(), open()]);
    for (const result of results) {
      expect(result.code, result.err).toBe(0);
      expect(result.out.trim()).toBe(String(latest()));
    }
  });
});
