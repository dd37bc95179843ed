import { afterEach, describe, expect, it } from "vitest";
import { TOKEN_SAFE_MS } from "../../../src/bots/discord/conversation.ts";
import {
  APPLICATION_ID,
  CHANNEL_ID,
  chatInputCommand,
  OptionType,
  type RecordedCall,
} from "../../fakes/discord/index.ts";
import { CHART_ALT, FakeTrainer, RESULT_TEXT } from "../../fakes/trainer.ts";
import { isCallbackOf, startHarness, textOfBody, type Harness, type HarnessOptions } from "./harness.ts";

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
/** The result line after the chart, as a follow-up. */
const RESULT_FOLLOW_UP = (token: string) => (call: RecordedCall) =>
  FOLLOW_UP(token)(call) && textOfBody(call.body).includes(RESULT_TEXT);
const STARTED = "🧪 ジョブ #1 を開始しました(エポック 2)";
const RESULT_POST = (call: RecordedCall) => CHANNEL_POST(call) && textOfBody(call.body).includes(RESULT_TEXT);

/**
 * Progress that left the reply for the channel: a new message that keeps the reply's heading above the
 * last epoch, then edited in place to the job's end.
 */
function expectMovedToChannel(calls: readonly RecordedCall[], moved: RecordedCall | undefined): void {
  expect(textOfBody(moved?.body)).toMatch(
    /^🧪 ジョブ #1 を開始しました\(エポック 2\)\n`\[█+\]` 100% エポック 2\/2$/,
  );
  const edits = calls.filter(
    (call) => call.method === "PATCH" && call.path.startsWith(`/channels/${CHANNEL_ID}/messages/`),
  );
  expect(edits.map((call) => textOfBody(call.body))).toEqual([`${STARTED}\n✅ 学習が終わりました`]);
}
const trainCommand = (params: string) =>
  chatInputCommand("train", [{ name: "params", type: OptionType.String, value: params }]);

describe("/train on Discord: deferred, progress edited in place, chart uploaded", () => {
  let harness: Harness | undefined;
  let trainer: FakeTrainer;
  const start = async (options: HarnessOptions = {}) => {
    trainer = await FakeTrainer.create({ gated: true });
    harness = await startHarness({ trainer: () => trainer, ...options });
    return harness;
  };
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("defers at once, edits the one reply as the job advances, then uploads the PNG", async () => {
    const { fake } = await start();
    const interaction = trainCommand("dropout=0.3 epochs=2");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);

    const callback = await fake.waitForCall(isCallbackOf(interaction), mark);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    await fake.waitForCall(
      (call) => EDIT_ORIGINAL(interaction.token)(call) && textOfBody(call.body).includes("50%"),
      mark,
    );
    trainer.release();
    const result = await fake.waitForCall(RESULT_FOLLOW_UP(interaction.token), mark);

    const webhookCalls = fake.callsAfter(mark, (call) => call.path.startsWith("/webhooks/"));
    expect(fake.calls.indexOf(callback)).toBeLessThan(fake.calls.indexOf(webhookCalls[0] as RecordedCall));
    const edits = webhookCalls.filter(EDIT_ORIGINAL(interaction.token)).map((call) => textOfBody(call.body));
    expect(edits.at(-1)).toBe(`${STARTED}\n✅ 学習が終わりました`);
    expect(edits.some((content) => content.includes("`[████████░░░░░░░░]`  50% エポック 1/2"))).toBe(true);
    const [upload, ...more] = webhookCalls.filter(FOLLOW_UP(interaction.token));
    expect(more).toEqual([result]);
    if (!upload) throw new Error("no upload");

    const [file] = upload.files;
    expect(file?.field).toBe("files[0]");
    expect(file?.filename).toBe("train-1.png");
    expect([...(file?.data.subarray(0, 8) ?? [])]).toEqual(PNG_SIGNATURE);
    expect(Buffer.compare(file?.data ?? Buffer.alloc(0), Buffer.from(trainer.png))).toBe(0);
    // discord.js names the file in the multipart part; the descriptor pairs it with files[0].
    expect(upload.body).toMatchObject({ attachments: [{ id: "0", description: CHART_ALT }] });
    expect(upload.status).toBe(200);
  });

  it("sends later updates to the channel once the 15-minute token is about to expire", async () => {
    let now = Date.parse("2026-11-28T09:00:00Z");
    const { fake } = await start({ now: () => now });
    const interaction = trainCommand("epochs=2");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCall(showsStartAndProgress(interaction.token), mark);

    now += TOKEN_SAFE_MS + 1000;
    const later = fake.mark();
    trainer.release();
    await fake.waitForCall(RESULT_POST, later);

    expect(fake.callsAfter(later, (call) => call.path.startsWith("/webhooks/"))).toEqual([]);
    const [moved, upload, result] = fake.callsAfter(later, CHANNEL_POST);
    expectMovedToChannel(fake.callsAfter(later), moved);
    expect(upload?.files[0]?.filename).toBe("train-1.png");
    expect(upload?.authorization).toMatch(/^Bot /);
    expect(textOfBody(result?.body)).toBe(`${RESULT_TEXT}(ジョブ #1)`);
  });

  it("falls back to the channel when Discord says the token no longer works (50027)", async () => {
    const { fake, logger } = await start();
    const interaction = trainCommand("dropout=0.5 epochs=2");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCall(showsStartAndProgress(interaction.token), mark);

    fake.expireToken(interaction.token);
    const later = fake.mark();
    trainer.release();
    await fake.waitForCall(RESULT_POST, later);

    const refused = fake.callsAfter(later, (call) => call.path.startsWith("/webhooks/"));
    expect(refused.map((call) => call.status)).toEqual([401]);
    const [moved, upload, result] = fake.callsAfter(later, CHANNEL_POST);
    expectMovedToChannel(fake.callsAfter(later), moved);
    expect(upload?.files[0]?.filename).toBe("train-1.png");
    expect(textOfBody(result?.body)).toBe(`${RESULT_TEXT}(ジョブ #1)`);
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
    const interaction = trainCommand("dropout=0.2 epochs=2");
    const mark = fake.mark();
    fake.dispatchInteraction(interaction);
    await fake.waitForCalls(2, EDIT_ORIGINAL(interaction.token), mark);
    const [limited, retried] = fake.callsAfter(mark, EDIT_ORIGINAL(interaction.token));
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried?.body).toEqual(limited?.body);
    trainer.release();
    await fake.waitForCall(RESULT_FOLLOW_UP(interaction.token), mark);
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
    const { fake } = await start({ deferAtOnce: false, deferAfterMs: 50 });
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
