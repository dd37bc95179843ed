import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../src/core/logger.ts";
import { cleanInput } from "../../src/core/text/clean-input.ts";
import { createTestBot, textOf } from "../helpers/core.ts";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const APOLOGY = "エラーが起きました";

/** A logger that keeps error lines, so a test sees what reached the log instead of the user. */
function errorLog() {
  const errors: object[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (entry) => errors.push(entry) };
  return { errors, logger };
}

/** Any UTF-16 text, lone surrogates and control characters included. */
const anyUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 })
  .map((units) => String.fromCharCode(...units));

describe("red team #4: every number read from a user is bounded before it reaches SQL", () => {
  it("answers /memo list 99999999999999999999 with a friendly reply", async () => {
    const { errors, logger } = errorLog();
    const { say } = createTestBot({ logger });
    expect(textOf(await say("/memo list 99999999999999999999"))).toBe(
      "ページには 1 以上の整数を指定してください(「99999999999999999999」は大きすぎます)。使い方: /help memo",
    );
    expect(errors).toEqual([]);
  });

  it("never turns a huge or negative number into the internal-error apology, typed or tapped", async () => {
    const { errors, logger } = errorLog();
    const { say } = createTestBot({ logger });
    await say("/quiz");
    await say("/memo add あ");
    const lines = (n: string) => [
      `/memo list ${n}`,
      `/memo delete ${n}`,
      `メモ 削除 ${n}`,
      `メモ ${n}を削除`,
      `/quiz 14 ${n}`,
      `/quiz ${n}`,
      `/lesson ${n}`,
      `/answer A ${n}`,
      `/help ${n}`,
      `/remind ${n}`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.boolean(),
        async (number, tapped) => {
          for (const line of lines(number.toString())) {
            const replies = await say(line, { isAction: tapped });
            expect(textOf(replies), line).not.toContain(APOLOGY);
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(errors).toEqual([]);
  });
});

describe("red team #6: text is cleaned once, where it enters the core", () => {
  it("stores and echoes a memo with a lone surrogate as valid text", async () => {
    const { say, db } = createTestBot();
    expect(textOf(await say("/memo add a\ud800b\udc00c"))).toContain("メモ #1 を");
    expect(db.prepare("SELECT body FROM memos").get()).toEqual({ body: "a\ufffdb\ufffdc" });
    expect(textOf(await say("/memo list"))).toContain("a\ufffdb\ufffdc");
  });

  it("keeps pairs, line breaks and tabs, and drops other control characters", () => {
    expect(cleanInput("😀\r\nline\ttab\u0000\u001b[31m\u0085")).toBe("😀\nline\ttab[31m");
  });

  it("never stores or echoes a lone surrogate, whatever the text and the sender's name", async () => {
    const { say, db } = createTestBot();
    await fc.assert(
      fc.asyncProperty(
        anyUnits,
        anyUnits,
        fc.constantFrom("/memo add ", "メモ ", "/lesson ", "/timezone ", ""),
        async (body, name, command) => {
          const replies = await say(`${command}${body}`, { displayName: name });
          expect(LONE_SURROGATE.test(textOf(replies))).toBe(false);
          expect(textOf(replies)).not.toContain(APOLOGY);
        },
      ),
      { numRuns: 300 },
    );
    const stored = db
      .prepare("SELECT body AS value FROM memos UNION ALL SELECT display_name FROM users")
      .all() as {
      value: string | null;
    }[];
    for (const { value } of stored) expect(LONE_SURROGATE.test(value ?? "")).toBe(false);
  });
});
