import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { describe, expect, it } from "vitest";
import type { Address, Conversation } from "../../src/core/conversation.ts";
import type { ProgressReply, Reply } from "../../src/core/reply.ts";
import { progressLine } from "../../src/core/text/progress-bar.ts";
import { openDatabase } from "../../src/db/open.ts";
import { cancelText, failureText } from "../../src/trainer/messages.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { DEFAULTS } from "../../src/trainer/params.ts";
import { createTrainerService } from "../../src/trainer/service.ts";
import { TrainingJobError } from "../../src/trainer/worker/run-worker.ts";
import { FakeRunner } from "./fake-runner.ts";
import { RecordingLogger } from "../helpers/logger.ts";

const owner: Address = { platform: "local", chatId: "terminal", userId: "tester", chatKind: "direct" };

class Recording implements Conversation {
  readonly replies: Reply[] = [];
  async send(replies: Reply[]): Promise<void> {
    this.replies.push(...replies);
  }
  get text(): string {
    return this.replies.map((reply) => ("text" in reply ? reply.text : "")).join("\n");
  }
}

describe("red team #1: no error text or server path reaches a user", () => {
  it("a chart directory that cannot be made fails the job with a plain message; the details go to the log", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "charts-")), "not-a-directory");
    writeFileSync(file, "x");
    const chartDir = join(file, "sub");
    const db = openDatabase(":memory:");
    const runner = new FakeRunner();
    const logger = new RecordingLogger();
    const service = createTrainerService({ db, chartDir, runner: runner.run, logger });
    const conversation = new Recording();
    await service.start({
      owner,
      params: parseTrainArgs("epochs=1 samples=100"),
      locale: "ja",
      conversation,
    });
    runner.jobs[0]?.finish();
    await service.whenIdle();
    expect(conversation.text).toContain("ボット側の問題で失敗しました");
    expect(conversation.text).not.toContain(file);
    expect(conversation.text).not.toMatch(/ENOTDIR|mkdir|Error:|\/tmp\//);
    expect(JSON.stringify(logger.entries)).toContain("ENOTDIR");
    const ended = conversation.replies
      .filter((reply): reply is ProgressReply => reply.kind === "progress")
      .at(-1);
    expect(ended && progressLine(ended)).toMatch(/^❌ #1 失敗しました$/);
    await service.close();
    db.close();
  });

  it("failureText never carries the failure's own text, for any reason and kind", () => {
    const store = new JobStore(openDatabase(":memory:"));
    const job = store.insert(owner, "en", DEFAULTS, null);
    const kinds = ["too-slow", "timeout", "shutdown", "crashed", "cancelled", "error"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.string({ minLength: 4 }),
        fc.constantFrom("ja", "en"),
        (failure, detail, locale) => {
          const reason = `Error: ENOTDIR: not a directory, mkdir '/srv/manabot/${detail}'`;
          const message = failureText(
            { type: "failed", job, failure, reason, projectedSeconds: 90 },
            locale,
            60_000,
          );
          expect(message).not.toContain("/srv/manabot");
          expect(message).not.toContain("ENOTDIR");
        },
      ),
    );
  });

  it("/train cancel says which job went at once and which stops after its batch", () => {
    const store = new JobStore(openDatabase(":memory:"));
    const running = { ...store.insert(owner, "ja", DEFAULTS, null), status: "running" as const };
    const queued = store.insert(owner, "ja", DEFAULTS, null);
    expect(cancelText([running, queued], "ja")).toBe(
      "⏹️ 待機中の #2 を取り消しました。学習中の #1 は、いまのバッチが終わりしだい止まります。",
    );
    expect(cancelText([queued], "en")).toBe("⏹️ Cancelled queued #2.");
    expect(cancelText([], "ja")).toBe("取り消すジョブはありません。");
    expect(cancelText([], "ja", 7)).toBe(
      "ジョブ #7 は、あなたの待機中・学習中のジョブにありません。/train status で番号を確認できます。",
    );
  });
});

describe("defect 6: how a cancelled or failed job reads", () => {
  it("cancelling one running and one queued job: one line each, in order, none with ✅", async () => {
    const db = openDatabase(":memory:");
    const runner = new FakeRunner();
    const service = createTrainerService({ db, runner: runner.run, concurrency: 1 });
    const conversation = new Recording();
    await service.start({
      owner,
      params: parseTrainArgs("epochs=1 samples=100"),
      locale: "ja",
      conversation,
    });
    await service.start({
      owner,
      params: parseTrainArgs("epochs=2 samples=100"),
      locale: "ja",
      conversation,
    });
    const before = conversation.replies.length;
    const reply = await service.cancel(owner, "ja");
    await service.whenIdle();
    const lines = [
      ...conversation.replies.slice(before, before + 1),
      ...reply,
      ...conversation.replies.slice(before + 1),
    ].map((entry) => (entry.kind === "progress" ? progressLine(entry) : "text" in entry ? entry.text : ""));
    expect(lines).toEqual([
      "⏹️ #2 取り消しました",
      "⏹️ 待機中の #2 を取り消しました。学習中の #1 は、いまのバッチが終わりしだい止まります。",
      "⏹️ #1 取り消しました",
    ]);
    await service.close();
    db.close();
  });

  it("a failed job's progress ends with ❌", async () => {
    const db = openDatabase(":memory:");
    const runner = new FakeRunner();
    const service = createTrainerService({ db, runner: runner.run });
    const conversation = new Recording();
    await service.start({
      owner,
      params: parseTrainArgs("epochs=1 samples=100"),
      locale: "ja",
      conversation,
    });
    runner.jobs[0]?.options.onStarted?.("fake backend");
    const job = runner.jobs[0];
    job?.fail(new TrainingJobError("crashed", "worker exited (code 1)"));
    await service.whenIdle();
    const progress = conversation.replies.filter(
      (entry): entry is ProgressReply => entry.kind === "progress",
    );
    expect(progressLine(progress.at(-1)!)).toBe("❌ #1 失敗しました");
    expect(conversation.text).not.toContain("✅");
    expect(conversation.text).not.toContain("code 1");
    await service.close();
    db.close();
  });
});
