import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Address } from "../../src/core/conversation.ts";
import { isUserError } from "../../src/core/errors.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { JobStore } from "../../src/trainer/queue/job-store.ts";
import type { JobEvent, JobQueue } from "../../src/trainer/queue/port.ts";
import { TrainingJobError } from "../../src/trainer/worker/run-worker.ts";
import { until } from "../helpers/redis.ts";
import { epochProgress, FakeRunner } from "./fake-runner.ts";

export interface ContractOptions {
  maxActivePerUser?: number;
  timeoutMs?: number;
  runner: FakeRunner;
  chartDir: string;
}

/** One implementation of the queue port, set up with a fake runner that trains one job at a time. */
export interface ContractSubject {
  queue: JobQueue;
  store: JobStore;
  close(): Promise<void>;
}

const alice: Address = { platform: "discord", chatId: "c1", userId: "alice", chatKind: "group" };
const bob: Address = { platform: "line", chatId: "c2", userId: "bob", chatKind: "direct" };
const carol: Address = { platform: "line", chatId: "c3", userId: "carol", chatKind: "direct" };
const PNG = [137, 80, 78, 71];

/**
 * The behaviour every JobQueue owes the /train service, whichever runs the jobs: the embedded queue (a
 * thread of the bot) or the Redis one (worker processes). Written only against the port, waiting on
 * events rather than timing: in the Redis queue everything arrives a little later.
 */
