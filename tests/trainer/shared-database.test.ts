import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address, Conversation, Pusher } from "../../src/core/conversation.ts";
import type { Logger } from "../../src/core/logger.ts";
import type { ProgressReply, Reply, TextReply } from "../../src/core/reply.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { INTERRUPTED_REASON, JobStore } from "../../src/trainer/queue/job-store.ts";
import { TrainQueue, type JobEvent, type StartInterval } from "../../src/trainer/queue/queue.ts";
import { createTrainerService, type TrainerService } from "../../src/trainer/service.ts";
import type { TrainProgress } from "../../src/trainer/types.ts";
import { epochProgress, FakeRunner, fakeResult } from "./fake-runner.ts";

/*
 * Two bot processes (say Discord and LINE) on one SQLite file: each test opens two connections to a temp
 * file, one per "process", with its own service or queue, fake runner and interval.
 */

class RecordingConversation implements Conversation {
  readonly replies: Reply[] = [];
  async send(replies: Reply[]): Promise<void> {
    this.replies.push(...replies);
  }
}

/** Stands in for setInterval: the test decides when the heartbeat-and-sweep tick runs. */
class ManualInterval {
  private readonly runs: (() => void)[] = [];
  readonly start: StartInterval = (run) => {
    this.runs.push(run);
    return { stop: () => this.runs.splice(this.runs.indexOf(run), 1) };
  };
  tick(): void {
    for (const run of [...this.runs]) run();
  }
}

class RecordingLogger implements Logger {
  readonly errors: { object: object; message: string | undefined }[] = [];
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(object: object, message?: string): void {
    this.errors.push({ object, message });
  }
}

