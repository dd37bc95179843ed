import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address } from "../../src/core/conversation.ts";
import { isUserError } from "../../src/core/errors.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { INTERRUPTED_REASON, JobStore } from "../../src/trainer/queue/job-store.ts";
import { TrainQueue, type JobEvent } from "../../src/trainer/queue/queue.ts";
import { TrainingJobError } from "../../src/trainer/worker/run-worker.ts";
import { FakeRunner } from "./fake-runner.ts";

const alice: Address = { platform: "discord", chatId: "c1", userId: "alice", chatKind: "group" };
const bob: Address = { platform: "line", chatId: "c2", userId: "bob", chatKind: "direct" };

describe("TrainQueue", () => {
  let db: Db;
  let store: JobStore;
  let runner: FakeRunner;
  let chartDir: string;
  let events: { id: number; event: JobEvent }[];
  const listen = (event: JobEvent) => {
    events.push({ id: event.job.id, event });
  };
  const make = (options: { concurrency?: number; maxActivePerUser?: number; timeoutMs?: number } = {}) =>
    new TrainQueue({ store, chartDir, runner: runner.run, ...options });

  beforeEach(() => {
    db = openDatabase(":memory:");
    store = new JobStore(db);
    runner = new FakeRunner();
    chartDir = mkdtempSync(join(tmpdir(), "charts-"));
    events = [];
  });
  afterEach(() => db.close());

  it("runs one job at a time in submission order and shows queue positions", async () => {
    const queue = make({ maxActivePerUser: 3 });
    const first = await queue.submit(alice, "ja", parseTrainArgs("epochs=1"), listen);
    const second = await queue.submit(bob, "en", parseTrainArgs("epochs=2"), listen);
    const third = await queue.submit(alice, "ja", parseTrainArgs("epochs=3"), listen);
    expect(
      [first, second, third].map((outcome) => (outcome.kind === "queued" ? outcome.position : -1)),
    ).toEqual([0, 1, 2]);
    expect(runner.jobs.map((job) => job.params.epochs)).toEqual([1]);
    expect(store.get(first.job.id).status).toBe("running");
    expect(store.get(second.job.id).status).toBe("queued");

    runner.jobs[0]?.finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runner.jobs.map((job) => job.params.epochs)).toEqual([1, 2]);
    expect(queue.position(third.job.id)).toBe(1);
    runner.jobs[1]?.finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    runner.jobs[2]?.finish();
    await queue.whenIdle();

    const done = store.get(first.job.id);
    expect(done.status).toBe("done");
    expect(done.backend).toBe("fake backend");
    expect(done.result?.runs[0]?.testAcc).toBe(0.87);
    expect(done.chartPath).not.toBeNull();
    expect([...readFileSync(done.chartPath ?? "")]).toEqual([137, 80, 78, 71]);
    expect(events.filter(({ event }) => event.type === "done").map(({ id }) => id)).toEqual([
      first.job.id,
      second.job.id,
      third.job.id,
    ]);
  });

  it("runs as many jobs at once as configured", async () => {
    const queue = make({ concurrency: 2 });
    await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    await queue.submit(bob, "ja", parseTrainArgs(""), listen);
    expect(runner.jobs).toHaveLength(2);
    expect(queue.length).toBe(2);
  });

  it("limits the active jobs per user", async () => {
    const queue = make({ maxActivePerUser: 2 });
    await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    let error: unknown;
    try {
      await queue.submit({ ...alice, chatId: "another chat" }, "ja", parseTrainArgs(""), listen);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error) && error.code).toBe("train.limit");
    expect(() => queue.submit(bob, "ja", parseTrainArgs(""), listen)).not.toThrow();
  });

  it("cancels a queued job at once and a running one through its worker", async () => {
    const queue = make({ maxActivePerUser: 3 });
    const running = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const waiting = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const bobs = await queue.submit(bob, "ja", parseTrainArgs(""), listen);
    expect((await queue.cancel(alice)).map((job) => job.id)).toEqual([running.job.id, waiting.job.id]);
    expect(runner.jobs[0]?.cancelled).toBe(true);
    expect(store.get(waiting.job.id).status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.get(running.job.id).status).toBe("cancelled");
    expect(store.get(bobs.job.id).status).toBe("running");
    expect(events.filter(({ event }) => event.type === "cancelled").map(({ id }) => id)).toEqual([
      waiting.job.id,
      running.job.id,
    ]);
  });

  it("fails a job over its time limit with the reason", async () => {
    const queue = make({ timeoutMs: 20 });
    const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    await queue.whenIdle();
    expect(store.get(job.id)).toMatchObject({ status: "failed", error: "the time limit was reached" });
    expect(events.at(-1)?.event).toMatchObject({ type: "failed", failure: "timeout" });
  });

  it("marks a crashed worker's job failed and goes on with the next", async () => {
    const queue = make();
    const crashed = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const next = await queue.submit(bob, "ja", parseTrainArgs(""), listen);
    runner.jobs[0]?.fail(new TrainingJobError("crashed", "the training worker exited (code 1)"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.get(crashed.job.id)).toMatchObject({
      status: "failed",
      error: "the training worker exited (code 1)",
    });
    expect(store.get(next.job.id).status).toBe("running");
  });

  it("reuses a done result for identical seeded parameters, never for unseeded ones", async () => {
    const queue = make();
    const seeded = parseTrainArgs("seed=5 epochs=2");
    const first = await queue.submit(alice, "ja", seeded, listen);
    // While it trains, the same seeded request does not train it twice.
    expect(await queue.submit(bob, "en", parseTrainArgs("epochs=2 seed=5"), listen)).toMatchObject({
      kind: "duplicate",
      job: { id: first.job.id },
    });
    runner.jobs[0]?.finish();
    await queue.whenIdle();
    const again = await queue.submit(bob, "en", parseTrainArgs("epochs=2 seed=5"), listen);
    expect(again).toMatchObject({ kind: "cached", job: { id: first.job.id, status: "done" } });
    expect(runner.jobs).toHaveLength(1);
    expect((await queue.submit(bob, "en", parseTrainArgs("epochs=2 seed=6"), listen)).kind).toBe("queued");
    expect((await queue.submit(alice, "en", parseTrainArgs("epochs=2"), listen)).kind).toBe("queued");
  });

  it("keeps only the newest charts; a seeded result stays reusable once its file is gone", async () => {
    const queue = new TrainQueue({ store, chartDir, runner: runner.run, chartsKept: 2 });
    const ids: number[] = [];
    for (const seed of [1, 2, 3]) {
      ids.push((await queue.submit(alice, "ja", parseTrainArgs(`seed=${seed}`), listen)).job.id);
      runner.jobs.at(-1)?.finish();
      await queue.whenIdle();
    }
    const [oldest, second, newest] = ids.map((id) => store.get(id));
    expect(oldest?.chartPath).toBeNull();
    expect(readdirSync(chartDir).sort()).toEqual([`train-${second?.id}.png`, `train-${newest?.id}.png`]);
    expect(await queue.submit(bob, "en", parseTrainArgs("seed=1"), listen)).toMatchObject({
      kind: "cached",
      job: { id: oldest?.id },
    });
  });

  it("does not let a failing listener break the queue", async () => {
    const queue = make();
    const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), () => {
      throw new Error("chat unreachable");
    });
    runner.jobs[0]?.finish();
    await queue.whenIdle();
    expect(store.get(job.id).status).toBe("done");
  });

  it("marks jobs left queued or running by a process without heartbeats as failed, once", async () => {
    const running = store.insert(alice, "ja", parseTrainArgs(""), null);
    store.markRunning(running.id);
    const queued = store.insert(bob, "en", parseTrainArgs(""), null);
    const queue = make();
    const interrupted = queue.sweepInterrupted();
    expect(interrupted.map((job) => [job.id, job.owner.userId, job.status])).toEqual([
      [running.id, "alice", "failed"],
      [queued.id, "bob", "failed"],
    ]);
    expect(store.get(running.id).error).toBe(INTERRUPTED_REASON);
    expect(queue.sweepInterrupted()).toEqual([]);
  });

  it("never sweeps its own jobs, and stamps them with its instance and a heartbeat", async () => {
    const queue = make({ maxActivePerUser: 3 });
    const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    expect(store.get(job.id)).toMatchObject({ instanceId: queue.instanceId, status: "running" });
    expect(store.get(job.id).heartbeatAt).not.toBeNull();
    // Even with every heartbeat counted stale, a queue's own jobs are alive in its process.
    const impatient = new TrainQueue({ store, chartDir, runner: runner.run, staleAfterMs: -1 });
    expect(impatient.sweepInterrupted().map((swept) => swept.id)).toEqual([job.id]);
    const own = new TrainQueue({
      store,
      chartDir,
      runner: runner.run,
      staleAfterMs: -1,
      instanceId: queue.instanceId,
    });
    const next = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    expect(own.sweepInterrupted()).toEqual([]);
    expect(store.get(next.job.id).status).not.toBe("failed");
  });

  it("closes: queued jobs fail, running ones are stopped", async () => {
    const queue = make();
    const running = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const queued = await queue.submit(bob, "ja", parseTrainArgs(""), listen);
    await queue.close();
    expect(store.get(running.job.id).status).toBe("failed");
    expect(store.get(queued.job.id).status).toBe("failed");
    expect(existsSync(chartDir)).toBe(true);
  });
});
