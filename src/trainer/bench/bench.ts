import * as tf from "@tensorflow/tfjs";
import { cpus, loadavg, totalmem } from "node:os";
import { selectBackend, type BackendName } from "../backend/select.ts";
import { setWasmKernelOverrides } from "../backend/wasm-kernels.ts";
import { loadMnist } from "../mnist.ts";
import { DEFAULTS, parseTrainArgs } from "../params.ts";
import { timeDefaultJob } from "./default-job.ts";
import { fastPathPhases, measureFastThroughput } from "./fast-throughput.ts";
import { profileKernels } from "./kernel-profile.ts";
import { measureThroughput, type Throughput } from "./throughput.ts";

/*
 * `npm run bench:train`: samples/s of each way to train on this machine, as ratios to stock wasm measured
 * in the same run (rounds interleaved, so a noisy neighbour slows every path alike); where the fast path's
 * time goes; the time from `/train dropout=0.3` to the chart; and this process's event-loop lag while that
 * job trains in its worker threads. It reports; nothing here is asserted.
 * `--quick` runs the same steps on a few hundred images, one round (a smoke test of the benchmark itself;
 * its numbers are not comparable with a full run's).
 */

/** Images per measurement: a full run, and the `--quick` one. */
const SIZES = {
  full: { rounds: 3, optimised: 12_000, stock: 2_500, cpu: 1_500, profile: 6_000, job: "" },
  quick: { rounds: 1, optimised: 600, stock: 300, cpu: 200, profile: 300, job: " epochs=1 samples=500" },
} as const;
const size = process.argv.includes("--quick") ? SIZES.quick : SIZES.full;

const out = (line = ""): void => void process.stdout.write(`${line}\n`);
const number = (value: number): string => Math.round(value).toLocaleString("en-US");
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    const info = await selectBackend([name]);
    return info.name === name;
  } catch {
    return false;
  }
}

/** Runs `measure` with MANABOT_SIMD_GEMM=0, which the job's new worker threads read as they start. */
async function withoutSimdGemm<T>(measure: () => Promise<T>): Promise<T> {
  const before = process.env.MANABOT_SIMD_GEMM;
  process.env.MANABOT_SIMD_GEMM = "0";
  try {
    return await measure();
  } finally {
    if (before === undefined) delete process.env.MANABOT_SIMD_GEMM;
    else process.env.MANABOT_SIMD_GEMM = before;
  }
}

interface Path {
  label: string;
  measure: () => Promise<Throughput>;
  rates: number[];
}

