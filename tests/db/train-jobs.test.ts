import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrationsBefore } from "../../src/db/migrations.ts";
import { migrate, openDatabase } from "../../src/db/open.ts";
import { JobOwners } from "../../src/trainer/queue/job-owners.ts";
import { INTERRUPTED_REASON, JobStore } from "../../src/trainer/queue/job-store.ts";

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

describe("db/005_train_job_heartbeats.sql", () => {
  it("adds the owning instance and heartbeat; jobs left by older code count as stale at once", () => {
    const migrations = loadMigrations();
    const db = new Database(":memory:");
    migrate(
      db,
      migrations.filter((migration) => migration.version < 5),
    );
    db.prepare(
      `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status, params_json, created_at)
       VALUES ('line', 'c', 'u', 'direct', 'ja', 'running', '{}', '2026-01-01T00:00:00Z')`,
    ).run();
    migrate(db, migrations);
    const columns = (db.prepare("PRAGMA table_info(train_jobs)").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(expect.arrayContaining(["instance_id", "heartbeat_at"]));
    const store = new JobStore(db);
    expect(store.get(1)).toMatchObject({ status: "running", instanceId: null, heartbeatAt: null });
    expect(new JobOwners(db).failOrphans("new-instance", 90_000).map((job) => [job.id, job.error])).toEqual([
      [1, INTERRUPTED_REASON],
    ]);
    db.close();
  });
});

describe("db/010_train_job_owners.sql", () => {
  it("adds the BullMQ job id, the worker host and the owning process's host and pid; older rows have none", () => {
    const migrations = loadMigrations();
    const db = new Database(":memory:");
    migrate(db, migrationsBefore("train_job_owners", migrations));
    db.prepare(
      `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status, params_json, created_at)
       VALUES ('line', 'c', 'u', 'direct', 'ja', 'queued', '{}', '2026-01-01T00:00:00Z')`,
    ).run();
    migrate(db, migrations);
    expect(new JobStore(db).get(1)).toMatchObject({
      status: "queued",
      queueJobId: null,
      workerHost: null,
      instanceHost: null,
      instancePid: null,
    });
    db.close();
  });
});
