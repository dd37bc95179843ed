import type { Address, Locale } from "../../core/conversation.ts";
import type { TrainParams } from "../params.ts";
import type { RunHistory, TrainResult } from "../types.ts";

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export const ACTIVE_STATUSES: readonly JobStatus[] = ["queued", "running"];

/** The error of a job failed by a sweep because the process that owned it stopped (or stopped beating). */
export const INTERRUPTED_REASON = "the bot process running the job stopped (restarted or crashed)";

/** How markDone ended: recorded, recorded over a sweep's "interrupted" failure, or refused. */
export type DoneOutcome = "done" | "revived" | "refused";

/** A bot process, as recorded on the jobs its queue owns. */
export interface ProcessIdentity {
  /** The queue instance (random per process and queue). */
  id: string;
  host: string;
  pid: number;
}

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
  /** The queue instance that owns the job (null for rows older than db/005). */
  instanceId: string | null;
  /** Last sign of life from that instance. */
  heartbeatAt: string | null;
  /** Host and process id of that instance (null for rows older than db/010_train_job_owners.sql). */
  instanceHost: string | null;
  instancePid: number | null;
  /** The BullMQ job id when a worker process trains it over Redis; null when trained in the bot's thread. */
  queueJobId: string | null;
  /** The host of the worker process that trained it (Redis mode). */
  workerHost: string | null;
}

export interface JobRow {
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
  instance_host: string | null;
  instance_pid: number | null;
  queue_job_id: string | null;
  worker_host: string | null;
}

export function toRecord(row: JobRow): JobRecord {
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
    instanceHost: row.instance_host,
    instancePid: row.instance_pid,
    queueJobId: row.queue_job_id,
    workerHost: row.worker_host,
  };
}

export const isActive = (job: Pick<JobRecord, "status">): boolean =>
  job.status === "queued" || job.status === "running";