async function main(): Promise<void> {
  const cpu = cpus();
  out("== manabot trainer benchmark ==");
  out(
    `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}, tfjs ${tf.version.tfjs}; load average at start ${loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}`,
  );
  out(
    `model: the lesson's MLP (784-512-256-128-10, dropout 0.3), batch ${DEFAULTS.batch}, one warm epoch, validation_split 0.2`,
  );
  out();
  const data = loadMnist("train", { limit: size.optimised });

  out(
    `-- training throughput (samples/s, validation pass included; median of ${size.rounds} interleaved round${size.rounds === 1 ? "" : "s"}, range) --`,
  );
  if (await tryBackend("tensorflow"))
    out(
      `tfjs-node                               ${number((await measureThroughput(data, size.optimised)).samplesPerSecond).padStart(6)} samples/s`,
    );
  else out("tfjs-node                               not installed (optional dependency)");
  if (await tryBackend("wasm")) {
    const inProcess = (overrides: boolean, samples: number) => async () => {
      await selectBackend(["wasm"]);
      setWasmKernelOverrides(overrides);
      try {
        return await measureThroughput(data, samples);
      } finally {
        setWasmKernelOverrides(true);
      }
    };
    const paths: Path[] = [
      { label: "wasm, stock (model.fit)", measure: inProcess(false, size.stock), rates: [] },
      { label: "wasm, our kernels (model.fit)", measure: inProcess(true, size.optimised), rates: [] },
      {
        label: "wasm, fast path, 1 thread",
        measure: () => measureFastThroughput(size.optimised, 1),
        rates: [],
      },
      {
        label: "wasm, fast path, 2 threads",
        measure: () => measureFastThroughput(size.optimised, 2),
        rates: [],
      },
      ...[1, 2].map((threads) => ({
        label: `  without our SIMD GEMM, ${threads === 1 ? "1 thread" : "2 threads"}`,
        measure: () => withoutSimdGemm(() => measureFastThroughput(size.optimised, threads)),
        rates: [] as number[],
      })),
    ];
    for (let round = 0; round < size.rounds; round++) {
      for (const path of paths) path.rates.push((await path.measure()).samplesPerSecond);
    }
    const stock = median(paths[0]!.rates);
    for (const path of paths) {
      const rate = median(path.rates);
      const range =
        size.rounds > 1 ? `   [${number(Math.min(...path.rates))}–${number(Math.max(...path.rates))}]` : "";
      const ratio = path === paths[0] ? "" : `   (${(rate / stock).toFixed(1)}× stock)`;
      out(`${path.label.padEnd(39)} ${number(rate).padStart(6)} samples/s${ratio}${range}`);
    }
    const ratios = Array.from({ length: size.rounds }, (_, round) =>
      ((paths[3]!.rates[round] ?? NaN) / (paths[0]!.rates[round] ?? NaN)).toFixed(1),
    );
    out(`fast path, 2 threads ÷ stock, round by round: ${ratios.join(", ")}`);
  } else out("wasm                                    unavailable");
  if (await tryBackend("cpu"))
    out(
      `cpu (plain JS, model.fit)               ${number((await measureThroughput(data, size.cpu)).samplesPerSecond).padStart(6)} samples/s`,
    );

  if (await tryBackend("wasm")) {
    out();
    out("-- where a fast-path epoch spends its time (one thread, this process) --");
    let phases = new Map<string, number>();
    const profile = await profileKernels(async () => {
      phases = await fastPathPhases(data, size.profile);
    });
    const phaseMs = [...phases.values()].reduce((sum, ms) => sum + ms, 0);
    for (const [phase, ms] of [...phases.entries()].sort((a, b) => b[1] - a[1])) {
      out(
        `${phase.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / phaseMs).toFixed(1).padStart(5)}%`,
      );
    }
    out("kernels (exclusive time; they run inside forward + backward, copy and validation):");
    const kernelMs = profile.kernels.reduce((sum, k) => sum + k.ms, 0);
    for (const k of profile.kernels.slice(0, 8)) {
      out(
        `${k.kernel.padEnd(16)} ${k.ms.toFixed(0).padStart(6)} ms ${((100 * k.ms) / phaseMs).toFixed(1).padStart(5)}%  ${String(k.calls).padStart(6)} calls`,
      );
    }
    out(
      `${"(all kernels)".padEnd(16)} ${kernelMs.toFixed(0).padStart(6)} ms ${((100 * kernelMs) / phaseMs).toFixed(1).padStart(5)}%`,
    );
  }

  out();
  out("-- the default job, as the bot runs it (worker threads) --");
  const args = `dropout=0.3${size.job}`;
  const job = await timeDefaultJob(args);
  const { epochs, samples, batch } = parseTrainArgs(args);
  out(`/train ${args}  (epochs=${epochs} samples=${samples} batch=${batch})`);
  out(`time from command to chart: ${job.secondsToChart.toFixed(1)} s`);
  out(
    `bot event-loop lag while training: p50 ${job.lagP50Ms.toFixed(1)} ms, p99 ${job.lagP99Ms.toFixed(1)} ms, max ${job.lagMaxMs.toFixed(1)} ms`,
  );
  out(job.resultText.split("\n").at(-1) ?? "");
  out(
    `load average at the end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
