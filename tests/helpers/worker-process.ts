import { spawn, type ChildProcess } from "node:child_process";
import type { RedisSettings } from "../../src/trainer/remote/connection.ts";

/** A real `npm run worker` process (node + tsx), as an operator would start it. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (its log). */
  log(): string;
  /** Resolves once it says it takes jobs. */
  ready: Promise<void>;
  /** Resolves with its exit code (or signal name). */
  exited: Promise<number | string>;
  signal(signal: NodeJS.Signals): void;
}

export interface WorkerProcessOptions {
  redis: RedisSettings;
  name: string;
  /** MANABOT_WORKER_LOCK_SECONDS: a killed worker's job is retried after about this long. */
  lockSeconds?: number;
  graceSeconds?: number;
  concurrency?: number;
}

export const running: WorkerProcess[] = [];

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/trainer/remote/worker-main.ts"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL: options.redis.url,
      MANABOT_REDIS_PREFIX: options.redis.prefix,
      MANABOT_WORKER_NAME: options.name,
      MANABOT_WORKER_LOCK_SECONDS: String(options.lockSeconds ?? 4),
      MANABOT_WORKER_GRACE_SECONDS: String(options.graceSeconds ?? 60),
      MANABOT_WORKER_CONCURRENCY: String(options.concurrency ?? 1),
      // No platform credentials and no database: a worker needs only Redis.
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes("training worker ready")) onReady();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const worker: WorkerProcess = {
    name: options.name,
    child,
    log: () => stderr,
    ready: Promise.race([
      ready,
      exited.then((code) => {
        throw new Error(`worker ${options.name} exited (${code}) before it was ready:\n${stderr}`);
      }),
    ]),
    exited,
    signal: (signal) => void child.kill(signal),
  };
  running.push(worker);
  return worker;
}

/** Kills every worker process a test started and waits for them to exit. */
export async function stopAllWorkers(): Promise<void> {
  for (const worker of running.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
    await worker.exited;
  }
}
