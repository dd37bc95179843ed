import { createCanvas } from "@napi-rs/canvas";
import { afterEach, describe, expect, it } from "vitest";
import { TOKEN_SAFE_MS } from "../../../src/bots/discord/conversation.ts";
import type { Address, Locale } from "../../../src/core/conversation.ts";
import type { TrainerPort, TrainRequest } from "../../../src/core/ports/trainer.ts";
import { text, type Reply } from "../../../src/core/reply.ts";
import { parseTrainArgs } from "../../../src/trainer/params.ts";
import {
  APPLICATION_ID,
  CHANNEL_ID,
  chatInputCommand,
  OptionType,
  type RecordedCall,
} from "../../fakes/discord/index.ts";
import { isCallbackOf, startHarness, textOfBody, type Harness, type HarnessOptions } from "./harness.ts";

/** A real (tiny) PNG, as the trainer's chart would be. */
function tinyPng(): Uint8Array {
  const canvas = createCanvas(4, 4);
  const context = canvas.getContext("2d");
  context.fillStyle = "#5865f2";
  context.fillRect(0, 0, 4, 4);
  return new Uint8Array(canvas.toBuffer("image/png"));
}

/**
 * A trainer whose jobs report one epoch, wait for the test to let them go on, then finish with a chart: the
 * shape of the real one (progress with one key, then a result and an image) without the training.
 */
class GatedTrainer implements TrainerPort {
  readonly png = tinyPng();
  private jobs = 0;
  private readonly gates: (() => void)[] = [];
  private statusGate: Promise<void> | undefined;
  private openStatus: (() => void) | undefined;

  async start(request: TrainRequest): Promise<Reply[]> {
    parseTrainArgs(request.args); // refuses parameters as the real trainer does
    const job = ++this.jobs;
    const key = `train-${job}`;
    const gate = new Promise<void>((resolve) => this.gates.push(resolve));
    void (async () => {
      await request.conversation.send([
        { kind: "progress", key, text: "epoch 1/2", ratio: 0.5, done: false },
      ]);
      await gate;
      await request.conversation.send([{ kind: "progress", key, text: "epoch 2/2", ratio: 1, done: true }]);
      await request.conversation.send([
        text(`テスト精度 0.97 (job ${job})`),
        { kind: "image", png: this.png, alt: "accuracy by epoch", filename: `${key}.png` },
      ]);
    })();
    return [text(`🧪 ジョブ #${job} を開始しました (${request.args})`)];
  }

  /** Lets the oldest waiting job finish. */
  release(): void {
    this.gates.shift()?.();
  }

  /** Makes /train status slow until `releaseStatus`. */
  holdStatus(): void {
    this.statusGate = new Promise((resolve) => (this.openStatus = resolve));
  }

  releaseStatus(): void {
    this.openStatus?.();
  }

  async status(_owner: Address, _locale: Locale): Promise<Reply[]> {
    await this.statusGate;
    return [text("待機中のジョブはありません")];
  }

  async cancel(): Promise<Reply[]> {
    return [text("取り消すジョブはありません")];
  }

  helpText(): string {
    return "dropout=0..0.9";
  }

  async whenIdle(): Promise<void> {}

