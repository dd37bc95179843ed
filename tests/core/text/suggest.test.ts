import { describe, expect, it } from "vitest";
import { closest, editDistance } from "../../../src/core/text/suggest.ts";

describe("suggestions", () => {
  it("counts insertions, deletions, substitutions and neighbour swaps as one edit each", () => {
    expect(editDistance("quiz", "quiz")).toBe(0);
    expect(editDistance("quz", "quiz")).toBe(1);
    expect(editDistance("quiiz", "quiz")).toBe(1);
    expect(editDistance("qaiz", "quiz")).toBe(1);
    expect(editDistance("qiuz", "quiz")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only candidates close enough, preferring prefixes", () => {
    const names = ["help", "lesson", "quiz", "memo", "stats"];
    expect(closest("lessn", names)).toBe("lesson");
    expect(closest("sta", names)).toBe("stats");
    expect(closest("xyzzy", names)).toBeUndefined();
    expect(closest("", names)).toBeUndefined();
    expect(closest("opt", ["optimizer", "epochs"])).toBe("optimizer");
    expect(closest("sampels", ["samples", "seed"])).toBe("samples");
  });
});
