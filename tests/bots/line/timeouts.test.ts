import { afterEach, describe, expect, it } from "vitest";
import { REPLY_TOKEN_LIFETIME_MS } from "../../../src/bots/line/conversation.ts";
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
