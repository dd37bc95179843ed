import { describe, expect, it } from "vitest";
import { count } from "../../src/core/i18n.ts";
import { createTestBot, textOf } from "../helpers/core.ts";

describe("English counts", () => {
  it("agree with their number", () => {
    expect([count(0, "answer"), count(1, "answer"), count(2, "day")]).toEqual([
      "0 answers",
      "1 answer",
      "2 days",
    ]);
  });

  it("read naturally in /stats", async () => {
    const { say } = createTestBot();
    await say("/lang en");
    await say("/quiz 14 1");
    await say("/answer A");
    expect(textOf(await say("/stats"))).toContain("1 answer · 1 correct");
  });
});
