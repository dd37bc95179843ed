import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LogThrottle } from "../../../src/bots/shared/log-throttle.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

describe("LogThrottle", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the first line of a kind, counts the rest, and says how many when the interval ends", () => {
    const logger = new RecordingLogger();
    const throttle = new LogThrottle(logger, 1000);
    for (let index = 0; index < 50; index += 1) throttle.warn("signature", { index }, "refused (signature)");
    expect(logger.entries).toEqual([{ level: "warn", fields: { index: 0 }, message: "refused (signature)" }]);
    vi.advanceTimersByTime(1000);
    expect(logger.entries[1]).toEqual({
      level: "warn",
      fields: { kind: "signature", suppressed: 49, intervalMs: 1000 },
      message: "refused (signature) (49 more like it left out)",
    });
    throttle.warn("signature", { index: 50 }, "refused (signature)");
    expect(logger.entries).toHaveLength(3);
  });

  it("keeps kinds apart, each at its own level", () => {
    const logger = new RecordingLogger();
    const throttle = new LogThrottle(logger, 1000);
    throttle.warn("a", {}, "A");
    throttle.info("b", {}, "B");
    throttle.error("c", {}, "C");
    throttle.warn("a", {}, "A");
    expect(logger.entries.map((entry) => [entry.level, entry.message])).toEqual([
      ["warn", "A"],
      ["info", "B"],
      ["error", "C"],
    ]);
  });

  it("writes nothing more at the end of an interval that left nothing out", () => {
    const logger = new RecordingLogger();
    const throttle = new LogThrottle(logger, 1000);
    throttle.warn("a", {}, "A");
    vi.advanceTimersByTime(5000);
    expect(logger.entries).toHaveLength(1);
  });

  it("flush writes the counts at once and leaves no timer behind", () => {
    const logger = new RecordingLogger();
    const throttle = new LogThrottle(logger, 1000);
    throttle.warn("a", {}, "A");
    throttle.warn("a", {}, "A");
    throttle.flush();
    expect(logger.entries.at(-1)?.fields).toMatchObject({ suppressed: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
