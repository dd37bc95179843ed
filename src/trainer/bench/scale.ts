import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { Conversation } from "../../core/conversation.ts";
import { openDatabase } from "../../db/open.ts";
import { paramsSummary } from "../messages.ts";
import { parseTrainArgs } from "../params.ts";
import { deletePrefixedKeys, type RedisSettings } from "../remote/connection.ts";
import { createTrainerService } from "../service.ts";

/*
 * `npm run bench:scale`: N simultaneous default `/train` jobs (N=8) through the real Redis queue, trained
 * by 1 worker process, then by 2; for each, the time from submitting them to the last chart and the jobs
 * per minute, then the ratio. Needs Redis (REDIS_URL, else redis://127.0.0.1:6379); uses keys of its own
 * prefix and deletes them. `--jobs N` changes N; `--quick` runs 2 small jobs (a smoke test of the
 * benchmark itself, not comparable with a full run).
 */

const quick = process.argv.includes("--quick");
const jobsArg = process.argv.indexOf("--jobs");
const JOBS = jobsArg === -1 ? (quick ? 2 : 8) : Number(process.argv[jobsArg + 1]);
const ARGS = quick ? "samples=500 epochs=2" : "";
const out = (line = ""): void => void process.stdout.write(`${line}\n`);

interface Run {
  workers: number;
  seconds: number;
  jobsPerMinute: number;
  hosts: string[];
}

function startWorker(redis: RedisSettings, name: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/trainer/remote/worker-main.ts"], {
    env: {
      ...process.env,
      REDIS_URL: redis.url,
      MANABOT_REDIS_PREFIX: redis.prefix,
      MANABOT_WORKER_NAME: name,
      // Each worker stands for a one-core host: the two runs compare one such host with two.
      MANABOT_WORKER_THREADS: "1",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("training worker ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker ${name} exited (${code}):\n${log}`)));
  });
  return { child, ready };
}

async function runWith(workers: number, url: string): Promise<Run> {
  const redis: RedisSettings = {
    url,
    prefix: `manabot-bench-${process.pid}-${randomBytes(4).toString("hex")}`,
  };
  const started = Array.from({ length: workers }, (_, index) =>
    startWorker(redis, `bench-worker-${index + 1}`),
  );
  const db = openDatabase(":memory:");
  const service = createTrainerService({ db, chartDir: mkdtempSync(join(tmpdir(), "bench-scale-")), redis });
  try {
    await Promise.all(started.map((worker) => worker.ready));
    let charts = 0;
    let lastChart = 0;
    const hosts: string[] = [];
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const conversation: Conversation = {
      async send(replies) {
        for (const reply of replies) {
          if (reply.kind === "image") {
            charts++;
            lastChart = performance.now();
            if (charts === JOBS) allDone();
          }
          if (reply.kind === "text" && reply.text.includes(" @ bench-worker-"))
            hosts.push(/@ (bench-worker-\d+)/.exec(reply.text)?.[1] ?? "?");
          if (reply.kind === "text" && reply.text.includes("失敗")) throw new Error(reply.text);
        }
      },
    };
    const start = performance.now();
    // One user each: the per-user limit (2) must not hold any back.
    await Promise.all(
      Array.from({ length: JOBS }, (_, index) =>
        service.start({
          owner: {
            platform: "local",
            chatId: `bench-${index}`,
            userId: `bench-${index}`,
            chatKind: "direct",
          },
          params: parseTrainArgs(ARGS),
          locale: "ja",
          conversation,
        }),
      ),
    );
    await done;
    const seconds = (lastChart - start) / 1000;
    return { workers, seconds, jobsPerMinute: (JOBS * 60) / seconds, hosts };
  } finally {
    await service.close();
    db.close();
    for (const { child } of started) child.kill("SIGTERM");
    await Promise.all(started.map(({ child }) => new Promise((resolve) => child.once("exit", resolve))));
    await deletePrefixedKeys(url, redis.prefix);
  }
}

async function main(): Promise<void> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  await probe.connect().catch(() => {
    throw new Error(`no Redis answers at ${url}: start one (redis-server --daemonize yes) or set REDIS_URL`);
  });
  probe.disconnect();
  const cpu = cpus();
  out("== manabot scale benchmark: /train through Redis (BullMQ) ==");
  out(
    `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}; load average at start ${loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}`,
  );
  out(
    `jobs: ${JOBS} × /train ${ARGS || "dropout=0.3"} (${paramsSummary(parseTrainArgs(ARGS))}), submitted at once by ${JOBS} users`,
  );
  out("each worker: one job at a time on one thread (MANABOT_WORKER_THREADS=1), like a one-core host");
  out("workers  time to last chart  jobs/min  jobs per worker");
  const runs: Run[] = [];
  for (const workers of [1, 2]) {
    const run = await runWith(workers, url);
    runs.push(run);
    const spread = [...new Set(run.hosts)]
      .sort()
      .map((host) => run.hosts.filter((each) => each === host).length)
      .join(" + ");
    out(
      `${String(workers).padEnd(7)}  ${`${run.seconds.toFixed(1)} s`.padEnd(18)}  ${run.jobsPerMinute.toFixed(1).padEnd(8)}  ${spread}`,
    );
  }
  const [one, two] = runs;
  if (one && two)
    out(`ratio (2 workers / 1): ${(two.jobsPerMinute / one.jobsPerMinute).toFixed(2)}× jobs per minute`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
