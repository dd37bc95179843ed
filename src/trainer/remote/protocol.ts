import { z } from "zod";
import { BOUNDS, OPTIMIZERS, type TrainParams } from "../params.ts";
import type { RunHistory, TrainProgress, TrainResult } from "../types.ts";
import type { WorkerFailure } from "../worker/run-worker.ts";

/*
 * What travels through Redis between a bot and a worker process. The bot writes the job's data; the worker
 * reports through the job's progress and returns the result. No platform ids or secrets: the worker needs
 * only the parameters. The shapes are checked where they arrive.
 */

const rate = z.number().min(BOUNDS.dropout.min).max(BOUNDS.dropout.max);
const bounded = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max);

const paramsSchema = z.object({
  dropout: z.tuple([rate, rate, rate]),
  epochs: bounded(BOUNDS.epochs),
  batch: bounded(BOUNDS.batch),
  samples: bounded(BOUNDS.samples),
  optimizer: z.enum(OPTIMIZERS),
  lr: z.number().min(BOUNDS.lr.min).max(BOUNDS.lr.max),
  batchnorm: z.boolean(),
  compare: z.boolean(),
  seed: bounded(BOUNDS.seed).nullable(),
}) satisfies z.ZodType<TrainParams>;

export const jobDataSchema = z.object({
  /** The job's number in the bot's database (shown to users as #N). */
  jobNumber: z.number().int(),
  params: paramsSchema,
  locale: z.enum(["ja", "en"]),
  /** The wall-clock limit, which the worker enforces. */
  timeoutMs: z.number().int().positive(),
});
export type JobData = z.infer<typeof jobDataSchema>;

/** The worker's reports, as the job's progress (each one replaces the last). */
export type WorkerReport =
  | { type: "started"; backend: string; host: string }
  | { type: "epoch"; progress: TrainProgress; history: RunHistory[] }
  /** SIGTERM: the job goes back to the queue for another worker. */
  | { type: "handing-back"; host: string }
  /** Why it is about to fail (BullMQ's failedReason is a plain string). */
  | { type: "failure"; failure: WorkerFailure; reason: string; projectedSeconds?: number };

export interface WorkerResult {
  result: TrainResult;
  /** The worker host that trained it. */
  host: string;
}

const FAILURES: readonly WorkerFailure[] = [
  "cancelled",
  "timeout",
  "too-slow",
  "shutdown",
  "crashed",
  "error",
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** A report read back from a job's progress; undefined for anything else (an operator's edit, say). */
export function readReport(value: unknown): WorkerReport | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case "started":
      return typeof value.backend === "string" && typeof value.host === "string"
        ? { type: "started", backend: value.backend, host: value.host }
        : undefined;
    case "epoch":
      return isObject(value.progress) && Array.isArray(value.history)
        ? {
            type: "epoch",
            progress: value.progress as unknown as TrainProgress,
            history: value.history as RunHistory[],
          }
        : undefined;
    case "handing-back":
      return { type: "handing-back", host: typeof value.host === "string" ? value.host : "" };
    case "failure": {
      const failure = FAILURES.find((kind) => kind === value.failure);
      if (failure === undefined || typeof value.reason !== "string") return undefined;
      return {
        type: "failure",
        failure,
        reason: value.reason,
        ...(typeof value.projectedSeconds === "number" ? { projectedSeconds: value.projectedSeconds } : {}),
      };
    }
    default:
      return undefined;
  }
}

export function readResult(value: unknown): WorkerResult | undefined {
  if (!isObject(value) || typeof value.host !== "string" || !isObject(value.result)) return undefined;
  const result = value.result;
  if (!Array.isArray(result.runs) || typeof result.backend !== "string") return undefined;
  // JSON turned the NaN of an untested run into null: read it back as NaN.
  const runs = (result.runs as RunHistory[]).map((run) => ({
    ...run,
    testAcc: run.testAcc ?? Number.NaN,
    testLoss: run.testLoss ?? Number.NaN,
  }));
  return { host: value.host, result: { ...(result as unknown as TrainResult), runs } };
}