const discordUser: Address = { platform: "discord", chatId: "d-chat", userId: "d-user", chatKind: "group" };
const lineUser: Address = { platform: "line", chatId: "l-chat", userId: "l-user", chatKind: "direct" };
const progress: TrainProgress = {
  run: 1,
  runs: 1,
  kind: "dropout",
  epoch: 1,
  epochs: 2,
  ratio: 0.5,
  etaSeconds: 1,
  metrics: { epoch: 1, loss: 0.5, acc: 0.9, valLoss: 0.4, valAcc: 0.88, seconds: 1 },
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("several bot processes on one database file", () => {
  let path: string;
  let chartDir: string;
  let clock: Date;
  const now = () => clock;
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const opened: Db[] = [];
  const services: TrainerService[] = [];
  const open = (): Db => {
    const db = openDatabase(path);
    opened.push(db);
    return db;
  };
  /** The simulated processes' pids (all on this host) that have exited. */
  const exited = new Set<number>();
  let nextPid = 40_000;
  /** One "process": its own connection, pid, fake runner and interval. */
  const startProcess = (options: { concurrency?: number } = {}) => {
    const db = open();
    const runner = new FakeRunner();
    const interval = new ManualInterval();
    const pid = nextPid++;
    const service = createTrainerService({
      db,
      chartDir,
      runner: runner.run,
      now,
      startInterval: interval.start,
      pid,
      processAlive: (candidate) => !exited.has(candidate),
      ...options,
    });
    services.push(service);
    return { db, runner, interval, service, pid, store: new JobStore(db, now) };
  };

  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), "manabot-shared-")), "manabot.db");
    chartDir = mkdtempSync(join(tmpdir(), "train-charts-"));
    clock = new Date("2026-03-01T09:00:00.000Z");
  });
  afterEach(async () => {
    exited.clear();
    for (const service of services.splice(0)) await service.close();
    for (const db of opened.splice(0)) db.close();
  });

  it("a second process starting while the first trains leaves that job alone", async () => {
    const discord = startProcess();
    const conversation = new RecordingConversation();
    await discord.service.start({
      owner: discordUser,
      params: parseTrainArgs("epochs=1"),
      locale: "en",
      conversation,
    });
    const [job] = discord.store.active();
    expect(job?.status).toBe("running");

    advance(30);
    const line = startProcess();
    expect(line.service.interrupted).toEqual([]);
    const pushed: Address[] = [];
    const pusher: Pusher = { push: async (to) => void pushed.push(to) };
    expect(await line.service.notifyInterrupted({ line: pusher, discord: pusher })).toEqual([]);
    // The line process keeps sweeping while the discord process keeps beating.
    for (let i = 0; i < 5; i++) {
      advance(60);
      discord.interval.tick();
      line.interval.tick();
    }
    expect(line.store.get(job?.id ?? -1)).toMatchObject({ status: "running", error: null });

    discord.runner.jobs[0]?.finish();
    await discord.service.whenIdle();
    expect(line.store.get(job?.id ?? -1)).toMatchObject({ status: "done", error: null });
    expect(conversation.replies.some((reply) => reply.kind === "image")).toBe(true);
    expect(pushed).toEqual([]);
  });

  it("a process that stops beating has its jobs failed by a later sweep elsewhere, owner told once", async () => {
    const line = startProcess();
    await line.service.start({
      owner: lineUser,
      params: parseTrainArgs("epochs=1"),
      locale: "ja",
      conversation: new RecordingConversation(),
    });
    const [job] = line.store.active();
    // A quick restart: the other process starts while the old heartbeat is still fresh.
    advance(10);
    const restarted = startProcess();
    expect(restarted.service.interrupted).toEqual([]);
    const pushed: { to: Address; replies: Reply[] }[] = [];
    const pusher: Pusher = { push: async (to, replies) => void pushed.push({ to, replies }) };
    expect(await restarted.service.notifyInterrupted({ line: pusher })).toEqual([]);

    advance(60);
    restarted.interval.tick();
    expect(restarted.store.get(job?.id ?? -1).status).toBe("running");
    expect(pushed).toEqual([]);

    // No tick of `line` from here on: it crashed. Past the 90 s bound the next sweep fails its job.
    advance(40);
    restarted.interval.tick();
    await settle();
    expect(restarted.store.get(job?.id ?? -1)).toMatchObject({ status: "failed", error: INTERRUPTED_REASON });
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.to).toEqual(lineUser);
    expect((pushed[0]?.replies[0] as TextReply).text).toContain(`学習ジョブ #${job?.id} は中断されました`);

    advance(60);
    restarted.interval.tick();
    const third = startProcess();
    expect(third.service.interrupted).toEqual([]);
    await settle();
    expect(pushed).toHaveLength(1);
  });

  it("a process restarted after kill -9 fails its previous life's job at once, freeing the owner's limit", async () => {
    const before = startProcess();
    await before.service.start({
      owner: lineUser,
      params: parseTrainArgs("epochs=30"),
      locale: "ja",
      conversation: new RecordingConversation(),
    });
    const [job] = before.store.active();
    before.runner.jobs[0]?.options.onEpoch?.(epochProgress(2, 30, 100));
    exited.add(before.pid); // kill -9: no shutdown, no more heartbeats, the pid is gone
    advance(5); // a quick restart: the heartbeat is still fresh

    const after = startProcess();
    expect(after.service.interrupted.map((swept) => swept.id)).toEqual([job?.id]);
    const [status] = (await after.service.status(lineUser, "ja")) as TextReply[];
    expect(status?.text).toBe("実行中・待機中のジョブはありません。\nキュー全体: 0 件");
    const pushed: Address[] = [];
    await after.service.notifyInterrupted({ line: { push: async (to) => void pushed.push(to) } });
    expect(pushed).toEqual([lineUser]);
    // Both of the user's places are free again.
    for (let i = 0; i < 2; i++) {
      await after.service.start({
        owner: lineUser,
        params: parseTrainArgs(""),
        locale: "ja",
        conversation: new RecordingConversation(),
      });
    }
  });

  it("MANABOT_TRAIN_CONCURRENCY holds across the processes sharing the database, oldest job first", async () => {
    const discord = startProcess({ concurrency: 1 });
    const line = startProcess({ concurrency: 1 });
    const conversation = new RecordingConversation();
    const [first] = (await discord.service.start({
      owner: discordUser,
      params: parseTrainArgs(""),
      locale: "en",
      conversation,
    })) as ProgressReply[];
    const [second] = (await line.service.start({
      owner: lineUser,
      params: parseTrainArgs(""),
      locale: "en",
      conversation,
    })) as ProgressReply[];
    expect(first?.text).toMatch(/starting to train/);
    expect(second?.text).toMatch(/queued: position 1$/);
    expect([discord.runner.jobs.length, line.runner.jobs.length]).toEqual([1, 0]);
    const [status] = (await line.service.status(lineUser, "en")) as TextReply[];
    expect(status?.text).toMatch(/queued, position 1.*\nWhole queue: 2 jobs$/);

    discord.runner.jobs[0]?.finish();
    await discord.service.whenIdle();
    expect(line.runner.jobs).toHaveLength(0); // until the line process looks again
    line.interval.tick();
    expect(line.runner.jobs).toHaveLength(1);
    line.runner.jobs[0]?.finish();
    await line.service.whenIdle();
  });

  it("fails a stale job even without a pusher for its platform, and tells no one", async () => {
    const discord = startProcess();
    await discord.service.start({
      owner: discordUser,
      params: parseTrainArgs(""),
      locale: "en",
      conversation: new RecordingConversation(),
    });
    const [job] = discord.store.active();
    advance(120);
    const line = startProcess();
    expect(line.service.interrupted.map((swept) => swept.id)).toEqual([job?.id]);
    const pushed: Address[] = [];
    expect(
      await line.service.notifyInterrupted({ line: { push: async (to) => void pushed.push(to) } }),
    ).toEqual([]);
    expect(pushed).toEqual([]);
    expect(line.store.get(job?.id ?? -1).status).toBe("failed");
  });

  describe("late results", () => {
    let mine: Db;
    let other: Db;
    let store: JobStore;
    let otherStore: JobStore;
    let runner: FakeRunner;
    let events: JobEvent[];
    let queue: TrainQueue;
    let logger: RecordingLogger;
    let interval: ManualInterval;

    beforeEach(() => {
      mine = open();
      other = open();
      store = new JobStore(mine, now);
      otherStore = new JobStore(other, now);
      runner = new FakeRunner();
      events = [];
      logger = new RecordingLogger();
      interval = new ManualInterval();
      queue = new TrainQueue({
        store,
        chartDir,
        runner: runner.run,
        logger,
        maxActivePerUser: 3,
        startInterval: interval.start,
      });
    });
    afterEach(() => queue.close());

    const submit = async (owner: Address = discordUser) =>
      (await queue.submit(owner, "en", parseTrainArgs(""), (event) => void events.push(event))).job.id;
    const sweepFromOtherProcess = () =>
      new TrainQueue({ store: otherStore, chartDir, startInterval: new ManualInterval().start })
        .sweepInterrupted()
        .map((job) => job.id);

    it("a job swept as interrupted that finishes here after all is recorded done and delivered", async () => {
      const running = await submit();
      const waiting = await submit();
      // This process stalled past the bound (no heartbeat): the other one takes both jobs for interrupted.
      advance(120);
      expect(sweepFromOtherProcess()).toEqual([running, waiting]);
      // Training goes on here through another epoch and a tick: only a cancel would stop it.
      runner.jobs[0]?.options.onEpoch?.(epochProgress(1, 8, 10));
      interval.tick();
      expect(runner.jobs[0]?.cancelled).toBe(false);
      expect(queue.length).toBe(1); // the swept waiting job has left the line

      runner.jobs[0]?.finish();
      await queue.whenIdle();
      expect(otherStore.get(running)).toMatchObject({ status: "done", error: null });
      expect(otherStore.get(running).result?.runs[0]?.testAcc).toBe(0.87);
      expect(events.map((event) => event.type)).toEqual(["started", "epoch", "done"]);
      // The waiting job, already reported interrupted, is not run a second time.
      expect(runner.jobs).toHaveLength(1);
      expect(otherStore.get(waiting)).toMatchObject({ status: "failed", error: INTERRUPTED_REASON });
    });

    it("a late result does not overwrite a job another process ended for another reason", async () => {
      const id = await submit();
      expect(otherStore.markEnded(id, "failed", "stopped by an operator")).toBe(true);
      runner.jobs[0]?.finish();
      await queue.whenIdle();
      expect(otherStore.get(id)).toMatchObject({
        status: "failed",
        error: "stopped by an operator",
        result: null,
      });
      expect(events.map((event) => event.type)).toEqual(["started"]);
    });

    it("the store moves a job only from the states each transition allows", async () => {
      const { id } = otherStore.insert(lineUser, "ja", parseTrainArgs(""), null, "some-other-instance");
      expect(otherStore.markEnded(id, "failed", INTERRUPTED_REASON)).toBe(true);
      expect(otherStore.markRunning(id)).toBe(false);
      expect(otherStore.markEnded(id, "cancelled", null)).toBe(false);
      // Only the owning instance may turn a sweep's "interrupted" into a result.
      expect(otherStore.markDone(id, fakeResult(parseTrainArgs("")), "/tmp/x.png", "not-the-owner")).toBe(
        "refused",
      );
      expect(otherStore.markDone(id, fakeResult(parseTrainArgs("")), "/tmp/x.png")).toBe("refused");
      expect(otherStore.get(id)).toMatchObject({ status: "failed", error: INTERRUPTED_REASON });
      expect(
        otherStore.markDone(id, fakeResult(parseTrainArgs("")), "/tmp/x.png", "some-other-instance"),
      ).toBe("revived");
      expect(otherStore.get(id)).toMatchObject({ status: "done", error: null });
      expect(otherStore.markEnded(id, "failed", "late")).toBe(false);
      expect(
        otherStore.markDone(id, fakeResult(parseTrainArgs("")), "/tmp/x.png", "some-other-instance"),
      ).toBe("refused");
    });

    it("a database error inside the epoch callback is logged, the update still sent and the job finished", async () => {
      const id = await submit();
      // The other process holds the write lock and this connection does not wait: a real SQLITE_BUSY.
      mine.pragma("busy_timeout = 0");
      other.prepare("BEGIN IMMEDIATE").run();
      const onEpoch = runner.jobs[0]?.options.onEpoch;
      expect(() => onEpoch?.(progress)).not.toThrow();
      queue.tick();
      other.prepare("COMMIT").run();
      expect(logger.errors.map((entry) => entry.message)).toEqual([
        "could not save a training epoch",
        "could not refresh the heartbeats of training jobs",
        "could not refresh the heartbeats of training jobs",
        "could not sweep for interrupted training jobs",
      ]);
      expect(logger.errors.map((entry) => (entry.object as { err: { code?: string } }).err.code)).toEqual([
        "SQLITE_BUSY",
        "SQLITE_BUSY",
        "SQLITE_BUSY",
        "SQLITE_BUSY",
      ]);

      runner.jobs[0]?.finish();
      await queue.whenIdle();
      expect(events.map((event) => event.type)).toEqual(["started", "epoch", "done"]);
      expect(store.get(id).status).toBe("done");
    });
  });
});
