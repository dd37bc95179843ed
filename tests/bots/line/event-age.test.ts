import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_EVENT_AGE_MS } from "../../../src/bots/line/event-age.ts";
import { EVENT_MEMORY_MS } from "../../../src/bots/line/start.ts";
import { redelivered, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { LineHarness } from "./harness.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("LINE events older than LINE's redelivery window", () => {
  let harness: LineHarness;
  beforeEach(async () => {
    harness = await LineHarness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  const refusals = () =>
    harness.logger.entries.filter((entry) => entry.message === "LINE: stale event refused");

  it("refuses an event timestamped 30 days ago with a fresh id, and logs it", async () => {
    const old = {
      ...textEvent("/memo add 30日前", userSource(userId())),
      timestamp: Date.now() - 30 * DAY_MS,
    };
    const response = await harness.send([old]);
    expect(response.status).toBe(200);
    expect(harness.api.calls).toEqual([]);
    expect(harness.userCount()).toBe(0);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]?.fields).toMatchObject({ eventId: old.webhookEventId, type: "message" });
    expect(Number(refusals()[0]?.fields.ageMs)).toBeGreaterThan(29 * DAY_MS);
  });

  it("still handles a redelivery from within the window, pushing since its reply token has expired", async () => {
    const user = userId();
    const late = redelivered({
      ...textEvent("/help", userSource(user)),
      timestamp: Date.now() - MAX_EVENT_AGE_MS + 60 * 60 * 1000,
    });
    await harness.send([late]);
    expect(refusals()).toEqual([]);
    expect(harness.api.delivered).toEqual([expect.objectContaining({ endpoint: "push", to: user })]);
  });

  it("keeps event ids longer than it accepts events, so no accepted event can be handled twice", () => {
    expect(EVENT_MEMORY_MS).toBeGreaterThan(MAX_EVENT_AGE_MS);
  });
});
