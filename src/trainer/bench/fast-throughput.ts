import { FastTrainer } from "../parallel/fast-trainer.ts";
import type { MnistSet } from "../mnist.ts";
import { DEFAULTS, parseTrainArgs } from "../params.ts";
import { withSeededMathRandom } from "../seeded-random.ts";
import { startWorkerJob } from "../worker/run-worker.ts";
import type { Throughput } from "./throughput.ts";

/**
 * The fast path's samples/s as the bot runs it (a job's worker thread, and a helper thread when
 * threads = 2): two epochs, the second one timed (the first warms the kernels), validation included.
 */
export async function measureFastThroughput(samples: number, threads: number): Promise<Throughput> {
  const params = parseTrainArgs(`samples=${samples} epochs=2 dropout=0.3`);
  const { result } = await startWorkerJob(params, { threads, backends: ["wasm"], lowPriority: false })
    .outcome;
  const epoch = result.runs[0]?.epochs[1];
  if (epoch === undefined) throw new Error("the benchmark job reported no second epoch");
  return {
    samplesPerSecond: result.trainSamples / epoch.seconds,
    seconds: epoch.seconds,
    trainSamples: result.trainSamples,
  };
}

/** One epoch of the fast path on this thread (threads = 1), with the time of each phase of its loop. */
export async function fastPathPhases(data: MnistSet, samples: number): Promise<Map<string, number>> {
  const params = { ...DEFAULTS, epochs: 1, samples };
  const trainer = new FastTrainer({ threads: 1 }, { train: data, test: data }, { train: samples, test: 0 });
  const phases = new Map<string, number>();
  await withSeededMathRandom(1, async () => trainer.train(params, params.dropout, { phases }));
  return phases;
}
