import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SentMessage } from "../../fakes/line/fake-messaging-api.ts";
import {
  groupId,
  groupSource,
  joinEvent,
  memberJoinedEvent,
  postbackEvent,
  roomId,
  roomSource,
  textEvent,
  userId,
} from "../../fakes/line/fixtures.ts";
import { LineHarness, textsOf } from "./harness.ts";

const buttonsOf = (messages: SentMessage[]) =>
  messages.at(-1)?.quickReply?.items.map((item) => item.action) ?? [];

describe("LINE group and room chats", () => {
  let harness: LineHarness;
  let group: string;
  let aoi: string;
  let ren: string;
  beforeEach(async () => {
    harness = await LineHarness.start();
    group = groupId();
    aoi = userId();
    ren = userId();
    harness.api.setProfile(aoi, "あおい");
    harness.api.setProfile(ren, "れん");
  });
  afterEach(async () => {
    await harness.close();
  });

  const lastTexts = () => textsOf(harness.api.delivered.at(-1)?.messages ?? []);

  it("greets the group on join with how to start", async () => {
    const join = joinEvent(groupSource(group));
    await harness.send([join]);
    const greeting = harness.api.delivered.at(-1);
    expect(greeting).toMatchObject({ endpoint: "reply", replyToken: join.replyToken });
    expect(lastTexts()).toContain("「クイズ」");
    expect(lastTexts()).toContain("/help");
  });

  it("welcomes members who join", async () => {
    await harness.send([memberJoinedEvent(groupSource(group), [ren])]);
    expect(lastTexts()).toContain("ようこそ");
  });

  it("lets two members answer the same question, each for themselves", async () => {
    await harness.send([textEvent("クイズ", groupSource(group, aoi))]);
    const question = harness.app.bot.services.lessons.first.questions[0];
    if (!question) throw new Error("no question");
    const buttons = buttonsOf(harness.api.delivered.at(-1)?.messages ?? []);
    const right = buttons.find((button) => button.label === question.answer);
    const wrong = buttons.find((button) => button.label !== question.answer);
    if (!right || !wrong) throw new Error("missing buttons");

    await harness.send([postbackEvent(right.data, groupSource(group, aoi))]);
    expect(lastTexts()).toContain("✅ あおい:");
    await harness.send([postbackEvent(wrong.data, groupSource(group, ren))]);
    expect(lastTexts()).toContain("❌ れん:");
    await harness.send([postbackEvent(right.data, groupSource(group, ren))]);
    expect(lastTexts()).toContain("回答済み");

    const attempts = harness.app.db
      .prepare(
        "SELECT u.platform_user_id AS who, a.correct FROM attempts a JOIN users u ON u.id = a.user_id ORDER BY a.id",
      )
      .all();
    expect(attempts).toEqual([
      { who: aoi, correct: 1 },
      { who: ren, correct: 0 },
    ]);
    // Everything went to the group, by reply.
    expect(harness.api.delivered.every((sent) => sent.endpoint === "reply")).toBe(true);
  });

  it("in a group quiz, a tapped answer does not show its letter to the group", async () => {
    await harness.send([textEvent("/quiz group 14 60", groupSource(group, aoi))]);
    const buttons = buttonsOf(harness.api.delivered.at(-1)?.messages ?? []);
    expect(buttons.map((button) => button.label)).toEqual(["A", "B", "C", "D"]);
    expect(
      buttons.every((button) => button.data.startsWith("/answer ") && button.displayText === undefined),
    ).toBe(true);
    await harness.send([textEvent("/quiz stop", groupSource(group, aoi))]);
  });

  it("keeps memos with the member who wrote them", async () => {
    await harness.send([textEvent("メモ ドロップアウトは訓練時だけ", groupSource(group, aoi))]);
    await harness.send([textEvent("/memo list", groupSource(group, ren))]);
    expect(lastTexts()).not.toContain("ドロップアウトは訓練時だけ");
    await harness.send([textEvent("/memo list", groupSource(group, aoi))]);
    expect(lastTexts()).toContain("ドロップアウトは訓練時だけ");
  });

  it("stays quiet on ordinary conversation and answers a mention with a command", async () => {
    await harness.send([textEvent("今日の夕飯なににする?", groupSource(group, aoi))]);
    expect(harness.api.delivered).toEqual([]);
    const mention = {
      mentionees: [{ type: "user" as const, index: 0, length: 8, userId: "Ubot", isSelf: true }],
    };
    await harness.send([textEvent("@manabot /help", groupSource(group, aoi), mention)]);
    expect(lastTexts()).toContain("manabot");
  });

  it("ignores a message whose sender LINE did not identify", async () => {
    await harness.send([textEvent("/quiz", groupSource(group))]);
    expect(harness.api.delivered).toEqual([]);
  });

  it("works in rooms (multi-person chats) too", async () => {
    const room = roomId();
    await harness.send([textEvent("/quiz", roomSource(room, aoi))]);
    expect(harness.api.delivered.at(-1)?.endpoint).toBe("reply");
    expect(harness.api.callsTo("profile").map((call) => call.path)).toContain(
      `/v2/bot/room/${room}/member/${aoi}`,
    );
  });
});
