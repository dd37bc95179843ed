import type { webhook } from "@line/bot-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  followEvent,
  groupId,
  groupSource,
  postbackEvent,
  stickerEvent,
  textEvent,
  userId,
  userSource,
} from "../../fakes/line/fixtures.ts";
import { LineHarness } from "./harness.ts";

/** A signed event LINE would never send: the fixture's shape with some fields replaced. */
const tampered = (event: webhook.Event, change: Record<string, unknown>): webhook.Event =>
  ({ ...event, ...change }) as unknown as webhook.Event;

describe("LINE events are validated at the adapter's edge", () => {
  let harness: LineHarness;
  beforeEach(async () => {
    harness = await LineHarness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  const storedUserIds = () =>
    (harness.app.db.prepare("SELECT platform_user_id AS id FROM users").all() as { id: string }[]).map(
      (row) => row.id,
    );
  const dropped = () =>
    harness.logger.entries.filter((entry) => entry.message === "LINE: malformed event dropped");
  const failures = () =>
    harness.logger.at("error").filter((entry) => entry.message === "LINE: event handling failed");

  it("drops a postback whose data is an object, logs why, and still handles the webhook's other events", async () => {
    const user = userId();
    const bad = tampered(postbackEvent("/answer A 1", userSource(user)), { postback: { data: { a: 1 } } });
    const good = textEvent("/help", userSource(userId()));
    const response = await harness.send([bad, good]);
    expect(response.status).toBe(200);
    expect(failures()).toEqual([]);
    expect(dropped()).toHaveLength(1);
    expect(dropped()[0]?.fields).toMatchObject({ index: 0, type: "postback" });
    expect(String(dropped()[0]?.fields.issues)).toContain("postback.data");
    expect(harness.api.delivered.map((sent) => sent.replyToken)).toEqual([good.replyToken]);
    expect(storedUserIds()).not.toContain(user);
  });

  it("drops an event whose userId is a number instead of storing it as 12345.0", async () => {
    const bad = tampered(textEvent("/memo add こんにちは", userSource(userId())), {
      source: { type: "user", userId: 12345 },
    });
    await harness.send([bad]);
    expect(storedUserIds()).toEqual([]);
    expect(harness.api.calls).toEqual([]);
    expect(dropped()).toHaveLength(1);
  });

  const user = () => userSource(userId());
  const malformed: [string, () => webhook.Event][] = [
    [
      "text that is not a string",
      () =>
        tampered(textEvent("x", user()), { message: { type: "text", id: "1", quoteToken: "q", text: 42 } }),
    ],
    ["text longer than LINE allows", () => textEvent("あ".repeat(5001), user())],
    ["a timestamp that is a string", () => tampered(textEvent("/help", user()), { timestamp: "yesterday" })],
    [
      "a negative mention index",
      () =>
        textEvent("@bot /help", user(), {
          mentionees: [{ type: "user", index: -3, length: 4, isSelf: true }],
        }),
    ],
    ["a user id that is not LINE's shape", () => textEvent("/help", userSource("U123"))],
    [
      "a group without its id",
      () =>
        tampered(textEvent("/help", groupSource(groupId(), userId())), {
          source: { type: "group", userId: userId() },
        }),
    ],
    ["postback data longer than LINE allows", () => postbackEvent("x".repeat(301), user())],
    ["no webhookEventId", () => tampered(textEvent("/help", user()), { webhookEventId: undefined })],
    ["a mode LINE does not have", () => tampered(textEvent("/help", user()), { mode: "sleeping" })],
    ["a reply token that is an array", () => tampered(textEvent("/help", user()), { replyToken: ["a"] })],
    [
      "a message without an id",
      () =>
        tampered(textEvent("/help", user()), { message: { type: "text", text: "/help", quoteToken: "q" } }),
    ],
  ];
  for (const [what, make] of malformed) {
    it(`drops an event with ${what}`, async () => {
      const response = await harness.send([make()]);
      expect(response.status).toBe(200);
      expect(harness.api.calls).toEqual([]);
      expect(storedUserIds()).toEqual([]);
      expect(failures()).toEqual([]);
      expect(dropped()).toHaveLength(1);
    });
  }

  it("passes well-formed events of every kind the bot reads, and events it does not handle", async () => {
    const someone = userId();
    const unsend = {
      type: "unsend",
      mode: "active",
      timestamp: Date.now(),
      source: userSource(someone),
      webhookEventId: "01HZZZZZZZZZZZZZZZZZZZZZZZ",
      deliveryContext: { isRedelivery: false },
      unsend: { messageId: "325708" },
    } as unknown as webhook.Event;
    await harness.send([
      followEvent(userSource(someone)),
      stickerEvent(userSource(someone)),
      postbackEvent("/help", userSource(someone)),
      unsend,
    ]);
    expect(dropped()).toEqual([]);
    expect(harness.api.delivered).toHaveLength(3);
  });
});
