import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEvents } from "../../../src/bots/line/event-schema.ts";
import { postbackEvent, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";

describe("readEvents (LINE webhook event shapes)", () => {
  it("never throws, and passes on only events whose read fields have LINE's types", () => {
    const looksLikeEvent = fc.record(
      {
        type: fc.oneof(fc.constantFrom("message", "postback", "follow", "unsend"), fc.anything()),
        mode: fc.oneof(fc.constant("active"), fc.anything()),
        timestamp: fc.oneof(fc.nat(), fc.anything()),
        webhookEventId: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.anything()),
        deliveryContext: fc.oneof(fc.constant({ isRedelivery: false }), fc.anything()),
        source: fc.oneof(fc.constant(userSource(userId())), fc.anything()),
        replyToken: fc.oneof(fc.string(), fc.anything()),
        message: fc.oneof(
          fc.record({ type: fc.constant("text"), id: fc.string(), text: fc.anything() }),
          fc.anything(),
        ),
        postback: fc.oneof(fc.record({ data: fc.anything() }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(looksLikeEvent, fc.anything()), { maxLength: 5 }), (events) => {
        const read = readEvents({ destination: "U0", events });
        expect(read).toBeDefined();
        expect((read?.events.length ?? 0) + (read?.dropped.length ?? 0)).toBe(events.length);
        for (const event of read?.events ?? []) {
          expect(typeof event.timestamp).toBe("number");
          expect(typeof event.webhookEventId).toBe("string");
          if (event.type === "message" && event.message.type === "text")
            expect(typeof event.message.text).toBe("string");
          if (event.type === "postback") expect(typeof event.postback.data).toBe("string");
          if (event.source) expect(event.source.userId ?? "").toMatch(/^(U[0-9a-f]{32})?$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the fields it does not check, and says which fields a dropped event got wrong", () => {
    const good = textEvent("/help", userSource(userId()));
    const bad = { ...postbackEvent("/help", userSource(userId())), postback: { data: ["x"] } };
    const read = readEvents({ destination: "U0", events: [good, bad, "not an event"] });
    expect(read?.events).toEqual([good]);
    expect(read?.dropped.map((dropped) => [dropped.index, dropped.type])).toEqual([
      [1, "postback"],
      [2, "undefined"],
    ]);
    expect(read?.dropped[0]?.issues.join()).toContain("postback.data");
  });

  it("is undefined for a body without an events array", () => {
    expect(readEvents({ destination: "U0" })).toBeUndefined();
    expect(readEvents(null)).toBeUndefined();
    expect(readEvents({ events: {} })).toBeUndefined();
  });
});
