import type { Db } from "../../db/open.ts";
import {
  INTERRUPTED_REASON,
  toRecord,
  type JobRecord,
  type JobRow,
  type ProcessIdentity,
} from "./job-record.ts";
import { ACTIVE, JobStore } from "./job-store.ts";

/** True when the process that owns a job is certainly gone (it ran on this host and has exited). */
export type OwnerGone = (job: JobRecord) => boolean;

/**
 * Which process owns which active job (train_jobs.instance_*), for processes sharing one database: each
 * keeps the heartbeats of its jobs fresh; a job whose owner stopped beating, or is known to have exited,
 * is an orphan, and another process fails it (its thread died with it) or adopts it (a worker elsewhere
 * still trains it).
 */
export class JobOwners {
  private readonly store: JobStore;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new JobStore(db, now);
  }

  /** Refreshes the heartbeat of these queued and running jobs of this instance; returns how many. */
  heartbeat(instanceId: string, ids: readonly number[]): number {
    return this.db
      .prepare(
        `UPDATE train_jobs SET heartbeat_at = ?
         WHERE instance_id = ? AND ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(this.now().toISOString(), instanceId, JSON.stringify(ids)).changes;
  }

  /** Lets other processes take these jobs at once (a clean shutdown whose jobs go on elsewhere). */
  release(instanceId: string, ids: readonly number[]): number {
    return this.db
      .prepare(
        `UPDATE train_jobs SET heartbeat_at = NULL
         WHERE instance_id = ? AND ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .run(instanceId, JSON.stringify(ids)).changes;
  }

  /**
   * Active jobs of other instances whose heartbeat is older than `staleAfterMs` (or missing), or whose
   * owner is known to be gone. Never `instanceId`'s own: they are alive in this process.
   */
  orphans(instanceId: string, staleAfterMs: number, gone: OwnerGone = () => false): JobRecord[] {
    const staleBefore = new Date(this.now().getTime() - staleAfterMs).toISOString();
    const rows = this.db
      .prepare(
        `SELECT * FROM train_jobs WHERE ${ACTIVE} AND (instance_id IS NULL OR instance_id <> ?) ORDER BY id`,
      )
      .all(instanceId) as JobRow[];
    return rows
      .map(toRecord)
      .filter((job) => job.heartbeatAt === null || job.heartbeatAt < staleBefore || gone(job));
  }

  /**
   * Fails (with INTERRUPTED_REASON) the orphans that `which` selects and returns them, so each is reported
   * by exactly one sweep even when several processes sweep at once (the write lock is taken first).
   */
  failOrphans(
    instanceId: string,
    staleAfterMs: number,
    gone?: OwnerGone,
    which: (job: JobRecord) => boolean = () => true,
  ): JobRecord[] {
    return this.db
      .transaction(() =>
        this.orphans(instanceId, staleAfterMs, gone)
          .filter(which)
          .filter((job) => this.store.markEnded(job.id, "failed", INTERRUPTED_REASON))
          .map((job) => this.store.get(job.id)),
      )
      .immediate();
  }

  /** Makes `to` the owner of an orphan still held by `from` (its former owner); false if another won. */
  adopt(id: number, from: string | null, to: ProcessIdentity): boolean {
    return (
      this.db
        .prepare(
          `UPDATE train_jobs SET instance_id = ?, instance_host = ?, instance_pid = ?, heartbeat_at = ?
           WHERE id = ? AND ${ACTIVE} AND instance_id IS ?`,
        )
        .run(to.id, to.host, to.pid, this.now().toISOString(), id, from).changes > 0
    );
  }
}
