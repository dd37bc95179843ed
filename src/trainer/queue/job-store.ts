import type { Address, Locale } from "../../core/conversation.ts";
import type { Db } from "../../db/open.ts";
import type { TrainParams } from "../params.ts";
import { SAME_LEARNER_OWNERS } from "./learner-owners.ts";
import type { RunHistory, TrainResult } from "../types.ts";

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export const ACTIVE_STATUSES: readonly JobStatus[] = ["queued", "running"];

/** The error of a job failed by a sweep because the process that owned it stopped sending heartbeats. */
export const INTERRUPTED_REASON = "the bot process running the job stopped (restarted or crashed)";

/** How markDone ended: recorded, recorded over a sweep's "interrupted" failure, or refused. */
export type DoneOutcome = "done" | "revived" | "refused";

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
  /** The TrainQueue instance that inserted the job (null for rows older than db/005). */
  instanceId: string | null;
  /** Last sign of life from that instance. */
  heartbeatAt: string | null;
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
  instance_id: string | null;
  heartbeat_at: string | null;
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
    instanceId: row.instance_id,
    heartbeatAt: row.heartbeat_at,
  };
}

const ACTIVE = `status IN ('queued', 'running')`;

/**
 * The train_jobs table (db/002_train_jobs.sql, db/005_train_job_heartbeats.sql). Every state change of a job
 * goes through here, and each one checks the status it starts from: several processes may share the file,
 * so a late worker must never overwrite a job another process has already ended.
 */
