import { afterEach, describe, expect, it } from "vitest";
import { callbackBody, signature, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { text } from "../../../src/core/reply.ts";
import { CHANNEL_SECRET, LineHarness } from "./harness.ts";

/** Runs `task` `times` times, `width` at a time. */
async function repeat(
  times: number,
  width: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < times; start += width)
    await Promise.all(
      Array.from({ length: Math.min(width, times - start) }, (_, offset) => task(start + offset)),
    );
}

describe("LINE: refused webhooks do not flood the log", () => {
  let harness: LineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  /** Closes the harness (which writes what the throttle still counts) and returns its log. */
  async function closedLog() {
    const closing = harness;
    harness = undefined;
    await closing?.close();
    return closing?.logger.entries ?? [];
  }

  it("writes one line for 500 posts with a bad signature, and then how many were left out", async () => {
    harness = await LineHarness.start();
    const line = harness;
    const raw = JSON.stringify(callbackBody([textEvent("/help", userSource(userId()))]));
    await repeat(500, 25, async () => {
      const response = await line.post(raw, { secret: "not-the-channel-secret" });
      expect(response.status).toBe(401);
    });
    const lines = (await closedLog()).filter((entry) =>
      entry.message?.startsWith("LINE: webhook refused (signature)"),
    );
    // One line, then the count of the rest (a few more if the machine is slow enough to span a minute).
    const written = lines.filter((entry) => entry.fields.suppressed === undefined).length;
    const leftOut = lines.reduce((sum, entry) => sum + Number(entry.fields.suppressed ?? 0), 0);
    expect(written + leftOut).toBe(500);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines[1]?.fields.suppressed).toBeGreaterThan(200);
  }, 120_000);

  it("keeps one line per reason: each kind of refusal still shows", async () => {
    harness = await LineHarness.start();
    const line = harness;
    const signed = (raw: string) => line.post(raw, { signature: signature(raw, CHANNEL_SECRET) });
    const kinds: [number, () => Promise<Response>][] = [
      [401, () => line.post("{}", { signature: null })],
      [401, () => line.post("{}", { signature: "bm90IGEgc2lnbmF0dXJl" })],
      [400, () => signed("{not json")],
      [400, () => signed('{"destination":"U0"}')],
      [
        200,
        () => signed(JSON.stringify({ destination: "U0", events: [{ type: "message", mode: "active" }] })),
      ],
    ];
    for (const [status, post] of kinds)
      await repeat(100, 25, async () => {
        expect((await post()).status).toBe(status);
      });
    await line.line.idle();
    const warnings = (await closedLog()).filter((entry) => entry.level === "warn");
    // Five kinds, each written once and summed up once (a little more if the machine spans a minute).
    const summaries = warnings.filter((entry) => entry.fields.suppressed !== undefined);
    const leftOut = summaries.reduce((sum, entry) => sum + Number(entry.fields.suppressed), 0);
    expect(warnings.length - summaries.length + leftOut).toBe(500);
    expect(new Set(summaries.map((entry) => entry.fields.kind)).size).toBe(5);
    expect(warnings.length).toBeLessThanOrEqual(20);
  });
});

describe("LINE: an outage of the Messaging API does not flood the log", () => {
  it("writes one retry line per kind of failure a minute, and the count of the others", async () => {
    const harness = await LineHarness.start();
    for (let index = 0; index < 50; index += 1) {
      harness.api.failNext("push", { status: 503, times: 3 });
      const chatId = userId();
      await harness.line.pusher.push({ platform: "line", chatId, userId: chatId, chatKind: "direct" }, [
        text("⏰ 復習の時間です"),
      ]);
    }
    expect(harness.api.delivered).toHaveLength(50);
    await harness.close();
    const retries = harness.logger.entries.filter((entry) =>
      entry.message?.startsWith("LINE: push failed; retrying"),
    );
    const leftOut = retries.reduce((sum, entry) => sum + Number(entry.fields.suppressed ?? 0), 0);
    const written = retries.filter((entry) => entry.fields.suppressed === undefined).length;
    expect(written + leftOut).toBe(150);
    expect(retries.length).toBeLessThanOrEqual(4);
  });
});