  async close(): Promise<void> {}
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const EDIT_ORIGINAL = (token: string) => (call: RecordedCall) =>
  call.method === "PATCH" && call.path === `/webhooks/${APPLICATION_ID}/${token}/messages/@original`;
const FOLLOW_UP = (token: string) => (call: RecordedCall) =>
  call.method === "POST" && call.path === `/webhooks/${APPLICATION_ID}/${token}`;
/** The reply once it shows both the core's answer and the job's first progress line. */
const showsStartAndProgress = (token: string) => (call: RecordedCall) =>
  EDIT_ORIGINAL(token)(call) && textOfBody(call.body).includes("🧪") && textOfBody(call.body).includes("50%");
const CHANNEL_POST = (call: RecordedCall) =>
  call.method === "POST" && call.path === `/channels/${CHANNEL_ID}/messages`;
const trainCommand = (params: string) =>
  chatInputCommand("train", [{ name: "params", type: OptionType.String, value: params }]);

describe("/train on Discord: deferred, progress edited in place, chart uploaded", () => {
  let harness: Harness | undefined;
  let trainer: GatedTrainer;
  const start = async (options: HarnessOptions = {}) => {
    trainer = new GatedTrainer();
    harness = await startHarness({ trainer: () => trainer, ...options });
    return harness;
  };
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("defers at once, edits the one reply as the job advances, then uploads the PNG", async () => {
    const { fake } = await start();
    const interaction = trainCommand("dropout=0.3");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);

    const callback = await fake.waitForCall(isCallbackOf(interaction), mark);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    await fake.waitForCall(
      (call) => EDIT_ORIGINAL(interaction.token)(call) && textOfBody(call.body).includes("50%"),
      mark,
    );
    trainer.release();
    const upload = await fake.waitForCall(
      (call) => FOLLOW_UP(interaction.token)(call) && call.files.length > 0,
      mark,
    );

    const webhookCalls = fake.callsAfter(mark, (call) => call.path.startsWith("/webhooks/"));
    expect(fake.calls.indexOf(callback)).toBeLessThan(fake.calls.indexOf(webhookCalls[0] as RecordedCall));
    const edits = webhookCalls.filter(EDIT_ORIGINAL(interaction.token)).map((call) => textOfBody(call.body));
    expect(edits.at(-1)).toBe("🧪 ジョブ #1 を開始しました (dropout=0.3)\n✅ epoch 2/2");
    expect(edits.some((content) => content.includes("`[████████░░░░░░░░]`  50% epoch 1/2"))).toBe(true);
    expect(webhookCalls.filter(FOLLOW_UP(interaction.token))).toEqual([upload]);

    const [file] = upload.files;
    expect(file?.field).toBe("files[0]");
    expect(file?.filename).toBe("train-1.png");
    expect([...(file?.data.subarray(0, 8) ?? [])]).toEqual(PNG_SIGNATURE);
    expect(Buffer.compare(file?.data ?? Buffer.alloc(0), Buffer.from(trainer.png))).toBe(0);
    expect(upload.body).toMatchObject({
      content: "テスト精度 0.97 (job 1)",
      // discord.js names the file in the multipart part; the descriptor pairs it with files[0].
      attachments: [{ id: "0", description: "accuracy by epoch" }],
    });
    expect(upload.status).toBe(200);
  });

  it("sends later updates to the channel once the 15-minute token is about to expire", async () => {
    let now = Date.parse("2026-11-28T09:00:00Z");
    const { fake } = await start({ now: () => now });
    const interaction = trainCommand("epochs=20");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCall(showsStartAndProgress(interaction.token), mark);

    now += TOKEN_SAFE_MS + 1000;
    const later = fake.mark();
    trainer.release();
    const upload = await fake.waitForCall((call) => CHANNEL_POST(call) && call.files.length > 0, later);

    expect(fake.callsAfter(later, (call) => call.path.startsWith("/webhooks/"))).toEqual([]);
    const posts = fake.callsAfter(later, CHANNEL_POST);
    expect(posts.map((call) => textOfBody(call.body))).toEqual([
      "🧪 ジョブ #1 を開始しました (epochs=20)\n✅ epoch 2/2",
      "テスト精度 0.97 (job 1)",
    ]);
    expect(upload.files[0]?.filename).toBe("train-1.png");
    expect(upload.authorization).toMatch(/^Bot /);
  });

  it("falls back to the channel when Discord says the token no longer works (50027)", async () => {
    const { fake, logger } = await start();
    const interaction = trainCommand("dropout=0.5");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCall(showsStartAndProgress(interaction.token), mark);

    fake.expireToken(interaction.token);
    const later = fake.mark();
    trainer.release();
    await fake.waitForCall((call) => CHANNEL_POST(call) && call.files.length > 0, later);

    const refused = fake.callsAfter(later, (call) => call.path.startsWith("/webhooks/"));
    expect(refused.map((call) => call.status)).toEqual([401]);
    expect(fake.callsAfter(later, CHANNEL_POST).map((call) => textOfBody(call.body))).toEqual([
      "🧪 ジョブ #1 を開始しました (dropout=0.5)\n✅ epoch 2/2",
      "テスト精度 0.97 (job 1)",
    ]);
    expect(logger.at("warn").some((entry) => entry.fields.code === 50027)).toBe(true);
  });

  it("waits out a rate limit on an edit (discord.js retries after Retry-After)", async () => {
    const { fake } = await start();
    fake.failNext("PATCH", /\/messages\/@original$/, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.05, global: false },
      headers: {
        "retry-after": "0.05",
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset-after": "0.05",
        "x-ratelimit-bucket": "fake-bucket",
        "x-ratelimit-scope": "user",
      },
    });
    const interaction = trainCommand("dropout=0.2");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCalls(2, EDIT_ORIGINAL(interaction.token), mark);
    const [limited, retried] = fake.callsAfter(mark, EDIT_ORIGINAL(interaction.token));
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried?.body).toEqual(limited?.body);
    trainer.release();
    await fake.waitForCall((call) => FOLLOW_UP(interaction.token)(call) && call.files.length > 0, mark);
  });

  it("does not defer parameters the trainer refuses: the mistake goes to the sender alone", async () => {
    const { fake } = await start();
    const mistake = trainCommand("dropout=5");
    const mark = fake.mark();
    fake.dispatchInteraction(mistake);
    const callback = await fake.waitForCall(isCallbackOf(mistake), mark);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(textOfBody((callback.body as { data?: unknown }).data)).toContain("dropout");
  });

  it("answers /train status privately in a server (deferred, as /train is)", async () => {
    const { fake } = await start();
    const status = trainCommand("status");
    const mark = fake.mark();
    fake.dispatchInteraction(status);
    const callback = await fake.waitForCall(isCallbackOf(status), mark);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForCall(EDIT_ORIGINAL(status.token), mark);
    expect(textOfBody(edit.body)).toBe("待機中のジョブはありません");
  });

  it("defers any command the core is slow to answer, then fills in the reply", async () => {
    const { fake } = await start({ deferredCommands: new Set(), deferAfterMs: 50 });
    trainer.holdStatus();
    const interaction = trainCommand("status");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    const callback = await fake.waitForCall(isCallbackOf(interaction), mark);
    expect((callback.body as { type: number }).type).toBe(5);
    trainer.releaseStatus();
    const edit = await fake.waitForCall(EDIT_ORIGINAL(interaction.token), mark);
    expect(textOfBody(edit.body)).toBe("待機中のジョブはありません");
  });
});
