import { openDatabase } from "../../src/db/open.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { TrainQueue } from "../../src/trainer/queue/queue.ts";
import { describeQueueContract } from "./queue-contract.ts";

describeQueueContract("embedded (SQLite, a thread of the bot)", async ({ runner, chartDir, ...options }) => {
  const db = openDatabase(":memory:");
  const store = new JobStore(db);
  const queue = new TrainQueue({ store, chartDir, runner: runner.run, ...options });
  return {
    queue,
    store,
    async close() {
      await queue.close();
      db.close();
    },
  };
});
