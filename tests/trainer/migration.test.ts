import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open.ts";

describe("db/002_train_jobs.sql", () => {
  it("creates train_jobs with owners as plain ids and a checked status", () => {
    const db = openDatabase(":memory:");
    const columns = (db.prepare("PRAGMA table_info(train_jobs)").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(
      expect.arrayContaining([
        "owner_platform",
        "owner_chat_id",
        "owner_user_id",
        "status",
        "params_json",
        "history_json",
        "backend",
        "chart_path",
        "started_at",
        "finished_at",
      ]),
    );
    expect(db.prepare("PRAGMA foreign_key_list(train_jobs)").all()).toEqual([]);
    const insert = (status: string) =>
      db
        .prepare(
          `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status, params_json, created_at)
           VALUES ('local', 'c', 'u', 'direct', 'ja', ?, '{}', '2026-01-01T00:00:00Z')`,
        )
        .run(status);
    expect(() => insert("queued")).not.toThrow();
    expect(() => insert("paused")).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
