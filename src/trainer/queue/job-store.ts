import type { Address, Locale } from "../../core/conversation.ts";
import type { Db } from "../../db/open.ts";
import type { TrainParams } from "../params.ts";
import type { RunHistory, TrainResult } from "../types.ts";

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export const ACTIVE_STATUSES: readonly JobStatus[] = ["queued", "running"];

export interface JobRecord {
  id: number;
  owner: Address;
  locale: Locale;
  status: JobStatus;
  params: TrainParams;
  cacheKey: string | null;
  history: RunHistory[];
  result: TrainResult | null;
  backend: string | null;
  error: string | null;
  chartPath: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  trainSeconds: number | null;
}

interface JobRow {
  id: number;
  owner_platform: string;
  owner_chat_id: string;
  owner_user_id: string;
  owner_chat_kind: string;
  locale: string;
  status: string;
  params_json: string;
  cache_key: string | null;
  history_json: string;
  result_json: string | null;
  backend: string | null;
  error: string | null;
  chart_path: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  train_seconds: number | null;
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    owner: {
      platform: row.owner_platform as Address["platform"],
      chatId: row.owner_chat_id,
      userId: row.owner_user_id,
      chatKind: row.owner_chat_kind as Address["chatKind"],
    },
    locale: row.locale as Locale,
    status: row.status as JobStatus,
    params: JSON.parse(row.params_json) as TrainParams,
    cacheKey: row.cache_key,
    history: JSON.parse(row.history_json) as RunHistory[],
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as TrainResult),
    backend: row.backend,
    error: row.error,
    chartPath: row.chart_path,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    trainSeconds: row.train_seconds,
  };
}

/** The train_jobs table (db/002_train_jobs.sql). Every state change of a job goes through here. */
export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  insert(owner: Address, locale: Locale, params: TrainParams, cacheKey: string | null): JobRecord {
    const info = this.db
      .prepare(
        `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status,
           params_json, cache_key, created_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(
        owner.platform,
        owner.chatId,
        owner.userId,
        owner.chatKind,
        locale,
        JSON.stringify(params),
        cacheKey,
        this.stamp(),
      );
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): JobRecord {
    const row = this.db.prepare(`SELECT * FROM train_jobs WHERE id = ?`).get(id) as JobRow | undefined;
    if (row === undefined) throw new Error(`train job ${id} does not exist`);
    return toRecord(row);
  }

  markRunning(id: number): void {
    this.db
      .prepare(`UPDATE train_jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`)
      .run(this.stamp(), id);
  }

  setBackend(id: number, backend: string): void {
    this.db.prepare(`UPDATE train_jobs SET backend = ? WHERE id = ?`).run(backend, id);
  }

  saveHistory(id: number, history: RunHistory[]): void {
    this.db.prepare(`UPDATE train_jobs SET history_json = ? WHERE id = ?`).run(JSON.stringify(history), id);
  }

  markDone(id: number, result: TrainResult, chartPath: string): void {
    this.db
      .prepare(
        `UPDATE train_jobs SET status = 'done', result_json = ?, history_json = ?, backend = ?, chart_path = ?,
           train_seconds = ?, finished_at = ? WHERE id = ?`,
      )
      .run(
        JSON.stringify(result),
        JSON.stringify(result.runs),
        result.backend,
        chartPath,
        result.trainSeconds,
        this.stamp(),
        id,
      );
  }

  /** Ends an active job as failed or cancelled; returns false when it had already ended. */
  markEnded(id: number, status: "failed" | "cancelled", error: string | null): boolean {
    const info = this.db
      .prepare(
        `UPDATE train_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(status, error, this.stamp(), id);
    return info.changes > 0;
  }

  /** The owner's queued and running jobs, oldest first. */
  activeFor(owner: Address): JobRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM train_jobs WHERE owner_platform = ? AND owner_user_id = ? AND status IN ('queued', 'running')
         ORDER BY id`,
      )
      .all(owner.platform, owner.userId) as JobRow[];
    return rows.map(toRecord);
  }

  /** Every queued and running job, oldest first. */
  active(): JobRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM train_jobs WHERE status IN ('queued', 'running') ORDER BY id`)
      .all() as JobRow[];
    return rows.map(toRecord);
  }

  /** The newest finished job with this cache key. */
  findDone(cacheKey: string): JobRecord | undefined {
    const row = this.db
      .prepare(`SELECT * FROM train_jobs WHERE cache_key = ? AND status = 'done' ORDER BY id DESC LIMIT 1`)
      .get(cacheKey) as JobRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * At start-up: jobs still queued or running belonged to a process that is gone. Marks them failed with
   * the reason and returns them, so their owners can be told.
   */
  failInterrupted(reason: string): JobRecord[] {
    return this.db.transaction(() => {
      const interrupted = this.active();
      for (const job of interrupted) this.markEnded(job.id, "failed", reason);
      return interrupted.map((job) => this.get(job.id));
    })();
  }
}
