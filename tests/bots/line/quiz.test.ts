import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SentMessage } from "../../fakes/line/fake-messaging-api.ts";
import {
  followEvent,
  postbackEvent,
  redelivered,
  stickerEvent,
  textEvent,
  unfollowEvent,
  userId,
  userSource,
} from "../../fakes/line/fixtures.ts";
import { LineHarness, textsOf } from "./harness.ts";

const quickReplyOf = (messages: SentMessage[]) =>
  messages.at(-1)?.quickReply?.items.map((item) => item.action) ?? [];

describe("LINE 1:1 chat", () => {
  let harness: LineHarness;
  let user: string;
  beforeEach(async () => {
    harness = await LineHarness.start();
    user = userId();
    harness.api.setProfile(user, "さくら", "ja");
  });
  afterEach(async () => {
    await harness.close();
  });

  const lastDelivered = () => {
    const last = harness.api.delivered.at(-1);
    if (!last) throw new Error("nothing was delivered");
    return last;
  };

  it("asks a question with quick-reply postbacks and grades the tapped answer (correct)", async () => {
    const ask = textEvent("/quiz", userSource(user));
    await harness.send([ask]);
    const question = lastDelivered();
    expect(question).toMatchObject({ endpoint: "reply", replyToken: ask.replyToken });
    const first = harness.app.bot.services.lessons.first.questions[0];
    if (!first) throw new Error("the first lesson has no questions");
    expect(textsOf(question.messages)).toContain(first.title);
    const buttons = quickReplyOf(question.messages);
    expect(buttons.map((button) => button.label)).toEqual(["A", "B", "C", "D"]);
    expect(buttons.every((button) => button.type === "postback" && button.displayText === button.label)).toBe(
      true,
    );

    const right = buttons.find((button) => button.label === first.answer);
    if (!right) throw new Error("no button for the right answer");
    const tap = postbackEvent(right.data, userSource(user));
    await harness.send([tap]);
    const grade = lastDelivered();
    expect(grade).toMatchObject({ endpoint: "reply", replyToken: tap.replyToken });
    expect(textsOf(grade.messages)).toContain("✅");
    expect(quickReplyOf(grade.messages).map((button) => button.data)).toContain(`/quiz ${first.step}`);
  });

  it("grades a wrong answer with ❌ and a button to re-read the section", async () => {
    await harness.send([textEvent("クイズ", userSource(user))]);
    const first = harness.app.bot.services.lessons.first.questions[0];
    if (!first) throw new Error("the first lesson has no questions");
    const wrong = quickReplyOf(lastDelivered().messages).find((button) => button.label !== first.answer);
    if (!wrong) throw new Error("no wrong button");
    await harness.send([postbackEvent(wrong.data, userSource(user))]);
    const grade = lastDelivered();
    expect(textsOf(grade.messages)).toContain("❌");
    expect(
      quickReplyOf(grade.messages).some((button) => button.data.startsWith(`/lesson ${first.step} `)),
    ).toBe(true);
    const attempts = harness.app.db.prepare("SELECT choice, correct FROM attempts").all();
    expect(attempts).toEqual([{ choice: wrong.label, correct: 0 }]);
  });

  it("handles the events of one chat in the order LINE sent them, even within one webhook", async () => {
    await harness.send([textEvent("/quiz", userSource(user)), textEvent("/answer A", userSource(user))]);
    const [question, grade] = harness.api.delivered;
    expect(textsOf(question?.messages ?? [])).toContain("📝");
    expect(textsOf(grade?.messages ?? [])).toMatch(/[✅❌]/u);
  });

  it("handles a redelivered event once", async () => {
    await harness.send([textEvent("/quiz", userSource(user))]);
    const button = quickReplyOf(lastDelivered().messages)[0];
    if (!button) throw new Error("no button");
    const tap = postbackEvent(button.data, userSource(user));
    await harness.send([tap]);
    const before = harness.api.delivered.length;
    const response = await harness.send([redelivered(tap)]);
    expect(response.status).toBe(200);
    expect(harness.api.delivered).toHaveLength(before);
    expect(harness.app.db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 1 });
    expect(
      harness.logger.entries.some((entry) => entry.message === "LINE: event already handled; skipped"),
    ).toBe(true);
  });

  it("lists the natural Japanese words in /help and understands them", async () => {
    await harness.send([textEvent("/help", userSource(user))]);
    const help = textsOf(lastDelivered().messages);
    for (const word of ["クイズ", "レッスン", "メモ", "成績"]) expect(help).toContain(word);

    await harness.send([textEvent("メモ 過学習は訓練データへの当てはまりすぎ", userSource(user))]);
    expect(textsOf(lastDelivered().messages)).toContain("📝");
    await harness.send([textEvent("成績", userSource(user))]);
    expect(lastDelivered().messages.length).toBeGreaterThan(0);
    const memos = harness.app.db.prepare("SELECT body FROM memos").all();
    expect(memos).toEqual([{ body: "過学習は訓練データへの当てはまりすぎ" }]);
  });

  it("greets a new friend with how to start", async () => {
    const follow = followEvent(userSource(user));
    await harness.send([follow]);
    const greeting = lastDelivered();
    expect(greeting).toMatchObject({ endpoint: "reply", replyToken: follow.replyToken });
    expect(textsOf(greeting.messages)).toContain("/help");
    expect(quickReplyOf(greeting.messages).map((button) => button.data)).toEqual([
      "/lesson",
      "/quiz",
      "/help",
    ]);
  });

  it("sends nothing for an unfollow, or for events in standby mode (another channel answers then)", async () => {
    await harness.send([
      unfollowEvent(userSource(user)),
      { ...textEvent("/help", userSource(user)), mode: "standby" },
    ]);
    expect(harness.api.calls).toEqual([]);
  });

  it("answers a sticker with how to use the bot", async () => {
    await harness.send([stickerEvent(userSource(user))]);
    expect(textsOf(lastDelivered().messages)).toContain("/help");
  });

  it("follows the LINE language of the user when they have not chosen one", async () => {
    const english = userId();
    harness.api.setProfile(english, "Sam", "en");
    await harness.send([textEvent("/quiz", userSource(english))]);
    expect(textsOf(lastDelivered().messages)).toContain("Question");
  });

  it("sends every lesson snippet within LINE's limits (the fake refuses what LINE would)", async () => {
    const sections = harness.app.bot.services.lessons.first.sections.length;
    for (let index = 0; index < sections; index += 1) {
      await harness.send([textEvent(index === 0 ? "/lesson 14" : "レッスン next", userSource(user))]);
    }
    expect(harness.api.callsTo("reply").map((call) => call.status)).toEqual(Array(sections).fill(200));
    expect(textsOf(lastDelivered().messages)).toContain(`(${sections}/${sections})`);
  });
});
