import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuizScheduler, type QuizScheduler } from "../../../src/core/group-quiz/schedule-scheduler.ts";
import { loadLessons } from "../../../src/lessons/loader.ts";
import {
  alice,
  bob,
  buttonTap,
  CHANNEL_ID,
  chatInputCommand,
  MODERATOR_PERMISSIONS,
  OptionType,
  type FakeUser,
  type Where,
} from "../../fakes/discord/index.ts";
import { FakeClock } from "../../helpers/core.ts";
import { buttonsOf, exchange, startHarness, textOfBody, type Harness } from "./harness.ts";

const EPHEMERAL = 64;
const moderator: Where = { permissions: MODERATOR_PERMISSIONS };
const question1 = loadLessons().find((lesson) => lesson.step === 14)!.questions[0]!;

describe("Discord: a scheduled quiz in a channel, end to end", () => {
  let harness: Harness;
  let scheduler: QuizScheduler;
  const clock = new FakeClock(); // Saturday 2026-11-28, 18:00 in Tokyo
  beforeAll(async () => {
    harness = await startHarness({ clock });
    scheduler = createQuizScheduler({
      services: harness.app.bot.services,
      posters: { discord: harness.adapter.poster },
      logger: harness.logger,
      startCron: () => ({ stop: () => {} }),
    });
  });
  afterAll(async () => {
    await scheduler?.stop();
    await harness?.close();
  });

  const schedule = (settings: string | undefined, user: FakeUser, where: Where = {}) =>
    exchange(
      harness,
      chatInputCommand(
        "quiz",
        [
          {
            name: "schedule",
            type: OptionType.Subcommand,
            options:
              settings === undefined ? [] : [{ name: "settings", type: OptionType.String, value: settings }],
          },
        ],
        user,
        where,
      ),
    );

  it("lets only members who can manage messages set it, and shows it to everyone", async () => {
    const refused = await schedule("20:00 daily questions=1 seconds=30", bob);
    expect(textOfBody(refused.callback.data)).toContain("メッセージの管理権限を持つメンバーだけ");
    const set = await schedule("20:00 daily questions=1 seconds=30", alice, moderator);
    expect(set.callback.data?.flags ?? 0).not.toBe(EPHEMERAL);
    expect(textOfBody(set.callback.data)).toContain(
      "📅 定期クイズを設定しました: 毎日 20:00(Asia/Tokyo)・1 問",
    );
    expect(textOfBody((await schedule(undefined, bob)).callback.data)).toContain("📅 定期クイズ: 毎日 20:00");
  });

  it("posts the quiz in the channel at 20:00; members tap; it ends with the scoreboard", async () => {
    const mark = harness.fake.mark();
    clock.set(new Date("2026-11-28T11:00:00Z"));
    expect(await scheduler.tick()).toMatchObject({ quizzes: 1 });
    const posts = harness.fake.callsAfter(
      mark,
      (call) => call.method === "POST" && call.path === `/channels/${CHANNEL_ID}/messages`,
    );
    const text = posts.map((call) => textOfBody(call.body)).join("\n");
    expect(text).toContain("⏰ 定期クイズの時間です!");
    expect(text).toContain(question1.title);
    // For the whole channel: no DM, no mention.
    expect(text).not.toContain("<@");

    const withButtons = [...harness.fake.state.messages.values()].findLast(
      (message) => message.channel_id === CHANNEL_ID && buttonsOf(message).length > 0,
    );
    const right = buttonsOf(withButtons).find((button) => button.label === question1.answer);
    const tapped = await exchange(harness, buttonTap(right!.custom_id, withButtons!, bob));
    expect(textOfBody(tapped.callback.data)).toContain("回答を受け付けました");

    const stopped = await exchange(
      harness,
      chatInputCommand("quiz", [{ name: "stop", type: OptionType.Subcommand }], alice, moderator),
    );
    const scores = [
      textOfBody(stopped.callback.data),
      ...stopped.calls.map((call) => textOfBody(call.body)),
    ].join("\n");
    expect(scores).toContain("Bob");
    expect(scores).toMatch(/Bob — \d+ 点/);
  });
});
