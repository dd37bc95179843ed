import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address, Conversation, Pusher } from "../../src/core/conversation.ts";
import { ArgumentError, isUserError } from "../../src/core/errors.ts";
import type { ImageReply, ProgressReply, Reply, TextReply } from "../../src/core/reply.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/trainer/chart.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { createTrainerService, type TrainerService } from "../../src/trainer/service.ts";
import { startWorkerJob } from "../../src/trainer/worker/run-worker.ts";
import { pngSize } from "./png.ts";

class RecordingConversation implements Conversation {
  readonly replies: Reply[] = [];
  async send(replies: Reply[]): Promise<void> {
    this.replies.push(...replies);
  }
  of<K extends Reply["kind"]>(kind: K): Extract<Reply, { kind: K }>[] {
    return this.replies.filter((reply): reply is Extract<Reply, { kind: K }> => reply.kind === kind);
  }
}

const owner: Address = { platform: "local", chatId: "terminal", userId: "tester", chatKind: "direct" };

async function userErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isUserError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("trainer service", () => {
  let db: Db;
  let chartDir: string;
  let service: TrainerService;

  beforeEach(() => {
    db = openDatabase(":memory:");
    chartDir = mkdtempSync(join(tmpdir(), "train-charts-"));
    service = createTrainerService({ db, chartDir });
  });
  afterEach(async () => {
    await service.close();
    db.close();
  });

  it("trains in the background and streams progress, a chart and the result block", async () => {
    const conversation = new RecordingConversation();
    const immediate = await service.start({
      owner,
      params: parseTrainArgs("samples=512 epochs=2"),
      locale: "ja",
      conversation,
    });
    expect(immediate).toHaveLength(1);
    const first = immediate[0] as ProgressReply;
    expect(first).toMatchObject({ kind: "progress", done: false });
    expect(first.text).toContain("学習を開始します");
    await service.whenIdle();

    const progress = conversation.of("progress");
    expect(new Set(progress.map((reply) => reply.key))).toEqual(new Set([first.key]));
    const epochs = progress.filter((reply) => reply.text.includes("エポック"));
    expect(epochs.map((reply) => reply.text.match(/エポック (\d)\/2/)?.[1])).toEqual(["1", "2"]);
    expect(progress.at(-1)).toMatchObject({ done: true, ratio: 1 });

    const [image] = conversation.of("image") as ImageReply[];
    expect(image?.alt).toBe("ドロップアウト 0.3 の学習曲線");
    expect(pngSize(image?.png ?? new Uint8Array())).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });

    const [result] = conversation.of("text") as TextReply[];
    for (const label of ["訓練精度", "検証精度", "差", "テスト精度", "バックエンド"]) {
      expect(result?.text).toContain(label);
    }
    // Unseeded: any of the readings may come out; each is a whole sentence of the result block.
    expect(result?.text).toMatch(
      /差: -?\d\.\d{4} → (差が小さい|差が大きい|差は小さいが精度が低い|精度がまだ低い|検証精度のほうが高い|偶然と同じ程度)/,
    );
  });

  it("reads the parameters with the parser, whose mistakes are ArgumentErrors", () => {
    expect(service.readParams("dropout=0.5 epochs=3")).toEqual(parseTrainArgs("dropout=0.5 epochs=3"));
    expect(() => service.readParams("dropuot=0.3")).toThrow(ArgumentError);
    expect(() => service.readParams("dropuot=0.3")).toThrow(/train\.args/);
  });

  it("cancels a running job, and says so when there is nothing to cancel", async () => {
    const conversation = new RecordingConversation();
    await service.start({
      owner,
      params: parseTrainArgs("samples=1000 epochs=2"),
      locale: "en",
      conversation,
    });
    const [cancelled] = (await service.cancel(owner, "en")) as TextReply[];
    expect(cancelled?.text).toMatch(/^⏹️ #\d+, training now, stops after its current batch\.$/);
    await service.whenIdle();
    expect(conversation.of("progress").at(-1)).toMatchObject({ outcome: "cancelled" });
    expect(conversation.of("progress").at(-1)?.text).toMatch(/cancelled$/);
    expect(conversation.of("image")).toHaveLength(0);
    const [nothing] = (await service.cancel(owner, "en")) as TextReply[];
    expect(nothing?.text).toBe("You have no job to cancel.");
  });

  it("reuses the stored result for identical seeded parameters", async () => {
    const conversation = new RecordingConversation();
    await service.start({
      owner,
      params: parseTrainArgs("samples=300 epochs=1 seed=11"),
      locale: "ja",
      conversation,
    });
    const twin = await service.start({
      owner,
      params: parseTrainArgs("seed=11 samples=300 epochs=1"),
      locale: "ja",
      conversation,
    });
    expect((twin[0] as TextReply).text).toMatch(
      /^同じ設定と seed のジョブ #\d+ がすでに学習中か待機中です。/,
    );
    await service.whenIdle();
    const again = await service.start({
      owner,
      params: parseTrainArgs("seed=11 epochs=1 samples=300"),
      locale: "ja",
      conversation,
    });
    expect(again.map((reply) => reply.kind)).toEqual(["text", "image", "text"]);
    expect((again[0] as TextReply).text).toContain("再利用");
    expect(pngSize((again[1] as ImageReply).png).width).toBe(CHART_WIDTH);
    expect((again[1] as ImageReply).alt).toBe("ドロップアウト 0.3 の学習曲線");
    expect(await service.whenIdle()).toBeUndefined();

    // An English reader gets the same curves with English words, drawn again from the stored history.
    const english = await service.start({
      owner,
      params: parseTrainArgs("samples=300 epochs=1 seed=11"),
      locale: "en",
      conversation,
    });
    expect((english[0] as TextReply).text).toContain("Reusing the stored result");
    const image = english[1] as ImageReply;
    expect(image.alt).toBe("Learning curves: Dropout 0.3");
    expect(pngSize(image.png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(Buffer.from(image.png).equals(Buffer.from((again[1] as ImageReply).png))).toBe(false);
  });

  it("shows status with queue positions and enforces the per-user limit", async () => {
    const conversation = new RecordingConversation();
    await service.start({
      owner,
      params: parseTrainArgs("samples=1000 epochs=2"),
      locale: "en",
      conversation,
    });
    const queued = await service.start({
      owner,
      params: parseTrainArgs("samples=1000 epochs=2"),
      locale: "en",
      conversation,
    });
    expect((queued[0] as ProgressReply).text).toMatch(/queued: position 1/);
    const [status] = (await service.status(owner, "en")) as TextReply[];
    expect(status?.text).toMatch(/training.*\n.*queued, position 1.*\nWhole queue: 2 job/);
    expect(
      await userErrorCode(service.start({ owner, params: parseTrainArgs(""), locale: "en", conversation })),
    ).toBe("train.limit");
    await service.cancel(owner, "en");
    await service.whenIdle();
  });

  it("help lists every key with its default and bounds and the lesson's full protocol", () => {
    const help = service.helpText("en");
    for (const key of [
      "dropout",
      "epochs",
      "batch",
      "samples",
      "optimizer",
      "lr",
      "batchnorm",
      "compare",
      "seed",
    ]) {
      expect(help).toContain(key);
    }
    expect(help).toContain("/train epochs=20 batch=128 samples=60000 compare=on");
  });
});

describe("trainer service when things go wrong", () => {
  it("turns a killed worker into a failed job and a message, and this process lives on", async () => {
    const db = openDatabase(":memory:");
    const chartDir = mkdtempSync(join(tmpdir(), "train-charts-"));
    const service = createTrainerService({
      db,
      chartDir,
      runner: (params, options) => {
        const job = startWorkerJob(params, {
          ...options,
          onStarted: (backend) => {
            options.onStarted?.(backend);
            job.kill("the worker was killed (test)");
          },
        });
        return job;
      },
    });
    const conversation = new RecordingConversation();
    await service.start({
      owner,
      params: parseTrainArgs("samples=1000 epochs=2"),
      locale: "en",
      conversation,
    });
    await service.whenIdle();
    const [failure] = conversation.of("text");
    expect(failure?.text).toMatch(
      /^Training job #\d+ failed: the training thread stopped unexpectedly\. Please run \/train again\.$/,
    );
    const [job] = db.prepare("SELECT status, error FROM train_jobs").all() as {
      status: string;
      error: string;
    }[];
    expect(job).toEqual({ status: "failed", error: "the worker was killed (test)" });
    await service.close();
    db.close();
  });

  it("fails jobs a crashed process left running and tells their owners once", async () => {
    const db = openDatabase(":memory:");
    const store = new JobStore(db);
    const left = store.insert(owner, "en", parseTrainArgs(""), null);
    store.markRunning(left.id);
    const service = createTrainerService({ db, chartDir: mkdtempSync(join(tmpdir(), "train-charts-")) });
    expect(service.interrupted.map((job) => job.id)).toEqual([left.id]);
    expect(store.get(left.id).status).toBe("failed");
    const pushed: { to: Address; replies: Reply[] }[] = [];
    const pusher: Pusher = { push: async (to, replies) => void pushed.push({ to, replies }) };
    expect((await service.notifyInterrupted({ [owner.platform]: pusher })).map((job) => job.id)).toEqual([
      left.id,
    ]);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.to).toEqual(owner);
    expect((pushed[0]?.replies[0] as TextReply).text).toContain(`#${left.id} was interrupted`);
    expect(await service.notifyInterrupted({ [owner.platform]: pusher })).toEqual([]);
    await service.close();
    db.close();
  });
});
