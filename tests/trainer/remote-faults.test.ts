import { parseTrainArgs } from "../../src/trainer/params.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Address, Pusher } from "../../src/core/conversation.ts";
import type { ProgressReply, Reply } from "../../src/core/reply.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import type { RedisSettings } from "../../src/trainer/remote/connection.ts";
import {
  createTrainerService,
  type TrainerService,
  type TrainerServiceOptions,
} from "../../src/trainer/service.ts";
import { RecordingConversation, textOf } from "../helpers/core.ts";
import { cleanRedis, requireRedis, testRedis, until } from "../helpers/redis.ts";
import { startWorkerProcess, stopAllWorkers } from "../helpers/worker-process.ts";

/*
 * Faults of the Redis mode, against the real Redis and real `npm run worker` processes that really train
 * (small jobs: a few hundred images an epoch). Each test waits on what the owner is told, never on a clock.
 */

const owner: Address = { platform: "line", chatId: "u-owner", userId: "u-owner", chatKind: "direct" };
/** Long enough to be caught mid-job (several epochs), short enough for a test. */
const JOB = "samples=1000 epochs=6 batch=50 seed=7";
const TIMEOUT = 240_000;

const images = (replies: readonly Reply[]) => replies.filter((reply) => reply.kind === "image");
const progressTexts = (replies: readonly Reply[]) =>
  replies.filter((reply): reply is ProgressReply => reply.kind === "progress").map((reply) => reply.text);
const epochsSeen = (replies: readonly Reply[]) =>
  progressTexts(replies).filter((text) => /epoch \d+\/6/.test(text)).length;