export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /**
   * Queues a job owned by `instanceId` (the queue that will run it), with a fresh heartbeat. Without an
   * instance the row has no heartbeat and counts as interrupted at once (tests of left-over jobs).
   */
  insert(
    owner: Address,
    locale: Locale,
    params: TrainParams,
    cacheKey: string | null,
    instanceId: string | null = null,
  ): JobRecord {
    const now = this.stamp();
    const info = this.db
      .prepare(
        `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status,
           params_json, cache_key, created_at, instance_id, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(
        owner.platform,
        owner.chatId,
        owner.userId,
        owner.chatKind,
        locale,
        JSON.stringify(params),
        cacheKey,
        now,
        instanceId,
        instanceId === null ? null : now,
      );
    return this.get(Number(info.lastInsertRowid));
  }

  get(id: number): JobRecord {
    const row = this.db.prepare(`SELECT * FROM train_jobs WHERE id = ?`).get(id) as JobRow | undefined;
    if (row === undefined) throw new Error(`train job ${id} does not exist`);
    return toRecord(row);
  }

  /**
   * queued → running, with a heartbeat if the job has an owning instance; false when the job is no longer
   * queued (ended meanwhile).
   */
  markRunning(id: number): boolean {
    const now = this.stamp();
    const info = this.db
      .prepare(
        `UPDATE train_jobs SET status = 'running', started_at = ?,
           heartbeat_at = CASE WHEN instance_id IS NULL THEN NULL ELSE ? END
         WHERE id = ? AND status = 'queued'`,
      )
      .run(now, now, id);
    return info.changes > 0;
  }

  setBackend(id: number, backend: string): void {
    this.db.prepare(`UPDATE train_jobs SET backend = ? WHERE id = ? AND ${ACTIVE}`).run(backend, id);
  }

  saveHistory(id: number, history: RunHistory[]): void {
    this.db
      .prepare(`UPDATE train_jobs SET history_json = ? WHERE id = ? AND ${ACTIVE}`)
      .run(JSON.stringify(history), id);
  }

  /**
   * Records the result of a job that is still active — or of one a sweep failed as interrupted although
   * `instanceId` (the caller) owns it and was alive after all (its heartbeat was only late): that result is
   * real, so it replaces the failure and the error is cleared ("revived"). Anything else ended for good
   * (cancelled, failed for another reason, owned by another instance) is left as it is ("refused").
   */
  markDone(
    id: number,
    result: TrainResult,
    chartPath: string,
    instanceId: string | null = null,
  ): DoneOutcome {
    return this.db
      .transaction((): DoneOutcome => {
        const before = this.db
          .prepare(`SELECT status, error, instance_id FROM train_jobs WHERE id = ?`)
          .get(id) as { status: string; error: string | null; instance_id: string | null } | undefined;
        if (before === undefined) return "refused";
        const active = before.status === "queued" || before.status === "running";
        const revivable =
          before.status === "failed" &&
          before.error === INTERRUPTED_REASON &&
          instanceId !== null &&
          before.instance_id === instanceId;
        if (!active && !revivable) return "refused";
        this.db
          .prepare(
            `UPDATE train_jobs SET status = 'done', error = NULL, result_json = ?, history_json = ?, backend = ?,
             chart_path = ?, train_seconds = ?, finished_at = ? WHERE id = ? AND status = ?`,
          )
          .run(
            JSON.stringify(result),
            JSON.stringify(result.runs),
            result.backend,
            chartPath,
            result.trainSeconds,
            this.stamp(),
            id,
            before.status,
          );
        return active ? "done" : "revived";
      })
      .immediate();
  }

  /** Ends an active job as failed or cancelled; returns false when it had already ended. */
  markEnded(id: number, status: "failed" | "cancelled", error: string | null): boolean {
    const info = this.db
      .prepare(`UPDATE train_jobs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND ${ACTIVE}`)
      .run(status, error, this.stamp(), id);
    return info.changes > 0;
  }

  /** The owner's queued and running jobs, oldest first: those of every account linked to it too. */
  activeFor(owner: Address): JobRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM train_jobs WHERE (owner_platform, owner_user_id) IN (${SAME_LEARNER_OWNERS})
           AND status IN ('queued', 'running')
         ORDER BY id`,
      )
      .all({ platform: owner.platform, userId: owner.userId }) as JobRow[];
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

  /** The oldest queued or running job with this cache key. */
  findActive(cacheKey: string): JobRecord | undefined {
    const row = this.db
      .prepare(`SELECT * FROM train_jobs WHERE cache_key = ? AND ${ACTIVE} ORDER BY id LIMIT 1`)
      .get(cacheKey) as JobRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Forgets the chart files of all but the newest `keep` jobs that have one and returns their paths, for
   * the caller to delete. (A seeded result stays reusable without its file: its curves are in the history.)
   */
  releaseOldCharts(keep: number): string[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT id, chart_path FROM train_jobs WHERE chart_path IS NOT NULL ORDER BY id DESC LIMIT -1 OFFSET ?`,
          )
          .all(keep) as { id: number; chart_path: string }[];
        const forget = this.db.prepare(`UPDATE train_jobs SET chart_path = NULL WHERE id = ?`);
        for (const row of rows) forget.run(row.id);
        return rows.map((row) => row.chart_path);
      })
      .immediate();
  }

  /** Refreshes the heartbeat of these queued and running jobs of this instance; returns how many. */
  heartbeat(instanceId: string, ids: readonly number[]): number {
    return this.db
      .prepare(
        `UPDATE train_jobs SET heartbeat_at = ?
         WHERE instance_id = ? AND ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(this.stamp(), instanceId, JSON.stringify(ids)).changes;
  }

  /**
   * Fails (with INTERRUPTED_REASON) the queued and running jobs of other instances whose heartbeat is older
   * than `staleAfterMs` (or missing): their process is gone. Returns the jobs this call failed, so each is
   * reported by exactly one sweep even when several processes sweep at once (the write lock is taken first).
   */
  failStale(instanceId: string, staleAfterMs: number): JobRecord[] {
    const staleBefore = new Date(this.now().getTime() - staleAfterMs).toISOString();
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT id FROM train_jobs WHERE ${ACTIVE} AND (instance_id IS NULL OR instance_id <> ?)
             AND (heartbeat_at IS NULL OR heartbeat_at < ?) ORDER BY id`,
          )
          .all(instanceId, staleBefore) as { id: number }[];
        return rows
          .filter((row) => this.markEnded(row.id, "failed", INTERRUPTED_REASON))
          .map((row) => this.get(row.id));
      })
      .immediate();
  }
}
