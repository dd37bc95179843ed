import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandLineOf, type OptionValue } from "../../../src/bots/discord/interaction.ts";
import { builtinCommands } from "../../../src/core/commands/index.ts";
import { parseArgs } from "../../../src/core/commands/parse-args.ts";
import type { Command } from "../../../src/core/commands/types.ts";
import { UserError } from "../../../src/core/errors.ts";
import { splitCommandLine } from "../../../src/core/text/tokenize.ts";

const command = (name: string): Command => {
  const found = builtinCommands.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no /${name}`);
  return found;
};
const line = (name: string, options: OptionValue[]) => commandLineOf(name, command(name), options);

/** What the core reads back from the line, as the text parser sees it. */
const parsedBack = (name: string, options: OptionValue[]) => {
  const split = splitCommandLine(line(name, options), true);
  if (!split) throw new Error("not a command line");
  return parseArgs(command(split.name), split.rest);
};

describe("slash command → command line", () => {
  it("writes options in the declared order, whatever order Discord lists them in", () => {
    expect(
      line("quiz", [
        {
          name: "solo",
          options: [
            { name: "number", value: 3 },
            { name: "step", value: 14 },
          ],
        },
      ]),
    ).toBe("/quiz solo 14 3");
    expect(line("answer", [{ name: "choice", value: "B" }])).toBe("/answer B");
    expect(line("stats", [])).toBe("/stats");
  });

  it("puts the subcommand first and keeps the rest-of-line text as typed", () => {
    expect(
      line("memo", [{ name: "add", options: [{ name: "text", value: "ドロップアウトは 訓練時だけ" }] }]),
    ).toBe("/memo add ドロップアウトは 訓練時だけ");
    expect(line("memo", [{ name: "list", options: [] }])).toBe("/memo list");
    expect(line("memo", [{ name: "delete", options: [{ name: "id", value: 7 }] }])).toBe("/memo delete 7");
  });

  it("leaves out an optional number when the parser can still tell the next value apart", () => {
    expect(line("lesson", [{ name: "go", value: "next" }])).toBe("/lesson next");
    expect(parsedBack("lesson", [{ name: "go", value: "2-1" }]).values).toEqual({ go: "2-1" });
  });

  it("asks for the earlier option when leaving it out would change the meaning", () => {
    const numberOnly = [{ name: "solo", options: [{ name: "number", value: 3 }] }];
    expect(() => line("quiz", numberOnly)).toThrow(UserError);
    try {
      line("quiz", numberOnly);
    } catch (error) {
      expect((error as UserError).code).toBe("discord.option-order");
      expect((error as UserError).userMessage.ja).toContain("step");
    }
  });

  it("passes a command the registry does not know through, so the core can answer it", () => {
    expect(commandLineOf("quizz", undefined, [{ name: "step", value: 14 }])).toBe("/quizz 14");
  });

  it("reads back to the same values for any options Discord may send", () => {
    const word = fc.stringMatching(/^[^\s"\u3000]{1,12}$/).filter((text) => !/^-?\d+$/.test(text));
    const memo = fc.stringMatching(/^\S[^\n]{0,40}\S$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 9 }),
        word,
        memo,
        (step, number, go, text) => {
          const solo = [
            {
              name: "solo",
              options: [
                { name: "number", value: number },
                { name: "step", value: step },
              ],
            },
          ];
          expect(parsedBack("quiz", solo)).toEqual({ subcommand: "solo", values: { step, number } });
          expect(
            parsedBack("lesson", [
              { name: "go", value: go.toLowerCase() },
              { name: "step", value: step },
            ]).values,
          ).toEqual({
            step,
            go: go.toLowerCase(),
          });
          expect(parsedBack("memo", [{ name: "add", options: [{ name: "text", value: text }] }])).toEqual({
            subcommand: "add",
            values: { text },
          });
          expect(parsedBack("help", [{ name: "command", value: `${go} ${go}` }]).values).toEqual({
            command: `${go} ${go}`,
          });
        },
      ),
    );
  });
});
