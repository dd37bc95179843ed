import { ArgumentError } from "../../../src/core/errors.ts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "../../../src/core/conversation.ts";
import { parseScheduleArgs } from "../../../src/core/group-quiz/schedule-args.ts";
import { AccountStore } from "../../../src/core/store/account.ts";
import { createTestBot, textOf } from "../../helpers/core.ts";

const GROUP = { chatId: "room-1", chatKind: "group" } as const;
/** A member of a chat on a platform with no moderators (LINE, say): canModerate is left out. */
const member = (name: string, extra: Partial<IncomingMessage> = {}): Partial<IncomingMessage> => ({
  ...GROUP,
  userId: name.toLowerCase(),
  displayName: name,
  ...extra,
});

describe("reading /quiz schedule's words", () => {
  it("reads a time, days and settings in any order, in English or Japanese", () => {
    expect(parseScheduleArgs("")).toEqual({ kind: "show" });
    expect(parseScheduleArgs("off")).toEqual({ kind: "off" });
    expect(parseScheduleArgs("停止")).toEqual({ kind: "off" });
    expect(parseScheduleArgs("20:00 weekdays questions=3 seconds=60 step=14 Asia/Tokyo")).toEqual({
      kind: "set",
      minuteOfDay: 1200,
      weekdays: [1, 2, 3, 4, 5],
      questions: 3,
      seconds: 60,
      step: 14,
      zone: "Asia/Tokyo",
    });
    expect(parseScheduleArgs("20時 平日")).toEqual({
      kind: "set",
      minuteOfDay: 1200,
      weekdays: [1, 2, 3, 4, 5],
    });
    expect(parseScheduleArgs("月水金 午後8時半 ３問 90秒")).toEqual({
      kind: "set",
      minuteOfDay: 20 * 60 + 30,
      weekdays: [1, 3, 5],
      questions: 3,
      seconds: 90,
    });
    expect(parseScheduleArgs("mon,wed,fri 7:05 zone=America/New_York")).toMatchObject({
      minuteOfDay: 425,
      weekdays: [1, 3, 5],
      zone: "America/New_York",
    });
    expect(parseScheduleArgs("21:00 毎日 問題数=2 秒=30 ステップ14")).toMatchObject({
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      questions: 2,
      seconds: 30,
      step: 14,
    });
    expect(parseScheduleArgs("午前9時 土日")).toMatchObject({ minuteOfDay: 540, weekdays: [6, 7] });
    expect(parseScheduleArgs("21時 月曜・木曜")).toMatchObject({ weekdays: [1, 4] });
  });

  it("asks whether 「9時」 is morning or evening, as the reminders do, offering both with the rest as typed", () => {
    let asked: unknown;
    try {
      parseScheduleArgs("9時 土日 2問");
    } catch (error) {
      asked = error;
    }
    expect(asked).toBeInstanceOf(ArgumentError);
    const error = asked as ArgumentError;
    expect(error.code).toBe("quiz-schedule.ambiguous-time");
    expect(error.userMessage.ja).toContain("09:00 と 21:00 のどちらですか");
    expect(error.offer?.choices.map((choice) => choice.action)).toEqual([
      "/quiz schedule 09:00 土日 2問",
      "/quiz schedule 21:00 土日 2問",
    ]);
  });

  it("refuses what it cannot read, a missing time and numbers out of range", () => {
    const codeOf = (input: string) => {
      try {
        parseScheduleArgs(input);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    expect(codeOf("平日")).toBe("quiz-schedule.no-time");
    expect(codeOf("20:00 questions=11")).toBe("quiz-schedule.out-of-range");
    expect(codeOf("20:00 seconds=5")).toBe("quiz-schedule.out-of-range");
    expect(codeOf("20:00 21:00")).toBe("quiz-schedule.unreadable");
    expect(codeOf("20:00 colour=red")).toBe("quiz-schedule.unreadable");
    expect(codeOf("25:00")).toBe("quiz-schedule.unreadable");
  });

  it("reads any valid combination back, whatever the order", () => {
    const dayWords = fc.constantFrom<[string, number[]]>(
      ["weekdays", [1, 2, 3, 4, 5]],
      ["平日", [1, 2, 3, 4, 5]],
      ["daily", [1, 2, 3, 4, 5, 6, 7]],
      ["毎日", [1, 2, 3, 4, 5, 6, 7]],
      ["mon,wed,fri", [1, 3, 5]],
      ["火木", [2, 4]],
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        dayWords,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 10, max: 120 }),
        fc.boolean(),
        fc.boolean(),
        (hour, minute, [dayWord, days], questions, seconds, japanese, reversed) => {
          // 「9時」 alone is asked about (morning or evening): Japanese times here say which.
          const clock = `${hour}:${String(minute).padStart(2, "0")}`;
          const time =
            !japanese || hour === 12 ? clock : `${hour > 12 || hour === 0 ? "" : "午前"}${hour}時${minute}分`;
          const words = [
            time,
            dayWord,
            japanese ? `${questions}問` : `questions=${questions}`,
            `seconds=${seconds}`,
          ];
          const parsed = parseScheduleArgs((reversed ? words.reverse() : words).join(" "));
          expect(parsed).toEqual({
            kind: "set",
            minuteOfDay: hour * 60 + minute,
            weekdays: days,
            questions,
            seconds,
          });
        },
      ),
    );
  });
});

