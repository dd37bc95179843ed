import { afterEach, describe, expect, it } from "vitest";
import { REPLY_TOKEN_LIFETIME_MS } from "../../../src/bots/line/conversation.ts";
import { text } from "../../../src/core/reply.ts";
import { groupId, groupSource, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { LineHarness, textsOf } from "./harness.ts";

describe("LINE: stalled API calls and the reply token's age", () => {
  let harness: LineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("gives a stalled reply a deadline and retries it, so the chat is not held up", async () => {
    harness = await LineHarness.start({ retry: { attemptTimeoutMs: 200 } });
    harness.api.stallNext("reply");
    const started = Date.now();
    await harness.send([textEvent("/help", userSource(userId()))]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(harness.api.callsTo("reply").map((call) => call.status)).toEqual([0, 200]);
    expect(harness.sleeps).toHaveLength(1);
    expect(harness.logger.at("warn").some((entry) => entry.message === "LINE: reply failed; retrying")).toBe(
      true,
    );
  });

  it("ends every timed-out call's request, so a hanging Messaging API is left holding no connections", async () => {
    // Deadlines long enough for every request to reach the fake even on a loaded machine; chats side by side.
    harness = await LineHarness.start({
      retry: { attemptTimeoutMs: 1000, maxAttempts: 2 },
      profileTimeoutMs: 1000,
    });
    const api = harness.api;
    const chats = 20;
    api.stallNext("profile", chats);
    api.stallNext("reply", 2 * chats);
    const events = Array.from({ length: chats }, (_, index) =>
      index % 2 === 0
        ? textEvent("/help", userSource(userId()))
        : textEvent("/help", groupSource(groupId(), userId())),
    );
    await harness.send(events);
    api.stallNext("push", 2 * chats);
    const direct = (chatId: string) => ({
      platform: "line" as const,
      chatId,
      userId: chatId,
      chatKind: "direct" as const,
    });
    const pushes = Array.from({ length: chats }, () =>
      harness?.line.pusher.push(direct(userId()), [text("⏰")]),
    );
    const outcomes = await Promise.allSettled(pushes);
    expect(outcomes.every((outcome) => outcome.status === "rejected")).toBe(true);

    const stalled = (endpoint: string) =>
      api.calls.filter((call) => call.endpoint === endpoint && call.status === 0).length;
    expect([stalled("profile"), stalled("reply"), stalled("push")]).toEqual([chats, 2 * chats, 2 * chats]);
    // Each request the bot gave up on is closed; none waits for the server's answer.
    expect(await api.stalledRequestsClosed(0, 10_000)).toBe(0);
  });

  it("goes on without the sender's name when the profile lookup stalls", async () => {
    harness = await LineHarness.start({ profileTimeoutMs: 100 });
    const group = groupId();
    const aoi = userId();
    harness.api.setProfile(aoi, "あおい");
    harness.api.stallNext("profile");
    await harness.send([textEvent("/help", groupSource(group, aoi))]);
    expect(harness.api.callsTo("profile").map((call) => call.status)).toEqual([0]);
    expect(harness.api.delivered.at(-1)?.endpoint).toBe("reply");
    expect(textsOf(harness.api.delivered.at(-1)?.messages ?? [])).toContain("manabot");
  });

  it("counts the reply token's age from the event's timestamp: an event that waited too long is pushed", async () => {
    harness = await LineHarness.start();
    const user = userId();
    const late = {
      ...textEvent("/help", userSource(user)),
      timestamp: Date.now() - REPLY_TOKEN_LIFETIME_MS - 1,
    };
    await harness.send([late]);
    expect(harness.api.callsTo("reply")).toEqual([]);
    expect(harness.api.delivered).toEqual([expect.objectContaining({ endpoint: "push", to: user })]);

    const fresh = textEvent("/help", userSource(user));
    await harness.send([fresh]);
    expect(harness.api.delivered.at(-1)).toMatchObject({ endpoint: "reply", replyToken: fresh.replyToken });
  });
});