describe("Redis mode faults, with real worker processes", () => {
  let redis: RedisSettings;
  let dbPath: string;
  let chartDir: string;
  const opened: { db: Db; service: TrainerService }[] = [];

  beforeAll(() => requireRedis());
  beforeEach(() => {
    redis = testRedis();
    dbPath = join(mkdtempSync(join(tmpdir(), "manabot-remote-")), "manabot.db");
    chartDir = mkdtempSync(join(tmpdir(), "remote-charts-"));
  });
  afterEach(async () => {
    for (const { db, service } of opened.splice(0)) {
      await service.close();
      if (db.open) db.close();
    }
    await stopAllWorkers();
    await cleanRedis(redis.prefix);
  });

  /** A bot process: its own connection to the database file and to Redis. */
  const startBot = (options: Partial<TrainerServiceOptions> = {}) => {
    const db = openDatabase(dbPath);
    const service = createTrainerService({ db, chartDir, redis, heartbeatMs: 500, ...options });
    opened.push({ db, service });
    return { db, service };
  };
  const train = async (service: TrainerService, conversation: RecordingConversation, args = JOB) =>
    textOf(await service.start({ owner, params: parseTrainArgs(args), locale: "en", conversation }));
  const row = (db: Db) =>
    db.prepare("SELECT status, worker_host AS workerHost, error FROM train_jobs").get() as {
      status: string;
      workerHost: string | null;
      error: string | null;
    };

  it(
    "a worker killed with kill -9 mid-job: the job is retried on another worker and its chart delivered once",
    async () => {
      const a = startWorkerProcess({ redis, name: "worker-a" });
      await a.ready;
      const { db, service } = startBot();
      const conversation = new RecordingConversation();
      await train(service, conversation);
      await until(() => epochsSeen(conversation.sent) >= 1, "the first epoch on worker-a", TIMEOUT);
      expect(progressTexts(conversation.sent).join("\n")).toContain("@ worker-a");
      const b = startWorkerProcess({ redis, name: "worker-b" });
      await b.ready;

      a.signal("SIGKILL");
      expect(await a.exited).toBe("SIGKILL");
      await until(() => images(conversation.sent).length > 0, "the chart", TIMEOUT);
      await service.whenIdle();

      expect(progressTexts(conversation.sent).join("\n")).toContain("its training worker was lost");
      expect(row(db)).toEqual({ status: "done", workerHost: "worker-b", error: null });
      expect(textOf(conversation.sent)).toContain("@ worker-b");
      expect(images(conversation.sent)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    "a worker killed twice while training the same job fails it, and its owner is told",
    async () => {
      const { db, service } = startBot();
      const conversation = new RecordingConversation();
      await train(service, conversation, "samples=2000 epochs=30 batch=64");
      for (const name of ["worker-a", "worker-b"]) {
        const worker = startWorkerProcess({ redis, name });
        await worker.ready;
        await until(
          () => progressTexts(conversation.sent).some((text) => text.includes(`@ ${name}`)),
          `${name} to start it`,
          TIMEOUT,
        );
        worker.signal("SIGKILL");
        await worker.exited;
      }
      // The next worker finds the job stalled a second time: no retry is left.
      startWorkerProcess({ redis, name: "worker-c" });
      await until(() => textOf(conversation.sent).includes("failed"), "the failure", TIMEOUT);
      await service.whenIdle();
      expect(row(db).status).toBe("failed");
      expect(textOf(conversation.sent)).toMatch(
        /Training job #1 failed: the training thread stopped unexpectedly/,
      );
      expect(images(conversation.sent)).toHaveLength(0);
    },
    TIMEOUT,
  );

  it(
    "a worker given SIGTERM finishes the job within its grace period, then exits",
    async () => {
      const a = startWorkerProcess({ redis, name: "worker-a", graceSeconds: 600 });
      await a.ready;
      const { db, service } = startBot();
      const conversation = new RecordingConversation();
      await train(service, conversation);
      await until(() => epochsSeen(conversation.sent) >= 1, "the first epoch", TIMEOUT);
      a.signal("SIGTERM");
      await until(() => images(conversation.sent).length > 0, "the chart", TIMEOUT);
      expect(await a.exited).toBe(0);
      expect(row(db)).toMatchObject({ status: "done", workerHost: "worker-a" });
      expect(progressTexts(conversation.sent).join("\n")).not.toContain("back in the queue");
    },
    TIMEOUT,
  );

  it(
    "a worker given SIGTERM without time to finish ends its current epoch and hands the job back",
    async () => {
      const a = startWorkerProcess({ redis, name: "worker-a", graceSeconds: 0 });
      await a.ready;
      const { db, service } = startBot();
      const conversation = new RecordingConversation();
      await train(service, conversation);
      await until(() => epochsSeen(conversation.sent) >= 1, "the first epoch", TIMEOUT);
      const seen = epochsSeen(conversation.sent);
      a.signal("SIGTERM");
      await until(
        () => progressTexts(conversation.sent).some((text) => text.includes("back in the queue")),
        "the hand-back",
        TIMEOUT,
      );
      expect(await a.exited).toBe(0);
      // The epoch under way when the signal came was finished and reported first.
      const texts = progressTexts(conversation.sent);
      const handedBack = texts.findIndex((text) => text.includes("back in the queue"));
      expect(texts.slice(0, handedBack).filter((text) => /epoch \d+\/6/.test(text)).length).toBeGreaterThan(
        seen,
      );
      expect(row(db).status).toBe("queued");

      const b = startWorkerProcess({ redis, name: "worker-b" });
      await b.ready;
      await until(() => images(conversation.sent).length > 0, "the chart from worker-b", TIMEOUT);
      await service.whenIdle();
      expect(row(db)).toMatchObject({ status: "done", workerHost: "worker-b" });
      expect(images(conversation.sent)).toHaveLength(1);
    },
    TIMEOUT,
  );

  for (const restart of ["shut down", "killed"] as const) {
    it(
      `a bot ${restart} while its job trains: the restarted bot delivers the result to the owner, once`,
      async () => {
        const worker = startWorkerProcess({ redis, name: "worker-a" });
        await worker.ready;
        const before = startBot({ pid: 60_001, processAlive: () => restart !== "killed" });
        const conversation = new RecordingConversation();
        await train(before.service, conversation);
        await until(() => epochsSeen(conversation.sent) >= 1, "the first epoch", TIMEOUT);
        await before.service.close(); // stops listening, releasing its jobs for the next process
        if (restart === "killed") {
          // kill -9 releases nothing: the heartbeat stays fresh, and only the pid tells that it is gone.
          before.db.prepare("UPDATE train_jobs SET heartbeat_at = ?").run(new Date().toISOString());
        }
        const heard = conversation.sent.length;

        const after = startBot({ pid: 60_002, processAlive: (pid) => pid !== 60_001 });
        const pushed: Reply[][] = [];
        const pusher: Pusher = { push: async (_to, replies) => void pushed.push(replies) };
        await after.service.notifyInterrupted({ line: pusher });
        await until(() => pushed.length > 0, "the result, pushed", TIMEOUT);
        await after.service.whenIdle();
        expect(pushed).toHaveLength(1);
        expect(textOf(pushed[0] ?? [])).toMatch(/^Training job #1 finished while the bot was restarting\./);
        expect(images(pushed[0] ?? [])).toHaveLength(1);
        expect(conversation.sent.length).toBe(heard);
        expect(row(after.db)).toMatchObject({ status: "done", workerHost: "worker-a" });
      },
      TIMEOUT,
    );
  }
});
