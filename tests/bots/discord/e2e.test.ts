import { describe, expect, it } from "vitest";
import { loadLessons } from "../../../src/lessons/loader.ts";
import {
  alice,
  autocomplete,
  bob,
  buttonTap,
  BOT_TOKEN,
  chatInputCommand,
  member,
  MODERATOR_PERMISSIONS,
  OptionType,
  type CommandOption,
  type FakeUser,
  type Where,
} from "../../fakes/discord/index.ts";
import {
  buttonsOf,
  exchange,
  option,
  replyMessageOf,
  runner,
  subcommand,
  textOfBody,
  useHarness,
} from "./harness.ts";

const EPHEMERAL = 64;
const lesson = loadLessons().find((candidate) => candidate.step === 14);
if (!lesson) throw new Error("step 14 is missing");
const [q1, q2] = lesson.questions;
if (!q1 || !q2) throw new Error("step 14 needs two questions");
const wrongChoiceFor = (answer: string) => (answer === "A" ? "B" : "A");

describe("Discord adapter, end to end with discord.js against a fake Discord", () => {
  const harness = useHarness();

  const run = runner(harness);
  const solo = (step: number, number?: number): CommandOption[] =>
    subcommand("solo", [option("step", step), ...(number !== undefined ? [option("number", number)] : [])]);
  /** Asks a question with /quiz and returns the interaction, so its buttons can be tapped. */
  const askQuestion = async (number: number, user: FakeUser = alice, where: Where = {}) => {
    const interaction = chatInputCommand("quiz", solo(14, number), user, where);
    const { callback } = await exchange(harness(), interaction);
    return { interaction, callback };
  };
  const tap = (customId: string, source: { token: string }, user: FakeUser, where: Where = {}) => {
    const message = replyMessageOf(harness(), source);
    return exchange(harness(), buttonTap(customId, message, user, where));
  };

  it("connects the way Discord expects: JSON gateway v10 without compression, Guilds intent only", () => {
    const [connection] = harness().fake.gateway.seen.connections;
    expect(connection?.get("v")).toBe("10");
    expect(connection?.get("encoding")).toBe("json");
    expect(connection?.has("compress")).toBe(false);
    expect(harness().fake.gateway.seen.identifies).toEqual([{ token: BOT_TOKEN, intents: 1 }]);
    const gatewayCall = harness().fake.calls.find((call) => call.path === "/gateway/bot");
    expect(gatewayCall?.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(harness().adapter.client.guilds.cache.size).toBe(1);
  });

  it("/lesson answers at once with the snippet and navigation buttons; a tap moves on privately", async () => {
    const first = chatInputCommand("lesson", [{ name: "step", type: OptionType.Integer, value: 14 }]);
    const { callback, calls } = await exchange(harness(), first);
    expect(calls).toHaveLength(1);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags ?? 0).toBe(0);
    expect(textOfBody(callback.data)).toContain("STEP 14");
    // The ▶ button names the section it opens, so it moves on from this snippet for whoever taps it.
    const secondSection = `/lesson 14 ${lesson.sections[1]?.id}`;
    expect(buttonsOf(callback.data).map((button) => button.custom_id)).toEqual([secondSection, "/quiz 14"]);

    const next = await tap(secondSection, first, alice);
    expect(next.callback.type).toBe(4);
    expect(next.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(next.callback.data)).toContain(`(2/${lesson.sections.length})`);
  });

  it("shows a snippet with code as an embed whose code block is closed", async () => {
    const section = lesson.sections.find((candidate) =>
      candidate.blocks.some((block) => block.kind === "code" && block.language === "python"),
    );
    const { callback } = await run("lesson", [
      { name: "step", type: OptionType.Integer, value: 14 },
      { name: "go", type: OptionType.String, value: section?.id ?? "" },
    ]);
    const embeds = callback.data?.embeds ?? [];
    expect(embeds.length).toBeGreaterThan(0);
    expect(callback.data?.content).toBeUndefined();
    const description = embeds.map((embed) => embed.description ?? "").join("\n");
    expect(description).toContain(`■ ${section?.title}`);
    expect(description).toMatch(/```python\n[\s\S]+\n```/);
    expect((description.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it("/quiz asks with A–D buttons; a right and a wrong tap are graded for whoever tapped", async () => {
    const { interaction, callback } = await askQuestion(1);
    expect(callback.type).toBe(4);
    expect(textOfBody(callback.data)).toContain(`問題 1/${lesson.questions.length}`);
    const buttons = buttonsOf(callback.data);
    expect(buttons.map((button) => button.label)).toEqual(["A", "B", "C", "D"]);
    const right = buttons.find((button) => button.label === q1.answer)?.custom_id ?? "";
    const wrong = buttons.find((button) => button.label === wrongChoiceFor(q1.answer))?.custom_id ?? "";
    expect(right).toMatch(/^\/answer [A-D] \d+$/);

    const alicesTap = await tap(right, interaction, alice);
    expect(alicesTap.callback.type).toBe(4);
    expect(alicesTap.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(alicesTap.callback.data)).toContain("✅ Alice: 正解!");
    expect(textOfBody(alicesTap.callback.data)).toContain(q1.explanationTitle);

    const bobsTap = await tap(wrong, interaction, bob);
    expect(bobsTap.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(bobsTap.callback.data)).toContain(
      `❌ Bob: 不正解… あなたの答え: ${wrongChoiceFor(q1.answer)}`,
    );
    expect(buttonsOf(bobsTap.callback.data).map((button) => button.custom_id)).toContain(
      `/lesson 14 ${q1.section.id}`,
    );
  });

  it("records each member once: a second tap by the same member is not graded again", async () => {
    const carol = member(1, "Carol");
    const { interaction, callback } = await askQuestion(2, carol);
    const answer = buttonsOf(callback.data).find((button) => button.label === q2.answer)?.custom_id ?? "";
    await tap(answer, interaction, carol);
    const again = await tap(answer, interaction, carol);
    expect(again.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(again.callback.data)).toContain("もう回答済み");
    const promptId = Number(answer.split(" ").at(-1));
    const attempts = harness()
      .app.db.prepare("SELECT COUNT(*) AS n FROM attempts WHERE prompt_id = ?")
      .get(promptId) as { n: number };
    expect(attempts.n).toBe(1);
  });

  it("in a DM, a tap updates the question (buttons disabled, choice shown) and the grade follows", async () => {
    const dave = member(2, "Dave");
    const dm = { dmChannelId: String(harness().fake.state.dmChannelFor(dave.id).id) };
    const { interaction, callback } = await askQuestion(1, dave, dm);
    const answer = buttonsOf(callback.data).find((button) => button.label === q1.answer)?.custom_id ?? "";
    const { callback: update, calls } = await tap(answer, interaction, dave, dm);
    expect(update.type).toBe(7);
    const disabled = buttonsOf(update.data);
    expect(disabled.every((button) => button.disabled)).toBe(true);
    expect(disabled.filter((button) => button.style === 1).map((button) => button.custom_id)).toEqual([
      answer,
    ]);
    const followUp = calls.find((call) => call.method === "POST" && call.path.startsWith("/webhooks/"));
    expect(followUp?.status).toBe(200);
    expect(textOfBody(followUp?.body)).toContain("✅ 正解!");
    expect((followUp?.body as { flags?: number }).flags ?? 0).toBe(0);
  });

  it("/memo add saves and /memo list shows the memos", async () => {
    const erin = member(3, "Erin");
    const add = await run(
      "memo",
      [
        {
          name: "add",
          type: OptionType.Subcommand,
          options: [{ name: "text", type: OptionType.String, value: "ドロップアウトは 訓練時だけ" }],
        },
      ],
      erin,
    );
    expect(add.callback.type).toBe(4);
    expect(textOfBody(add.callback.data)).toMatch(/📝 メモ #\d+ を STEP 14 に保存しました/);
    const list = await run("memo", [{ name: "list", type: OptionType.Subcommand, options: [] }], erin);
    expect(textOfBody(list.callback.data)).toContain("過去のメモ一覧");
    expect(textOfBody(list.callback.data)).toContain("ドロップアウトは 訓練時だけ");
  });

  it("/stats shows the member's own results, in English for an English client", async () => {
    const frank = member(4, "Frank");
    const empty = await run("stats", [], frank, { locale: "en-US" });
    expect(textOfBody(empty.callback.data)).toContain("No answers yet");
    const mine = await run("stats", [], alice);
    expect(mine.callback.type).toBe(4);
    expect(textOfBody(mine.callback.data)).toContain("📊 あなたの成績");
    expect(textOfBody(mine.callback.data)).toContain("(1/1 回)");
  });

  it("answers an option value the command does not take with a friendly explanation, privately", async () => {
    const { callback } = await run("answer", [{ name: "choice", type: OptionType.String, value: "E" }], bob);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(callback.data)).toContain("「E」は選べません");
    expect(textOfBody(callback.data)).toContain("A / B / C / D");
  });

  it("explains privately when an option was left out that the others depend on", async () => {
    const { callback } = await run("quiz", [
      {
        name: "solo",
        type: OptionType.Subcommand,
        options: [{ name: "number", type: OptionType.Integer, value: 2 }],
      },
    ]);
    expect(callback.type).toBe(4);
    expect(callback.data?.flags).toBe(EPHEMERAL);
    expect(callback.data?.content).toContain("step");
  });

  it("/quiz stop: another member is refused privately, a member with Manage Messages ends the quiz", async () => {
    const group: CommandOption[] = [
      {
        name: "group",
        type: OptionType.Subcommand,
        options: [{ name: "step", type: OptionType.Integer, value: 14 }],
      },
    ];
    const stop: CommandOption[] = [{ name: "stop", type: OptionType.Subcommand, options: [] }];
    const started = await run("quiz", group, alice);
    expect(textOfBody(started.callback.data)).toContain("グループクイズ開始");
    const refused = await run("quiz", stop, bob);
    expect(refused.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(refused.callback.data)).toContain("始めた人(Alice さん)か管理者だけ");
    const moderated = await run("quiz", stop, bob, { permissions: MODERATOR_PERMISSIONS });
    expect(moderated.callback.data?.flags ?? 0).toBe(0);
    expect(textOfBody(moderated.callback.data)).toContain("⏹ グループクイズを終了しました");
  });

  it("suggests lesson steps as the user types (autocomplete)", async () => {
    const typed = (value: string) => [{ name: "step", type: OptionType.Integer, value, focused: true }];
    const some = await exchange(harness(), autocomplete("lesson", typed("1")));
    expect(some.callback.type).toBe(8);
    expect(some.callback.data?.choices).toEqual([{ name: `STEP 14: ${lesson.title}`, value: 14 }]);
    const none = await exchange(harness(), autocomplete("lesson", typed("7")));
    expect(none.callback.data?.choices).toEqual([]);
    const inSubcommand = await exchange(
      harness(),
      autocomplete("quiz", [{ name: "solo", type: OptionType.Subcommand, options: typed("") }]),
    );
    expect(inSubcommand.callback.data?.choices?.map((choice) => choice.value)).toEqual([14]);
  });
});
