import { createRequire } from "node:module";
import { pino } from "pino";
import { startTrainWorker } from "./train-worker.ts";
import { readWorkerConfig } from "./worker-config.ts";

/*
 * `npm run worker`: a training worker process. It takes /train jobs from the Redis queue (REDIS_URL) and
 * trains them with tfjs-node when installed, else wasm; any number may run on any number of hosts.
 * SIGTERM or SIGINT: running jobs finish (or go back to the queue) within MANABOT_WORKER_GRACE_SECONDS.
 */

/** tfjs-node-gpu installed under tfjs-node's name (npm's alias) says so in the results. */
function backendLabel(): (label: string) => string {
  try {
    const installed = createRequire(import.meta.url)("@tensorflow/tfjs-node/package.json") as {
      name?: string;
    };
    if (installed.name === "@tensorflow/tfjs-node-gpu")
      return (label) => label.replace(/^tfjs-node\b/, "tfjs-node-gpu");
  } catch {
    // Not installed: wasm or cpu.
  }
  return (label) => label;
}

async function main(): Promise<void> {
  const config = readWorkerConfig();
  const logger = pino({ level: config.logLevel, base: undefined }, pino.destination(2));
  process.on("uncaughtException", (error) => logger.error({ err: error }, "uncaught exception"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  const worker = startTrainWorker({
    redis: config.redis,
    concurrency: config.concurrency,
    ...(config.threads !== undefined ? { threads: config.threads } : {}),
    name: config.name,
    lockMs: config.lockMs,
    backendLabel: backendLabel(),
    logger,
  });
  let signals = 0;
  const stop = (signal: string): void => {
    signals++;
    if (signals > 1) {
      logger.warn(
        { signal },
        "second signal: exiting now; running jobs are retried after their lock expires",
      );
      process.exit(1);
    }
    logger.info({ signal, graceMs: config.graceMs }, "stopping: running jobs finish or go back to the queue");
    void worker.stop(config.graceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "could not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  await worker.ready;
  logger.info(
    { name: worker.name, concurrency: config.concurrency, prefix: config.redis.prefix },
    "training worker ready: waiting for jobs",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `the training worker could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
