import { describe, expect, it } from "vitest";
import { parseTrainArgs } from "../../../src/trainer/params.ts";
import type { EpochMetrics } from "../../../src/trainer/types.ts";
import { startWorkerJob, TrainingJobError } from "../../../src/trainer/worker/run-worker.ts";

/*
 * The fast path end to end, as the bot runs it: a job's worker thread and its helper thread train halves of
 * every batch. With dropout off and a seed, two threads train the same model as one (the gradients of the
 * halves are summed before one identical optimizer step), up to float rounding. A helper that dies fails
 * the job, never this process.
 */

async function failureOf(promise: Promise<unknown>): Promise<TrainingJobError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrainingJobError) return error;
    throw error;
  }
  throw new Error("expected the job to fail");
}

const helper = (name: string): string => new URL(`../fixtures/${name}`, import.meta.url).href;
const withoutSeconds = ({ seconds: _, ...metrics }: EpochMetrics): Omit<EpochMetrics, "seconds"> => metrics;

/** Each test trains one or two small jobs in worker threads; generous, as the machine may be shared. */
const TIMEOUT = { timeout: 180_000 };

describe("training on two threads", () => {
  it("trains the same model as one thread (dropout off, seeded)", TIMEOUT, async () => {
    const params = parseTrainArgs("samples=640 epochs=2 batch=50 dropout=0 seed=5");
    const labels: string[] = [];
    const [one, two] = await Promise.all(
      [1, 2].map(async (threads) => {
        const job = startWorkerJob(params, { threads, backends: ["wasm"], onStarted: (l) => labels.push(l) });
        return (await job.outcome).result;
      }),
    );
    expect(labels.sort()).toEqual([
      "wasm (SIMD GEMM, own fit loop, 1 thread)",
      "wasm (SIMD GEMM, own fit loop, 2 threads)",
    ]);
    const single = one!.runs[0]!;
    const parallel = two!.runs[0]!;
    expect(parallel.epochs).toHaveLength(2);
    parallel.epochs.map(withoutSeconds).forEach((metrics, i) => {
      const expected = withoutSeconds(single.epochs[i]!);
      for (const key of ["loss", "acc", "valLoss", "valAcc"] as const) {
        expect(Math.abs(metrics[key] - expected[key]), key).toBeLessThan(2e-3);
      }
    });
    expect(Math.abs(parallel.testAcc - single.testAcc)).toBeLessThan(3e-3);
    expect(parallel.testAcc).toBeGreaterThan(0.5); // it learned: chance is 0.1
  });

  it("trains with dropout and compare=on, reporting every epoch of both runs", TIMEOUT, async () => {
    const progress: number[] = [];
    const job = startWorkerJob(parseTrainArgs("samples=500 epochs=2 compare=on dropout=0.5,0.5,0.3"), {
      threads: 2,
      backends: ["wasm"],
      onEpoch: (p) => progress.push(p.ratio),
    });
    const { result, png } = await job.outcome;
    expect(result.backend).toBe("wasm (SIMD GEMM, own fit loop, 2 threads)");
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(result.runs.map((run) => run.kind)).toEqual(["dropout", "baseline"]);
    for (const run of result.runs) {
      for (const epoch of run.epochs) {
        for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeGreaterThanOrEqual(0);
        for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeLessThanOrEqual(1);
        for (const value of [epoch.loss, epoch.valLoss]) expect(value).toBeGreaterThan(0);
      }
    }
    expect(png.length).toBeGreaterThan(1000);
  });

  it("cancels both threads between batches", TIMEOUT, async () => {
    const job = startWorkerJob(parseTrainArgs("samples=2000 epochs=3"), {
      threads: 2,
      backends: ["wasm"],
      onEpoch: () => job.cancel(),
    });
    expect((await failureOf(job.outcome)).failure).toBe("cancelled");
  });

  it(
    "fails the job when the helper thread throws, and this process trains the next job",
    TIMEOUT,
    async () => {
      const job = startWorkerJob(parseTrainArgs("samples=500 epochs=1"), {
        threads: 2,
        backends: ["wasm"],
        helperUrl: helper("helper-that-throws.ts"),
      });
      const failure = await failureOf(job.outcome);
      expect(failure.failure).toBe("crashed");
      expect(failure.reason).toContain("the helper failed on purpose");
      expect(process.exitCode ?? 0).toBe(0);
      const next = startWorkerJob(parseTrainArgs("samples=200 epochs=1"), { threads: 2, backends: ["wasm"] });
      expect((await next.outcome).result.runs[0]?.epochs).toHaveLength(1);
    },
  );

  it("fails the job when the helper thread exits while the job's thread waits for it", TIMEOUT, async () => {
    const job = startWorkerJob(parseTrainArgs("samples=500 epochs=1"), {
      threads: 2,
      backends: ["wasm"],
      helperUrl: helper("helper-that-exits.ts"),
    });
    const failure = await failureOf(job.outcome);
    expect(failure.failure).toBe("crashed");
    expect(failure.reason).toBe("the helper training thread exited (code 7)");
    expect(process.exitCode ?? 0).toBe(0);
  });
});