describe("/quiz schedule in a chat", () => {
  it("works only in group chats", async () => {
    const bot = createTestBot();
    expect(textOf(await bot.say("/quiz schedule 20:00"))).toContain("グループ");
  });

  it("where the platform has no moderators: anyone sets it while none is set, then only they change it", async () => {
    const bot = createTestBot(); // Saturday 2026-11-28, 18:00 in Tokyo
    const shown = textOf(await bot.say("定期クイズ", member("Aoi")));
    expect(shown).toContain("定期クイズはありません");
    expect(shown).toContain("まだ誰も設定していないので、このグループの誰でも設定できます");

    const set = textOf(await bot.say("定期クイズ 20時 平日", member("Aoi")));
    expect(set).toContain("📅 定期クイズを設定しました: 平日 20:00(Asia/Tokyo)・3 問・各 60 秒・STEP 14");
    expect(set).toContain("次回: 2026-11-30 20:00"); // the next weekday
    expect(set).toContain("毎週月曜のこの時刻に、先週の成績");
    expect(set).toContain("変更・停止できるのは設定した Aoi さんだけです");

    const refused = await bot.say("/quiz schedule 21:00", member("Ren"));
    expect(textOf(refused)).toContain("設定した Aoi さんだけ");
    expect(textOf(await bot.say("/quiz schedule off", member("Ren")))).toContain("Aoi さんだけ");
    expect(textOf(await bot.say("/quiz schedule", member("Ren")))).toContain("平日 20:00");

    const moved = textOf(await bot.say("/quiz schedule 7:30 月水金 questions=2 seconds=30", member("Aoi")));
    expect(moved).toContain("月・水・金 07:30(Asia/Tokyo)・2 問・各 30 秒");
    expect(textOf(await bot.say("定期クイズ 停止", member("Aoi")))).toContain("🔕 定期クイズを止めました");
    // Nobody's schedule now: anyone may set one again.
    expect(textOf(await bot.say("/quiz schedule 20:00 daily", member("Ren")))).toContain("毎日 20:00");
  });

  it("keeps the schedule when its setter deletes their account: no name shown, anyone may change it", async () => {
    const bot = createTestBot();
    await bot.say("定期クイズ 20時 平日", member("Aoi"));
    const aoi = bot.bot.services.stores.users.find("local", "aoi");
    expect(new AccountStore(bot.db).delete(aoi!.id, new Date())).toBe(true);

    const shown = textOf(await bot.say("定期クイズ", member("Ren")));
    expect(shown).toContain("📅 定期クイズ: 平日 20:00(Asia/Tokyo)");
    expect(shown).toContain("設定したメンバーは退会済みです。このグループの誰でも変更・停止できます");
    expect(shown).not.toContain("Aoi");
    await bot.say("/lang en", member("Ren"));
    expect(textOf(await bot.say("/quiz schedule", member("Ren")))).toContain(
      "The member who set it has deleted their account, so anyone in this group can change or stop it",
    );
    await bot.say("/lang ja", member("Ren"));

    // Whoever changes it becomes its setter; then the usual rule holds again.
    expect(textOf(await bot.say("/quiz schedule 21:00 平日", member("Ren")))).toContain(
      "設定した Ren さんだけ",
    );
    expect(textOf(await bot.say("/quiz schedule off", member("Mio")))).toContain("Ren さんだけ");
    expect(textOf(await bot.say("/quiz schedule off", member("Ren")))).toContain("止めました");
  });

  it("lets anyone stop a schedule whose setter deleted their account", async () => {
    const bot = createTestBot();
    await bot.say("定期クイズ 20時 平日", member("Aoi"));
    new AccountStore(bot.db).delete(bot.bot.services.stores.users.find("local", "aoi")!.id, new Date());
    expect(textOf(await bot.say("定期クイズ 停止", member("Mio")))).toContain("🔕 定期クイズを止めました");
    expect(bot.bot.services.stores.quizSchedules.get("local", GROUP.chatId)).toBeUndefined();
  });

  it("where the platform has moderators (Discord: Manage Messages), only they may set or change it", async () => {
    const bot = createTestBot();
    const refused = textOf(await bot.say("/quiz schedule 20:00", member("Aoi", { canModerate: false })));
    expect(refused).toContain("メッセージの管理権限を持つメンバーだけ");
    const set = textOf(await bot.say("/quiz schedule 20:00 weekdays", member("Mod", { canModerate: true })));
    expect(set).toContain("平日 20:00");
    expect(set).toContain("メッセージの管理権限を持つメンバーが行えます");
    // Another moderator may change it; anyone may look.
    expect(textOf(await bot.say("/quiz schedule off", member("Mod2", { canModerate: true })))).toContain(
      "止めました",
    );
    expect(textOf(await bot.say("/quiz schedule", member("Aoi", { canModerate: false })))).toContain(
      "管理権限を持つメンバーです",
    );
  });

  it("takes a zone, keeps the questions within the lesson, and speaks English after /lang en", async () => {
    const bot = createTestBot();
    await bot.say("/lang en", member("Aoi"));
    const set = textOf(await bot.say("/quiz schedule 20:00 weekends questions=9 EST", member("Aoi")));
    expect(set).toContain(
      "📅 Scheduled quiz set: weekends at 20:00 (America/New_York) · 4 questions · 60 s each · step 14",
    );
    expect(set).toContain("Next: 2026-11-28 20:00");
    const wrongZone = textOf(await bot.say("/quiz schedule 20:00 Mars/Olympus", member("Aoi")));
    expect(wrongZone).toContain("is not a time zone I know");
  });

  it("ignores chatter that starts with the word in a group, and answers a slash", async () => {
    const bot = createTestBot();
    expect(await bot.say("定期クイズ 楽しいね!", member("Aoi"))).toEqual([]);
    expect(textOf(await bot.say("/quiz schedule 楽しいね!", member("Aoi")))).toContain("読めませんでした");
  });
});
