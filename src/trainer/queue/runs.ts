import type { Platform } from "../../core/conversation.ts";
import type { Db } from "../../db/open.ts";
import type { TrainParams } from "../params.ts";
import type { RunHistory } from "../types.ts";
import type { JobStatus } from "./job-store.ts";

/** Whose runs: the platform and the platform's user id, as train_jobs keeps owners. */
export interface RunOwner {
  platform: Platform;
  userId: string;
}

/** One `/train` job as the learner's page shows it: what was asked, where it ran, and its curves. */
export interface TrainingRun {
  id: number;
  status: JobStatus;
  params: TrainParams;
  backend: string | null;
  /** The models trained so far (two with compare=on), with per-epoch metrics. */
  history: RunHistory[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds of training, once done. */
  trainSeconds: number | null;
}

interface RunRow {
  id: number;
  status: JobStatus;
  params_json: string;
  backend: string | null;
  history_json: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  train_seconds: number | null;
}

const COLUMNS =
  "id, status, params_json, backend, history_json, created_at, started_at, finished_at, train_seconds";

const toRun = (row: RunRow): TrainingRun => ({
  id: row.id,
  status: row.status,
  params: JSON.parse(row.params_json) as TrainParams,
  backend: row.backend,
  history: JSON.parse(row.history_json) as RunHistory[],
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  trainSeconds: row.train_seconds,
});

/**
 * The training runs of one learner, read from train_jobs for the study page, and their removal when the
 * learner deletes their data. Only ended jobs are removed: a queued or running one belongs to the queue.
 */
export class RunStore {
  constructor(private readonly db: Db) {}

  /** The owner's jobs, newest first (at most `limit`). */
  list(owner: RunOwner, limit = 100): TrainingRun[] {
    return this.db
      .prepare<[string, string, number], RunRow>(
        `SELECT ${COLUMNS} FROM train_jobs WHERE owner_platform = ? AND owner_user_id = ? ORDER BY id DESC LIMIT ?`,
      )
      .all(owner.platform, owner.userId, limit)
      .map(toRun);
  }

  /** How many of the owner's jobs are queued or running. */
  activeCount(owner: RunOwner): number {
    const row = this.db
      .prepare<[string, string], { count: number }>(
        `SELECT COUNT(*) AS count FROM train_jobs
         WHERE owner_platform = ? AND owner_user_id = ? AND status IN ('queued', 'running')`,
      )
      .get(owner.platform, owner.userId);
    return row?.count ?? 0;
  }

  /** Deletes the owner's ended jobs; returns the chart files they had, for the caller to delete. */
  deleteEnded(owner: RunOwner): { deleted: number; chartPaths: string[] } {
    return this.db
      .transaction(() => {
        const where = `owner_platform = ? AND owner_user_id = ? AND status NOT IN ('queued', 'running')`;
        const charts = this.db
          .prepare<[string, string], { chart_path: string }>(
            `SELECT chart_path FROM train_jobs WHERE ${where} AND chart_path IS NOT NULL`,
          )
          .all(owner.platform, owner.userId)
          .map((row) => row.chart_path);
        const deleted = this.db
          .prepare(`DELETE FROM train_jobs WHERE ${where}`)
          .run(owner.platform, owner.userId).changes;
        return { deleted, chartPaths: charts };
      })
      .immediate();
  }
}
