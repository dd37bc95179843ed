import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { bilingual } from "../core/i18n.ts";
import { progressBar } from "../core/text/progress-bar.ts";
import { CliUsageError, parseCliArgs } from "./cli-args.ts";
import { helpText, paramsSummary, progressText, resultText } from "./messages.ts";
import { parseTrainArgs, TrainArgsError } from "./params.ts";
import type { TrainProgress } from "./types.ts";
import { startWorkerJob, TrainingJobError } from "./worker/run-worker.ts";

/*
 * `npm run train -- dropout=0.3 epochs=3 samples=6000 --out chart.png [--lang en] [--backend wasm]`
 * The same parser and the same worker job as `/train`, with a progress bar in the terminal.
 */

async function main(argv: readonly string[]): Promise<number> {
  const options = parseCliArgs(argv);
  if (options.help) {
    process.stdout.write(
      `${helpText(options.locale)}\n  --out chart.png  --lang ja|en  --backend tensorflow|wasm|cpu\n`,
    );
    return 0;
  }
  const params = parseTrainArgs(options.args);
  const tty = Boolean(process.stdout.isTTY);
  const started = performance.now();
  process.stdout.write(`${paramsSummary(params)}\n`);
  const show = (progress: TrainProgress) => {
    const line = `${progressBar(progress.ratio)} ${progressText(undefined, progress, options.locale)}`;
    process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const job = startWorkerJob(params, {
    locale: options.locale,
    onStarted: (backend) => process.stdout.write(`backend: ${backend}\n`),
    onEpoch: show,
    ...(options.backends ? { backends: options.backends } : {}),
  });
  process.once("SIGINT", () => job.cancel());
  const { result, png } = await job.outcome;
  if (tty) process.stdout.write("\n");
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, png);
  process.stdout.write(`\n${resultText(result, options.locale)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\nchart: ${out}  (${seconds} s from start to chart)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof TrainArgsError) process.stderr.write(`${bilingual(error.userMessage)}\n`);
    else if (error instanceof CliUsageError) process.stderr.write(`usage: ${error.message}\n`);
    else if (error instanceof TrainingJobError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof TrainingJobError ? 1 : 2;
  },
);