export function describeQueueContract(
  name: string,
  setup: (options: ContractOptions) => Promise<ContractSubject>,
) {
  describe(`JobQueue contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    let runner: FakeRunner;
    let events: JobEvent[];
    const listen = (event: JobEvent) => void events.push(event);
    const typesOf = (id: number) => events.filter((event) => event.job.id === id).map((event) => event.type);
    const start = async (options: Partial<ContractOptions> & { cancelStops?: boolean } = {}) => {
      runner = new FakeRunner({ cancelStops: options.cancelStops ?? true });
      events = [];
      subject = await setup({
        runner,
        chartDir: mkdtempSync(join(tmpdir(), "contract-charts-")),
        ...options,
      });
      return subject;
    };
    const trained = (count: number) =>
      until(() => runner.jobs.length >= count, `${count} job(s) to start training`);
    afterEach(async () => {
      await subject?.close();
      subject = undefined;
    });

    it("delivers the start, each epoch, then the chart, in order, and records the result", async () => {
      const { queue, store } = await start();
      const outcome = await queue.submit(alice, "ja", parseTrainArgs("epochs=2"), listen);
      expect(outcome.kind).toBe("queued");
      await trained(1);
      await until(() => typesOf(outcome.job.id).includes("started"), "the start");
      runner.jobs[0]?.options.onEpoch?.(epochProgress(1, 2, 5));
      runner.jobs[0]?.options.onEpoch?.(epochProgress(2, 2, 0));
      runner.jobs[0]?.finish();
      await until(() => typesOf(outcome.job.id).includes("done"), "the result");
      await queue.whenIdle();
      expect(typesOf(outcome.job.id)).toEqual(["started", "epoch", "epoch", "done"]);
      const done = events.find((event) => event.type === "done");
      expect(done?.type === "done" && [...done.png.slice(0, 4)]).toEqual(PNG);
      expect(store.get(outcome.job.id)).toMatchObject({ status: "done", backend: "fake backend" });
      expect(store.get(outcome.job.id).history[0]?.epochs).toHaveLength(1);
    });

    it("counts queue positions across the whole queue and the per-user limit across all of a user's chats", async () => {
      const { queue } = await start({ maxActivePerUser: 2 });
      const first = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await trained(1);
      const second = await queue.submit(bob, "ja", parseTrainArgs(""), listen);
      const third = await queue.submit(carol, "ja", parseTrainArgs(""), listen);
      expect(second).toMatchObject({ kind: "queued", position: 1 });
      expect(third).toMatchObject({ kind: "queued", position: 2 });
      expect((await queue.status(carol)).jobs.map(({ job, position }) => [job.id, position])).toEqual([
        [third.job.id, 2],
      ]);
      const status = await queue.status(alice);
      expect(status).toMatchObject({ total: 3, available: true });
      expect(status.jobs.map(({ job, position }) => [job.id, position])).toEqual([[first.job.id, 0]]);

      await queue.submit({ ...alice, chatId: "another chat" }, "ja", parseTrainArgs(""), listen);
      const refused = await queue
        .submit(alice, "ja", parseTrainArgs(""), listen)
        .catch((error: unknown) => error);
      expect(isUserError(refused) && refused.code).toBe("train.limit");
      for (const owner of [alice, bob, carol]) await queue.cancel(owner);
      await queue.whenIdle();
    });

    it("cancels a queued job at once and a running one at its next batch; neither delivers a result", async () => {
      const { queue, store } = await start({ maxActivePerUser: 3 });
      const running = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await trained(1);
      const waiting = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      expect((await queue.cancel(alice)).map((job) => job.id)).toEqual([running.job.id, waiting.job.id]);
      await until(() => runner.jobs[0]?.cancelled === true, "the running job to be told to stop");
      await until(() => typesOf(running.job.id).includes("cancelled"), "the running job's end");
      await queue.whenIdle();
      expect(typesOf(waiting.job.id)).toEqual(["cancelled"]);
      expect(typesOf(running.job.id)).toEqual(["started", "cancelled"]);
      expect(store.get(running.job.id).status).toBe("cancelled");
      expect(store.get(waiting.job.id).status).toBe("cancelled");
      // The next job is someone else's: the cancelled waiting one never trains.
      const next = await queue.submit(bob, "ja", parseTrainArgs("epochs=3"), listen);
      await trained(2);
      expect(runner.jobs.map((job) => job.params.epochs)).toEqual([8, 3]);
      runner.jobs[1]?.finish();
      await until(() => typesOf(next.job.id).includes("done"), "the next job's result");
    });

    it("cancels only the job named by its number, and nothing of someone else's", async () => {
      const { queue, store } = await start({ maxActivePerUser: 3 });
      const running = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await trained(1);
      const waiting = await queue.submit(alice, "ja", parseTrainArgs("epochs=2"), listen);
      const bobs = await queue.submit(bob, "ja", parseTrainArgs("epochs=3"), listen);
      expect(await queue.cancel(alice, bobs.job.id)).toEqual([]);
      expect((await queue.cancel(alice, waiting.job.id)).map((job) => job.id)).toEqual([waiting.job.id]);
      expect(store.get(waiting.job.id).status).toBe("cancelled");
      expect(typesOf(waiting.job.id)).toEqual(["cancelled"]);
      // The running job goes on and delivers its result; Bob's job trains after it.
      runner.jobs[0]?.finish();
      await until(() => typesOf(running.job.id).includes("done"), "the running job's result");
      await trained(2);
      expect(runner.jobs.map((job) => job.params.epochs)).toEqual([8, 3]);
      runner.jobs[1]?.finish();
      await until(() => typesOf(bobs.job.id).includes("done"), "Bob's result");
      expect(store.get(bobs.job.id).status).toBe("done");
    });

    it("a cancel that comes after the last batch still wins over the result that arrives anyway", async () => {
      const { queue, store } = await start({ cancelStops: false });
      const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await trained(1);
      await queue.cancel(alice);
      await until(() => runner.jobs[0]?.cancelled === true, "the job to be told to stop");
      runner.jobs[0]?.finish(); // the worker had nothing left to stop
      await until(() => typesOf(job.id).includes("cancelled"), "the cancel");
      await queue.whenIdle();
      expect(typesOf(job.id)).not.toContain("done");
      expect(store.get(job.id)).toMatchObject({ status: "cancelled", result: null, chartPath: null });
    });

    it("reuses a seeded result, and does not train a seeded twin twice", async () => {
      const { queue } = await start();
      const first = await queue.submit(alice, "ja", parseTrainArgs("seed=5 epochs=2"), listen);
      expect(await queue.submit(bob, "en", parseTrainArgs("epochs=2 seed=5"), listen)).toMatchObject({
        kind: "duplicate",
        job: { id: first.job.id },
      });
      await trained(1);
      runner.jobs[0]?.finish();
      await until(() => typesOf(first.job.id).includes("done"), "the result");
      expect(await queue.submit(bob, "en", parseTrainArgs("epochs=2 seed=5"), listen)).toMatchObject({
        kind: "cached",
        job: { id: first.job.id, status: "done" },
      });
      expect(runner.jobs).toHaveLength(1);
    });

    it("ends a job at its wall-clock limit and says so", async () => {
      const { queue, store } = await start({ timeoutMs: 300 });
      const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await until(() => typesOf(job.id).includes("failed"), "the time limit");
      expect(events.find((event) => event.type === "failed")).toMatchObject({ failure: "timeout" });
      expect(store.get(job.id).status).toBe("failed");
    });

    it("stops a job whose first epochs project a run over the limit, with the projection", async () => {
      const { queue, store } = await start({ timeoutMs: 60_000 });
      const { job } = await queue.submit(alice, "ja", parseTrainArgs("epochs=8"), listen);
      await trained(1);
      runner.jobs[0]?.options.onEpoch?.(epochProgress(1, 8, 75));
      await until(() => typesOf(job.id).includes("failed"), "the stop");
      const failed = events.find((event) => event.type === "failed");
      expect(failed).toMatchObject({ failure: "too-slow" });
      expect(failed?.type === "failed" && failed.projectedSeconds).toBeGreaterThanOrEqual(75);
      expect(store.get(job.id).error).toMatch(/^projected to need 75 s, over the 60 s limit$/);
    });

    it("reports a crashed training as failed, with the kind of failure", async () => {
      const { queue, store } = await start();
      const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
      await trained(1);
      runner.jobs[0]?.fail(new TrainingJobError("crashed", "the training worker exited (code 1)"));
      await until(() => typesOf(job.id).includes("failed"), "the failure");
      expect(events.find((event) => event.type === "failed")).toMatchObject({ failure: "crashed" });
      expect(store.get(job.id)).toMatchObject({
        status: "failed",
        error: "the training worker exited (code 1)",
      });
    });
  });
}
