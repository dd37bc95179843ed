import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLessons } from "../../src/lessons/loader.ts";
import { FakeTrainer, RESULT_TEXT } from "../fakes/trainer.ts";
import { discordDriver } from "./contract/discord.ts";
import type { ContractChat, ContractDriver, Seen, SeenButton } from "./contract/driver.ts";
import { lineDriver } from "./contract/line.ts";
import { localDriver } from "./contract/local.ts";

/**
 * The adapter contract: the same conversation, held through every adapter against its platform's fake, must
 * look the same to the user. A new adapter is done when it passes this suite: write its driver
 * (tests/bots/contract/) and add it here.
 */
const DRIVERS: readonly ContractDriver[] = [localDriver, discordDriver, lineDriver];

const lesson = loadLessons().find((candidate) => candidate.step === 14);
const question = lesson?.questions[0];
const [first, second] = lesson?.sections ?? [];
if (!lesson || !question || !first || !second) throw new Error("step 14 needs a question and two sections");

const button = (seen: Seen, action: string): SeenButton => {
  const found = seen.buttons.find((candidate) => candidate.action === action);
  if (!found) throw new Error(`no button ${action} among ${JSON.stringify(seen.buttons)}`);
  return found;
};

describe.each(DRIVERS)("the adapter contract on $platform", (driver) => {
  let chat: ContractChat;
  let trainer: FakeTrainer;
  beforeAll(async () => {
    trainer = await FakeTrainer.create();
    chat = await driver.start(trainer);
  });
  afterAll(async () => {
    await chat?.close();
  });

  it("answers /help with the commands", async () => {
    const help = await chat.say("/help");
    for (const name of ["lesson", "quiz", "answer", "memo", "train"]) expect(help.text).toContain(`/${name}`);
  });

  it("walks a lesson: a snippet with its buttons, and the next one by a tap", async () => {
    const opened = await chat.say("/lesson 14");
    expect(opened.text).toContain(`STEP 14: ${lesson.title} (1/${lesson.sections.length})`);
    expect(opened.text).toContain(`■ ${first.title}`);
    const next = await chat.tap(button(opened, `/lesson 14 ${second.id}`));
    expect(next.text).toContain(`■ ${second.title}`);
    expect(next.text).not.toContain(`■ ${first.title}`);
  });

  it("grades a tapped quiz choice, and takes no second tap on the same question", async () => {
    const asked = await chat.say("/quiz 14 1");
    expect(asked.text).toContain(question.prompt.split("\n")[0]);
    expect(asked.buttons.map((choice) => choice.label)).toEqual(["A", "B", "C", "D"]);
    const right = asked.buttons.find((choice) => choice.label === question.answer);
    const wrong = asked.buttons.find((choice) => choice.label !== question.answer);
    if (!right || !wrong) throw new Error("the question has no right and wrong buttons");

    const graded = await chat.tap(right);
    expect(graded.text).toContain("✅ 正解!");
    expect(graded.text).toContain(question.explanationTitle);

    const again = await chat.tap(wrong);
    expect(again.text).toContain(`この問題にはもう回答済みです(あなたの答え: ${question.answer})`);
    expect(again.text).not.toContain("不正解");
    const stats = await chat.say("/stats");
    expect(stats.text).toContain("正答率 100% (1/1 回)");
  });

  it("keeps a memo and lists it", async () => {
    const added = await chat.say("/memo add 契約テストのメモ");
    expect(added.text).toMatch(/メモ #\d+ を STEP 14 に保存しました/);
    const listed = await chat.say("/memo list");
    expect(listed.text).toContain("契約テストのメモ");
  });

  it("explains an unknown command", async () => {
    const unknown = await chat.say("/nosuch");
    expect(unknown.text).toContain("「/nosuch」というコマンドはありません");
    expect(unknown.text).toContain("/help");
  });

  it("answers /train at once, then shows its progress and the chart", async () => {
    const started = await chat.say("/train epochs=3");
    expect(started.text).toContain("ジョブ #1 を開始しました(エポック 3)");
    const finished = await chat.afterWork();
    expect(finished.text).toContain("エポック 1/3");
    // The answer to the command comes first: the job's end is never shown above it.
    const answeredAt = finished.text.indexOf("ジョブ #1 を開始しました");
    expect(finished.text.indexOf("✅ 学習が終わりました")).toBeGreaterThan(answeredAt);
    expect(finished.text).toContain(RESULT_TEXT);
    expect(finished.images).toHaveLength(1);
    expect(Buffer.from(finished.images[0] ?? []).equals(Buffer.from(trainer.png))).toBe(true);
  });
});
