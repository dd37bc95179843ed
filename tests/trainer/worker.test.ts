import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/trainer/chart.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { TrainProgress } from "../../src/trainer/types.ts";
import { startWorkerJob, TrainingJobError } from "../../src/trainer/worker/run-worker.ts";
import { pngSize } from "./png.ts";

async function failureOf(promise: Promise<unknown>): Promise<TrainingJobError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrainingJobError) return error;
    throw error;
  }
  throw new Error("expected the job to fail");
}

/** Generous: each test trains a small job in worker threads, and the machine may be shared. */
const TIMEOUT = { timeout: 120_000 };

describe("training in a worker thread", () => {
  it("streams epochs and returns the result and a chart", TIMEOUT, async () => {
    const progress: TrainProgress[] = [];
    let backend = "";
    const job = startWorkerJob(parseTrainArgs("samples=512 epochs=2"), {
      onStarted: (label) => (backend = label),
      onEpoch: (p) => progress.push(p),
    });
    const { result, png } = await job.outcome;
    expect(backend).toMatch(/^(tfjs-node|wasm|cpu)/);
    expect(result.backend).toBe(backend);
    expect(progress.map((p) => p.epoch)).toEqual([1, 2]);
    const epochs = result.runs[0]?.epochs ?? [];
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      for (const value of [epoch.acc, epoch.valAcc]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      // Loss is a cross-entropy, not bounded by 1 in general; after two epochs on MNIST it is below 2.3 (chance).
      for (const value of [epoch.loss, epoch.valLoss]) expect(value).toBeGreaterThan(0);
    }
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("catches a throwing epoch callback (e.g. a failed database write) and trains on", TIMEOUT, async () => {
    const errors: unknown[] = [];
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    const job = startWorkerJob(parseTrainArgs("samples=512 epochs=2"), {
      onEpoch: () => {
        throw busy;
      },
      onCallbackError: (error) => errors.push(error),
    });
    const { result } = await job.outcome;
    expect(result.runs[0]?.epochs).toHaveLength(2);
    expect(errors).toEqual([busy, busy]);
  });

  it("reports a killed worker as crashed, and this process carries on", TIMEOUT, async () => {
    const job = startWorkerJob(parseTrainArgs("samples=1000 epochs=2"), {
      onStarted: () => job.kill("killed by the test"),
    });
    const failure = await failureOf(job.outcome);
    expect(failure.failure).toBe("crashed");
    expect(failure.reason).toBe("killed by the test");
    expect(process.exitCode ?? 0).toBe(0);
  });

  it("cancels between batches", TIMEOUT, async () => {
    const job = startWorkerJob(parseTrainArgs("samples=1000 epochs=2"), { onStarted: () => job.cancel() });
    const failure = await failureOf(job.outcome);
    expect(failure.failure).toBe("cancelled");
  });

  it("stops a job over its wall-clock limit", TIMEOUT, async () => {
    const job = startWorkerJob(parseTrainArgs("samples=1000 epochs=2"), { timeoutMs: 200 });
    const failure = await failureOf(job.outcome);
    expect(failure.failure).toBe("timeout");
    expect(failure.reason).toContain("time limit");
  });
});
