import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localeOf } from "../../../src/bots/shared/locale.ts";
import { clip, splitProse, splitText } from "../../../src/bots/shared/text.ts";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("splitting text", () => {
  it("cuts nothing away and keeps every piece within the limit", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 400, size: "large" }),
        fc.integer({ min: 4, max: 50 }),
        (value, limit) => {
          const pieces = splitText(value, limit);
          expect(pieces.join("")).toBe(value);
          for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(limit);
          for (const piece of pieces) expect(LONE_SURROGATE.test(piece)).toBe(false);
        },
      ),
    );
  });

  it("truncates without breaking characters", () => {
    expect(clip("😀😀😀", 4)).toBe("😀…");
    expect(clip("ABC", 20)).toBe("ABC");
    expect(clip("abcdef", 4)).toBe("abc…");
  });
});

describe("splitting prose for markdown chunks", () => {
  it("keeps paragraphs whole where they fit and every piece within the limit", () => {
    const paragraph = (n: number) => `${n} ${"あ".repeat(40)}`;
    const text = [1, 2, 3].map(paragraph).join("\n\n");
    expect(splitProse(text, 100)).toEqual([`${paragraph(1)}\n\n${paragraph(2)}`, paragraph(3)]);
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 400, size: "large" }),
        fc.integer({ min: 4, max: 50 }),
        (value, limit) => {
          for (const piece of splitProse(value, limit)) {
            expect(piece.length).toBeLessThanOrEqual(limit);
            expect(LONE_SURROGATE.test(piece)).toBe(false);
          }
        },
      ),
    );
  });
});

describe("platform languages", () => {
  it("reads Japanese and English tags as the bot's locales, and leaves others to the core", () => {
    expect(["ja", "en-US", "en-GB", "en", "ko", "", undefined].map(localeOf)).toEqual([
      "ja",
      "en",
      "en",
      "en",
      undefined,
      undefined,
      undefined,
    ]);
  });
});
