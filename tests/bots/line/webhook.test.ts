import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackBody, signature, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { CHANNEL_SECRET, LineHarness } from "./harness.ts";

describe("LINE webhook endpoint", () => {
  let harness: LineHarness;
  beforeEach(async () => {
    harness = await LineHarness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("handles a webhook signed with the channel secret", async () => {
    const response = await harness.send([textEvent("/help", userSource(userId()))]);
    expect(response.status).toBe(200);
    expect(harness.api.delivered).toHaveLength(1);
    expect(harness.userCount()).toBe(1);
  });

  it("refuses a wrong signature with 401 and processes nothing", async () => {
    const response = await harness.send([textEvent("/help", userSource(userId()))], {
      secret: "not-the-channel-secret",
    });
    expect(response.status).toBe(401);
    expect(harness.api.calls).toEqual([]);
    expect(harness.userCount()).toBe(0);
  });

  it("refuses a missing signature with 401 and processes nothing", async () => {
    const response = await harness.send([textEvent("/quiz", userSource(userId()))], { signature: null });
    expect(response.status).toBe(401);
    expect(harness.api.calls).toEqual([]);
    expect(harness.userCount()).toBe(0);
  });

  it("refuses a body over the size limit with 413 before parsing it, even when signed", async () => {
    const events = [textEvent("/memo add " + "あ".repeat(400_000), userSource(userId()))];
    const raw = JSON.stringify(callbackBody(events));
    expect(Buffer.byteLength(raw)).toBeGreaterThan(1024 * 1024);
    const response = await harness.post(raw, { signature: signature(raw, CHANNEL_SECRET) });
    await harness.line.idle();
    expect(response.status).toBe(413);
    expect(harness.api.calls).toEqual([]);
    expect(harness.userCount()).toBe(0);
  });

  it("refuses a body changed after signing", async () => {
    const raw = JSON.stringify(callbackBody([textEvent("/help", userSource(userId()))]));
    const response = await harness.post(raw.replace("/help", "/quiz"), {
      signature: signature(raw, CHANNEL_SECRET),
    });
    await harness.line.idle();
    expect(response.status).toBe(401);
    expect(harness.api.calls).toEqual([]);
  });

  it("answers a signed but malformed JSON body with 400", async () => {
    const response = await harness.post('{"destination":"U0","events":[');
    expect(response.status).toBe(400);
    expect(harness.api.calls).toEqual([]);
  });

  it("answers a signed body without an events array with 400", async () => {
    const response = await harness.post('{"destination":"U0"}');
    expect(response.status).toBe(400);
  });

  it("acknowledges LINE's verification request (no events) without sending anything", async () => {
    const response = await harness.send([]);
    expect(response.status).toBe(200);
    expect(harness.api.calls).toEqual([]);
  });

  it("keeps handling the other events of a webhook when one fails", async () => {
    const failing = textEvent("/help", userSource(userId()));
    // The event's id cannot be recorded: its handling throws, well inside the handler.
    harness.app.db.exec(
      `CREATE TRIGGER refuse_one BEFORE INSERT ON line_webhook_events
       WHEN NEW.event_id = '${failing.webhookEventId}' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
    );
    const good = textEvent("/help", userSource(userId()));
    await harness.send([failing, good]);
    expect(harness.api.delivered.map((sent) => sent.replyToken)).toEqual([good.replyToken]);
    const failure = harness.logger
      .at("error")
      .find((entry) => entry.message === "LINE: event handling failed");
    expect(failure?.fields).toMatchObject({ eventId: failing.webhookEventId });
  });

  it("drops a malformed event of a webhook and handles the others", async () => {
    const broken = { ...textEvent("/help", userSource(userId())), message: null } as unknown as Parameters<
      LineHarness["send"]
    >[0][number];
    const good = textEvent("/help", userSource(userId()));
    await harness.send([broken, good]);
    expect(harness.api.delivered.map((sent) => sent.replyToken)).toEqual([good.replyToken]);
    expect(harness.logger.at("warn").map((entry) => entry.message)).toContain(
      "LINE: malformed event dropped",
    );
  });

  it("answers 404 for unknown media ids and for names that are not media ids", async () => {
    for (const path of [
      "/media/0123456789abcdef0123456789abcdef.png",
      "/media/..%2F..%2Fpackage.json",
      "/media/abc.png",
      "/media/%2e%2e",
    ]) {
      const response = await fetch(`${harness.http.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it("refuses webhooks with 503 once shutdown has begun, and handles nothing more", async () => {
    await harness.send([textEvent("/help", userSource(userId()))]);
    harness.http.stopIntake();
    await harness.line.stopIntake();
    const response = await harness.send([textEvent("/train dropout=0.3", userSource(userId()))]);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(harness.api.delivered).toHaveLength(1);
    expect(harness.userCount()).toBe(1);
    expect((await fetch(`${harness.http.url}/healthz`)).status).toBe(503);
  });
});
