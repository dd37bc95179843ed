import * as tf from "@tensorflow/tfjs";
import { cpus, loadavg, totalmem } from "node:os";
import { selectBackend, type BackendName } from "../backend/select.ts";
import { setWasmKernelOverrides } from "../backend/wasm-kernels.ts";
import { loadMnist } from "../mnist.ts";
import { DEFAULTS, parseTrainArgs } from "../params.ts";
import { timeDefaultJob } from "./default-job.ts";
import { profileKernels } from "./kernel-profile.ts";
import { measureThroughput, type Throughput } from "./throughput.ts";

/*
 * `npm run bench:train`: samples/s per available backend (stock vs optimised wasm), where the optimised
 * wasm epoch spends its time, the time from `/train dropout=0.3` to the chart, and this process's
 * event-loop lag while that job trains in its worker. It reports; nothing here is asserted.
 * `--quick` runs the same steps on a few hundred images (a smoke test of the benchmark itself; its numbers
 * are not comparable with a full run's).
 */

/** Images per measurement: a full run, and the `--quick` one. */
const SIZES = {
  full: { optimised: 12_000, stock: 2_500, cpu: 1_500, profile: 6_000, job: "" },
  quick: { optimised: 600, stock: 300, cpu: 200, profile: 300, job: " epochs=1 samples=500" },
} as const;
const size = process.argv.includes("--quick") ? SIZES.quick : SIZES.full;

const out = (line = ""): void => void process.stdout.write(`${line}\n`);
const rate = (t: Throughput): string =>
  `${Math.round(t.samplesPerSecond).toLocaleString("en-US").padStart(6)} samples/s`;

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    const info = await selectBackend([name]);
    return info.name === name;
  } catch {
    return false;
  }
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
    `model: the lesson's MLP (784-512-256-128-10, dropout 0.3), batch ${DEFAULTS.batch}, one epoch, validation_split 0.2`,
  );
  out();
  const data = loadMnist("train", { limit: size.optimised });

  out("-- training throughput (samples/s, validation pass included) --");
  if (await tryBackend("tensorflow"))
    out(`tfjs-node          ${rate(await measureThroughput(data, size.optimised))}`);
  else out("tfjs-node          not installed (optional dependency)");
  let optimised: Throughput | undefined;
  if (await tryBackend("wasm")) {
    setWasmKernelOverrides(false);
    const stock = await measureThroughput(data, size.stock);
    setWasmKernelOverrides(true);
    optimised = await measureThroughput(data, size.optimised);
    out(`wasm, stock        ${rate(stock)}`);
    out(
      `wasm, optimised    ${rate(optimised)}   (${(optimised.samplesPerSecond / stock.samplesPerSecond).toFixed(1)}× stock)`,
    );
  } else out("wasm               unavailable");
  if (await tryBackend("cpu")) out(`cpu (plain JS)     ${rate(await measureThroughput(data, size.cpu))}`);

  if (optimised !== undefined && (await tryBackend("wasm"))) {
    out();
    out("-- where an optimised wasm epoch spends its time (exclusive kernel time) --");
    const profile = await profileKernels(async () => void (await measureThroughput(data, size.profile)));
    const kernelMs = profile.kernels.reduce((sum, k) => sum + k.ms, 0);
    for (const k of profile.kernels.slice(0, 10)) {
      out(
        `${k.kernel.padEnd(16)} ${k.ms.toFixed(0).padStart(6)} ms ${((100 * k.ms) / profile.wallMs).toFixed(1).padStart(5)}%  ${String(k.calls).padStart(6)} calls`,
      );
    }
    out(
      `${"(all kernels)".padEnd(16)} ${kernelMs.toFixed(0).padStart(6)} ms ${((100 * kernelMs) / profile.wallMs).toFixed(1).padStart(5)}%  ` +
        `— the rest is tfjs-layers/JS overhead (warm-up fit included in the wall time)`,
    );
  }

  out();
  out("-- the default job, as the bot runs it (worker thread) --");
  const args = `dropout=0.3${size.job}`;
  const job = await timeDefaultJob(args);
  const { epochs, samples, batch } = parseTrainArgs(args);
  out(`/train ${args}  (epochs=${epochs} samples=${samples} batch=${batch})`);
  out(`time from command to chart: ${job.secondsToChart.toFixed(1)} s`);
  out(
    `bot event-loop lag while training: p50 ${job.lagP50Ms.toFixed(1)} ms, p99 ${job.lagP99Ms.toFixed(1)} ms, max ${job.lagMaxMs.toFixed(1)} ms`,
  );
  out(job.resultText.split("\n").at(-1) ?? "");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
