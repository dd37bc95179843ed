import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Address } from "../../src/core/conversation.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { TrainQueue, type JobEvent, type QueueOptions } from "../../src/trainer/queue/queue.ts";
import { epochProgress, FakeRunner } from "./fake-runner.ts";

const alice: Address = { platform: "discord", chatId: "c1", userId: "alice", chatKind: "group" };
const bob: Address = { platform: "line", chatId: "c2", userId: "bob", chatKind: "direct" };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** How jobs end other than by a result: late cancels, shutdown, jobs too slow for the limit, lost writes. */
describe("TrainQueue endings", () => {
  let db: Db;
  let store: JobStore;
  let chartDir: string;
  let events: { id: number; event: JobEvent }[];
  let ticks: (() => void)[];
  const listen = (event: JobEvent) => {
    events.push({ id: event.job.id, event });
  };
  const make = (runner: FakeRunner, options: Partial<QueueOptions> = {}) =>
    new TrainQueue({
      store,
      chartDir,
      runner: runner.run,
      maxActivePerUser: 3,
      startInterval: (run) => {
        ticks.push(run);
        return { stop: () => undefined };
      },
      ...options,
    });
  const typesOf = (id: number) => events.filter((entry) => entry.id === id).map(({ event }) => event.type);

  beforeEach(() => {
    db = openDatabase(":memory:");
    store = new JobStore(db);
    chartDir = mkdtempSync(join(tmpdir(), "charts-"));
    events = [];
    ticks = [];
  });
  afterEach(() => db.close());

  it("a cancel that comes after the last batch wins over the result that arrives anyway", async () => {
    const runner = new FakeRunner({ cancelStops: false });
    const queue = make(runner);
    const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    expect((await queue.cancel(alice)).map((cancelled) => cancelled.id)).toEqual([job.id]);
    expect(runner.jobs[0]?.cancelled).toBe(true);
    runner.jobs[0]?.finish(); // the worker had nothing left to stop
    await queue.whenIdle();
    expect(store.get(job.id)).toMatchObject({ status: "cancelled", result: null, chartPath: null });
    expect(typesOf(job.id)).toEqual(["started", "cancelled"]);
    expect(readdirSync(chartDir)).toEqual([]);
  });

  it("stops a job whose first epochs project a run over the time limit, and says why", async () => {
    const runner = new FakeRunner();
    const queue = make(runner, { timeoutMs: 60_000 });
    const slow = await queue.submit(alice, "ja", parseTrainArgs("epochs=8"), listen);
    const next = await queue.submit(bob, "en", parseTrainArgs("epochs=8"), listen);
    runner.jobs[0]?.options.onEpoch?.(epochProgress(1, 8, 40)); // within the limit: goes on
    expect(runner.jobs[0]?.cancelled).toBe(false);
    runner.jobs[0]?.options.onEpoch?.(epochProgress(2, 8, 75)); // 75 s more: over 60 s
    expect(runner.jobs[0]?.cancelled).toBe(true);
    await settle();
    const failed = events.find(({ event }) => event.type === "failed")?.event;
    expect(failed).toMatchObject({ type: "failed", failure: "too-slow" });
    expect(failed?.type === "failed" && failed.projectedSeconds).toBeGreaterThanOrEqual(75);
    expect(store.get(slow.job.id).status).toBe("failed");
    expect(store.get(slow.job.id).error).toMatch(/^projected to need 75 s, over the 60 s limit$/);
    expect(typesOf(slow.job.id)).toEqual(["started", "epoch", "failed"]);
    expect(store.get(next.job.id).status).toBe("running"); // the slot is free again
  });

  it("on shutdown tells the owners of queued jobs and stops running ones as shut down", async () => {
    const runner = new FakeRunner();
    const queue = make(runner);
    const running = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const queued = await queue.submit(bob, "en", parseTrainArgs(""), listen);
    await queue.close();
    for (const id of [running.job.id, queued.job.id]) {
      expect(store.get(id).status).toBe("failed");
      expect(events.find((entry) => entry.id === id && entry.event.type === "failed")?.event).toMatchObject({
        failure: "shutdown",
      });
    }
  });

  it("retries an end that could not be written, and stops refreshing that job's heartbeat", async () => {
    let now = new Date("2026-11-29T10:00:00Z");
    store = new JobStore(db, () => now);
    const runner = new FakeRunner();
    const queue = make(runner);
    const { job } = await queue.submit(alice, "ja", parseTrainArgs(""), listen);
    const markDone = vi.spyOn(store, "markDone").mockImplementation(() => {
      throw new Error("SQLITE_BUSY: database is locked");
    });
    const markEnded = vi.spyOn(store, "markEnded").mockImplementationOnce(() => {
      throw new Error("SQLITE_BUSY: database is locked");
    });
    runner.jobs[0]?.finish();
    await queue.whenIdle();
    expect(store.get(job.id).status).toBe("running"); // nothing could be written
    expect(queue.activeFor(alice)).toHaveLength(1);

    now = new Date("2026-11-29T10:01:00Z");
    markEnded.mockImplementationOnce(() => {
      throw new Error("SQLITE_BUSY: database is locked");
    });
    ticks.forEach((tick) => tick()); // still locked
    expect(store.get(job.id).status).toBe("running");
    expect(store.get(job.id).heartbeatAt).toBe("2026-11-29T10:00:00.000Z");

    ticks.forEach((tick) => tick()); // the lock is gone
    await queue.whenIdle();
    expect(store.get(job.id)).toMatchObject({ status: "failed", error: "the result could not be saved" });
    expect(typesOf(job.id)).toEqual(["started", "failed"]);
    expect(queue.activeFor(alice)).toEqual([]);
    markDone.mockRestore();
    markEnded.mockRestore();
  });

  it("a cancel from another process on the same database stops a job here, which then says nothing", async () => {
    const runner = new FakeRunner();
    const here = make(runner, { instanceId: "here" });
    const elsewhere = make(new FakeRunner(), { instanceId: "elsewhere" });
    const running = await here.submit(alice, "ja", parseTrainArgs(""), listen);
    const waiting = await here.submit(alice, "ja", parseTrainArgs(""), listen);
    await settle(); // "started" is delivered
    const seen = events.length;

    expect((await elsewhere.cancel(alice)).map((job) => job.id)).toEqual([running.job.id, waiting.job.id]);
    expect(store.get(running.job.id).status).toBe("cancelled");
    runner.jobs[0]?.options.onEpoch?.(epochProgress(1, 8, 10)); // the next epoch here notices
    expect(runner.jobs[0]?.cancelled).toBe(true);
    await here.whenIdle();
    expect(events.slice(seen).map(({ id, event }) => [id, event.type])).toEqual([]); // the owner heard "cancelled" from the other process
    expect(runner.jobs).toHaveLength(1); // the waiting job was not started
    expect(store.get(waiting.job.id).status).toBe("cancelled");
  });

  it("a tick takes a waiting job cancelled elsewhere out of the line, so positions move up", async () => {
    const here = make(new FakeRunner(), { instanceId: "here" });
    await here.submit(alice, "ja", parseTrainArgs(""), listen);
    const bobs = await here.submit(bob, "ja", parseTrainArgs(""), listen);
    const third = await here.submit({ ...bob, userId: "carol" }, "ja", parseTrainArgs(""), listen);
    expect([here.length, here.position(third.job.id)]).toEqual([3, 2]);
    make(new FakeRunner(), { instanceId: "elsewhere" }).cancel(bob);
    expect(store.get(bobs.job.id).status).toBe("cancelled");
    ticks[0]?.();
    expect([here.length, here.position(third.job.id), here.position(bobs.job.id)]).toEqual([2, 1, undefined]);
  });

  it("a periodic tick also stops a job cancelled elsewhere", async () => {
    const runner = new FakeRunner();
    const here = make(runner, { instanceId: "here" });
    const { job } = await here.submit(alice, "ja", parseTrainArgs(""), listen);
    store.markEnded(job.id, "cancelled", null);
    ticks[0]?.();
    expect(runner.jobs[0]?.cancelled).toBe(true);
    await here.whenIdle();
    expect(typesOf(job.id)).toEqual(["started"]);
  });
});
