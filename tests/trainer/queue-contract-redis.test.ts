import { beforeAll } from "vitest";
import { openDatabase } from "../../src/db/open.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { RedisTrainQueue } from "../../src/trainer/remote/bot-queue.ts";
import { startTrainWorker } from "../../src/trainer/remote/train-worker.ts";
import { cleanRedis, requireRedis, testRedis } from "../helpers/redis.ts";
import { describeQueueContract } from "./queue-contract.ts";

beforeAll(() => requireRedis());

describeQueueContract("Redis (BullMQ, a worker)", async ({ runner, chartDir, ...options }) => {
  const redis = testRedis();
  const db = openDatabase(":memory:");
  const store = new JobStore(db);
  // The worker runs in this process here (its runner is the fake); the fault tests run real processes.
  const worker = startTrainWorker({ redis, runner: runner.run, name: "contract-worker", lockMs: 5000 });
  await worker.ready;
  const queue = new RedisTrainQueue({ store, redis, chartDir, heartbeatMs: 500, ...options });
  await queue.ready();
  return {
    queue,
    store,
    async close() {
      await queue.close();
      await worker.stop(0);
      db.close();
      await cleanRedis(redis.prefix);
    },
  };
});
