import { describe, expect, it } from "vitest";
import { loadLessons } from "../../../src/lessons/loader.ts";
import { bob, member, OptionType } from "../../fakes/discord/index.ts";
import { option, runner, subcommand, textOfBody, useHarness } from "./harness.ts";

const EPHEMERAL = 64;
const question = loadLessons().find((lesson) => lesson.step === 14)?.questions[0];
if (!question) throw new Error("step 14 has no questions");

describe("personal commands are private in a server", () => {
  const harness = useHarness();

  const run = runner(harness);
  const flagsOf = (result: Awaited<ReturnType<typeof run>>) => result.callback.data?.flags ?? 0;

  it("a typed /answer shows the grade and explanation to the member alone, under a public question", async () => {
    const asked = await run("quiz", subcommand("solo", [option("step", 14), option("number", 1)]));
    expect(flagsOf(asked)).toBe(0);
    const answered = await run("answer", [option("choice", question.answer)]);
    expect(answered.callback.type).toBe(4);
    expect(flagsOf(answered)).toBe(EPHEMERAL);
    expect(textOfBody(answered.callback.data)).toContain(question.explanationTitle);
  });

  it("memos, stats, reminders, time zone, language and reviews are answered privately", async () => {
    const erin = member(5, "Erin");
    const results = {
      memoAdd: await run("memo", subcommand("add", [option("text", "わたしのメモ")]), erin),
      memoList: await run("memo", subcommand("list"), erin),
      stats: await run("stats", [], erin),
      remind: await run("remind", [option("time", "21:00")], erin),
      timezone: await run("timezone", [], erin),
      lang: await run("lang", [option("language", "ja")], erin),
      review: await run("review", [], erin),
    };
    expect(textOfBody(results.memoList.callback.data)).toContain("わたしのメモ");
    // Discord's pusher tries the member's DMs first, and the member is told so.
    expect(textOfBody(results.remind.callback.data)).toContain("DM に届きます");
    for (const [name, result] of Object.entries(results)) {
      expect({ name, flags: flagsOf(result) }).toEqual({ name, flags: EPHEMERAL });
    }
  });

  it("stays an ordinary reply in a DM, which is private anyway", async () => {
    const dm = { dmChannelId: String(harness().fake.state.dmChannelFor(bob.id).id) };
    const stats = await run("stats", [], bob, dm);
    expect(stats.callback.type).toBe(4);
    expect(flagsOf(stats)).toBe(0);
  });

  it("a typed /answer to a group quiz is still taken, with its short notice kept private", async () => {
    const started = await run("quiz", subcommand("group", [option("step", 14), option("seconds", 60)]));
    expect(flagsOf(started)).toBe(0);
    const answered = await run("answer", [option("choice", "A")], bob);
    expect(flagsOf(answered)).toBe(EPHEMERAL);
    expect(textOfBody(answered.callback.data)).toContain("回答を受け付けました");
    await run("quiz", [{ name: "stop", type: OptionType.Subcommand, options: [] }]);
  });
});
