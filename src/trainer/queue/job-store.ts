import type { Address, Locale } from "../../core/conversation.ts";
import type { Db } from "../../db/open.ts";
import type { TrainParams } from "../params.ts";
import { SAME_LEARNER_OWNERS } from "./learner-owners.ts";
import type { RunHistory, TrainResult } from "../types.ts";
import {
  INTERRUPTED_REASON,
  toRecord,
  type DoneOutcome,
  type JobRecord,
  type JobRow,
  type ProcessIdentity,
} from "./job-record.ts";

export {
  ACTIVE_STATUSES,
  INTERRUPTED_REASON,
  type DoneOutcome,
  type JobRecord,
  type JobStatus,
  type ProcessIdentity,
} from "./job-record.ts";

/** What a new row records besides the request: the queue that owns it and where it will train. */
export interface InsertOptions {
  /** The owning queue's host and process id (with `instanceId`). */
  host?: string;
  pid?: number;
  /** The BullMQ job id, when a worker process trains it over Redis. */
  queueJobId?: string;
}

/** How claimSlot ended: the job runs now, every slot is taken (or an older job waits), or it had ended. */
export type SlotClaim = "started" | "busy" | "ended";

export const ACTIVE = `status IN ('queued', 'running')`;
/** Jobs trained in a bot's own thread (not by a worker process over Redis). */
const EMBEDDED = `queue_job_id IS NULL`;

/**
 * The train_jobs table (db/002, 005 and 007). Every state change of a job
 * goes through here, and each one checks the status it starts from: several processes may share the file,
 * so a late worker must never overwrite a job another process has already ended.
 */
export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The connection and clock, for the other views of this table (JobOwners). */
  get database(): Db {
    return this.db;
  }

  get clock(): () => Date {
    return this.now;
  }

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
    options: InsertOptions = {},
  ): JobRecord {
    const now = this.stamp();
    const info = this.db
      .prepare(
        `INSERT INTO train_jobs (owner_platform, owner_chat_id, owner_user_id, owner_chat_kind, locale, status,
           params_json, cache_key, created_at, instance_id, heartbeat_at, instance_host, instance_pid, queue_job_id)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        options.host ?? null,
        options.pid ?? null,
        options.queueJobId ?? null,
      );
    return this.get(Number(info.lastInsertRowid));
  }

  /**
   * Inserts like `insert` unless the owner already has `maxActive` queued or running jobs (then undefined).
   * Counted and inserted under the write lock, so two processes on one file cannot both take the last place.
   */
  insertUnderLimit(
    maxActive: number,
    owner: Address,
    locale: Locale,
    params: TrainParams,
    cacheKey: string | null,
    instance: ProcessIdentity,
    options: Omit<InsertOptions, "host" | "pid"> = {},
  ): JobRecord | undefined {
    return this.db
      .transaction(() => {
        if (this.activeFor(owner).length >= maxActive) return undefined;
        return this.insert(owner, locale, params, cacheKey, instance.id, {
          ...options,
          host: instance.host,
          pid: instance.pid,
        });
      })
      .immediate();
  }

  /**
   * queued → running when fewer than `concurrency` jobs run in every process sharing this file and no
   * older job waits: the limit and the order hold across processes, not only within one.
   */
  claimSlot(id: number, concurrency: number): SlotClaim {
    return this.db
      .transaction((): SlotClaim => {
        const row = this.db.prepare(`SELECT status FROM train_jobs WHERE id = ?`).get(id) as
          { status: string } | undefined;
        if (row?.status !== "queued") return "ended";
        const { running, older } = this.db
          .prepare(
            `SELECT (SELECT COUNT(*) FROM train_jobs WHERE status = 'running' AND ${EMBEDDED}) AS running,
                    (SELECT COUNT(*) FROM train_jobs WHERE status = 'queued' AND ${EMBEDDED} AND id < ?) AS older`,
          )
          .get(id) as { running: number; older: number };
        if (running >= concurrency || older > 0) return "busy";
        return this.markRunning(id) ? "started" : "ended";
      })
      .immediate();
  }

  /** Of embedded jobs: 1 for the oldest queued job of every process, 2 for the next…; else undefined. */
  queuePosition(id: number): number | undefined {
    const row = this.db
      .prepare(
        `SELECT status, (SELECT COUNT(*) FROM train_jobs WHERE status = 'queued' AND ${EMBEDDED} AND id <= ?) AS position
         FROM train_jobs WHERE id = ?`,
      )
      .get(id, id) as { status: string; position: number } | undefined;
    return row?.status === "queued" ? row.position : undefined;
  }

  /** Queued plus running jobs of every process. */
  activeCount(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM train_jobs WHERE ${ACTIVE}`).get() as { n: number }).n;
  }

  /** The active job with this BullMQ id. */
  findByQueueJobId(queueJobId: string): JobRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM train_jobs WHERE queue_job_id = ?`).get(queueJobId) as
      JobRow | undefined;
    return row === undefined ? undefined : toRecord(row);
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

  /** A worker process started (or restarted) the job: running, on that host. */
  markStartedOn(id: number, workerHost: string, backend: string): boolean {
    const info = this.db
      .prepare(
        `UPDATE train_jobs SET status = 'running', started_at = ?, worker_host = ?, backend = ?
         WHERE id = ? AND ${ACTIVE}`,
      )
      .run(this.stamp(), workerHost, backend, id);
    return info.changes > 0;
  }

  /** running → queued: its worker handed it back (or died) and it waits for another. */
  markRequeued(id: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE train_jobs SET status = 'queued', history_json = '[]' WHERE id = ? AND status = 'running'`,
        )
        .run(id).changes > 0
    );
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
    workerHost: string | null = null,
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
             chart_path = ?, train_seconds = ?, finished_at = ?, worker_host = COALESCE(?, worker_host)
             WHERE id = ? AND status = ?`,
          )
          .run(
            JSON.stringify(result),
            JSON.stringify(result.runs),
            result.backend,
            chartPath,
            result.trainSeconds,
            this.stamp(),
            workerHost,
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
}
