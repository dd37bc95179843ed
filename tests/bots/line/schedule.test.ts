import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQuizScheduler, type QuizScheduler } from "../../../src/core/group-quiz/schedule-scheduler.ts";
import { groupId, groupSource, postbackEvent, textEvent, userId } from "../../fakes/line/fixtures.ts";
import { FakeClock } from "../../helpers/core.ts";
import { LineHarness, textsOf } from "./harness.ts";

describe("LINE: a scheduled quiz in a group, end to end", () => {
  let harness: LineHarness;
  let scheduler: QuizScheduler;
  let group: string;
  let aoi: string;
  let ren: string;
  const clock = new FakeClock(); // Saturday 2026-11-28, 18:00 in Tokyo
  beforeEach(async () => {
    clock.set(new Date("2026-11-28T09:00:00Z"));
    harness = await LineHarness.start({ clock });
    scheduler = createQuizScheduler({
      services: harness.app.bot.services,
      posters: { line: harness.line.poster },
      logger: harness.logger,
      startCron: () => ({ stop: () => {} }),
    });
    group = groupId();
    aoi = userId();
    ren = userId();
    harness.api.setProfile(aoi, "あおい");
    harness.api.setProfile(ren, "れん");
  });
  afterEach(async () => {
    await scheduler.stop();
    await harness.close();
  });

  const lastTexts = () => textsOf(harness.api.delivered.at(-1)?.messages ?? []);

  it("is set in Japanese words by anyone while none is set, then changed only by who set it", async () => {
    await harness.send([textEvent("定期クイズ", groupSource(group, ren))]);
    expect(lastTexts()).toContain("このグループの誰でも設定できます");
    await harness.send([textEvent("定期クイズ 20時 平日 2問 30秒", groupSource(group, aoi))]);
    expect(lastTexts()).toContain("📅 定期クイズを設定しました: 平日 20:00(Asia/Tokyo)・2 問・各 30 秒");
    expect(lastTexts()).toContain("設定した あおい さんだけ");
    await harness.send([textEvent("定期クイズ 停止", groupSource(group, ren))]);
    expect(lastTexts()).toContain("あおい さんだけ");
  });

  it("pushes the quiz to the group at 20:00 for everyone; a member taps; it ends with the scoreboard", async () => {
    await harness.send([textEvent("定期クイズ 20時 毎日 1問 30秒", groupSource(group, aoi))]);
    const before = harness.api.delivered.length;
    clock.set(new Date("2026-11-28T11:00:00Z"));
    expect(await scheduler.tick()).toMatchObject({ quizzes: 1 });
    await harness.line.idle();
    const pushed = harness.api.delivered.slice(before);
    expect(pushed.every((sent) => sent.endpoint === "push" && sent.to === group)).toBe(true);
    const text = textsOf(pushed.flatMap((sent) => sent.messages));
    expect(text).toContain("⏰ 定期クイズの時間です!");
    expect(text).not.toContain("さんへ"); // for the whole group, not one member
    const buttons =
      pushed
        .at(-1)
        ?.messages.at(-1)
        ?.quickReply?.items.map((item) => item.action) ?? [];
    const question = harness.app.bot.services.lessons.question("14-1")!;
    const right = buttons.find((button) => button.label === question.answer);
    await harness.send([postbackEvent(right!.data, groupSource(group, ren))]);
    expect(lastTexts()).toContain("れん さんの回答を受け付けました");

    await harness.send([textEvent("/quiz stop", groupSource(group, aoi))]);
    expect(lastTexts()).toMatch(/れん — \d+ 点/);
  });
});
