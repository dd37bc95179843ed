import { afterEach, describe, expect, it } from "vitest";
import { textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { LineHarness } from "./harness.ts";

describe("LINE: a chat's backlog is bounded", () => {
  let harness: LineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("handles a chat's events up to the bound and drops the rest with one log line", async () => {
    harness = await LineHarness.start({ chatBacklogLimit: 10 });
    const flooder = userSource(userId());
    const calm = textEvent("/help", userSource(userId()));
    const flood = Array.from({ length: 20 }, () => textEvent("/help", flooder));
    await harness.send([...flood, calm]);
    const answered = new Set(harness.api.delivered.map((sent) => sent.replyToken));
    expect(flood.filter((event) => answered.has(event.replyToken))).toEqual(flood.slice(0, 10));
    // Another chat is not held back by the flood.
    expect(answered.has(calm.replyToken)).toBe(true);
    const drops = harness.logger.entries.filter(
      (entry) => entry.message === "LINE: event dropped: its chat has too many waiting",
    );
    expect(drops).toHaveLength(1);
    expect(drops[0]?.fields).toMatchObject({ eventId: flood[10]?.webhookEventId, waiting: 10 });
  });

  it("takes a chat's events again once its backlog has gone down", async () => {
    harness = await LineHarness.start({ chatBacklogLimit: 2 });
    const user = userSource(userId());
    await harness.send([textEvent("/help", user), textEvent("/help", user), textEvent("/help", user)]);
    expect(harness.api.delivered).toHaveLength(2);
    await harness.send([textEvent("/help", user), textEvent("/help", user)]);
    expect(harness.api.delivered).toHaveLength(4);
  });
});
