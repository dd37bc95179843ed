import { describe, expect, it } from "vitest";
import { progressBar } from "../../../src/core/text/progress-bar.ts";

describe("progressBar", () => {
  it("fills in proportion and clamps out-of-range ratios", () => {
    expect(progressBar(0.5, 10)).toBe("[█████░░░░░]  50%");
    expect(progressBar(1.7, 4)).toBe("[████] 100%");
    expect(progressBar(-1, 4)).toBe("[░░░░]   0%");
  });
});
