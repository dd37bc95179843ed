import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBot } from "../../../src/core/bot.ts";
import { createQuizScheduler } from "../../../src/core/group-quiz/schedule-scheduler.ts";
import { AccountStore, FORMER_MEMBER_ID } from "../../../src/core/store/account.ts";
import { createStores } from "../../../src/core/store/stores.ts";
import { openDatabase } from "../../../src/db/open.ts";
import { LessonCatalog } from "../../../src/lessons/catalog.ts";
import { loadLessons } from "../../../src/lessons/loader.ts";
import { RunStore } from "../../../src/trainer/queue/runs.ts";
import { deleteLearner } from "../../../src/web/store/learner-deletion.ts";
import { RecordingConversation, textOf } from "../../helpers/core.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import {
  RecordingPoster,
  ROOM,
  scheduledChat,
  tapIn,
  tickAt,
  type ScheduledChat,
} from "./schedule-helpers.ts";

const quiet = { quizzes: 0, standings: 0, failed: 0, skipped: 0 };

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-11-28T09:00:00Z"), toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Walks the faked time from `from` to `to` (inclusive) in steps, ticking at each; returns the posts' count. */
async function walk(chat: ScheduledChat, from: string, to: string, stepMinutes = 5) {
  for (let time = Date.parse(from); time <= Date.parse(to); time += stepMinutes * 60_000) {
    await tickAt(chat, new Date(time).toISOString());
  }
  return chat.poster.posts.length;
}

/** The questions (ids) put to the chat by a quiz, in order. */
const questionsOf = (chat: ScheduledChat, quizId: number) =>
  (
    chat.bot.db
      .prepare(
        "SELECT p.question_id FROM group_quiz_rounds r JOIN quiz_prompts p ON p.id = r.prompt_id WHERE r.quiz_id = ? ORDER BY r.position",
      )
      .all(quizId) as { question_id: string }[]
  ).map((row) => row.question_id);

describe("scheduled group quizzes", () => {
  it("start at 20:00 in Tokyo on weekdays only, once per date, and end with the scoreboard", async () => {
    const chat = scheduledChat(); // Saturday 18:00 in Tokyo
    await chat.say("Aoi", "定期クイズ 20時 平日 2問 10秒");
    expect(await walk(chat, "2026-11-28T09:00:00Z", "2026-11-30T10:55:00Z")).toBe(0); // the weekend

    const monday = await tickAt(chat, "2026-11-30T11:00:00Z");
    expect(monday).toEqual({ quizzes: 1, standings: 0, failed: 0, skipped: 1 }); // no quiz last week to rank
    const [intro] = chat.poster.posts;
    expect(intro?.chat).toEqual({ platform: "local", ...ROOM });
    expect(textOf(intro!.replies)).toContain("⏰ 定期クイズの時間です!");
    expect(textOf(intro!.replies)).toContain("全 2 問 ・各 10 秒");

    await vi.advanceTimersByTimeAsync(1_000);
    await chat.say("Aoi", tapIn(intro!.replies, "A"), true);
    await vi.advanceTimersByTimeAsync(9_500);
    expect(chat.poster.texts().at(-1)).toContain("⏱ 10 秒以内");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(chat.poster.texts().at(-1)).toContain("🏆 結果発表");
    expect(chat.poster.texts().at(-1)).toContain("Aoi");

    const posts = chat.poster.posts.length;
    expect(await walk(chat, "2026-11-30T11:05:00Z", "2026-11-30T14:55:00Z")).toBe(posts);
    expect((await tickAt(chat, "2026-12-01T11:00:00Z")).quizzes).toBe(1); // Tuesday
  });

  it("picks the questions the group got wrong most, then ones it has not seen", async () => {
    const chat = scheduledChat();
    const answer = async (name: string, number: number, choice: string) => {
      const asked = await chat.say(name, `/quiz 14 ${number}`);
      await chat.say(name, tapIn(asked, choice), true);
    };
    const lessons = chat.bot.bot.services.lessons;
    const q3 = lessons.question("14-3")!;
    const wrong3 = q3.answer === "A" ? "B" : "A";
    await answer("Aoi", 3, wrong3);
    await answer("Ren", 3, wrong3);
    await answer("Aoi", 1, lessons.question("14-1")!.answer);
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=2 seconds=10");

    await tickAt(chat, "2026-11-28T11:00:00Z");
    const quiz = chat.bot.db.prepare("SELECT id FROM group_quizzes").get() as { id: number };
    await vi.advanceTimersByTimeAsync(25_000);
    // 14-3 (missed twice) and 14-2 (never asked here), shown in lesson order.
    expect(questionsOf(chat, quiz.id)).toEqual(["14-2", "14-3"]);
  });

  it("keeps 20:00 New York time on both sides of the daylight-saving switch", async () => {
    vi.setSystemTime(new Date("2027-03-12T12:00:00Z"));
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=1 seconds=10 America/New_York");
    const starts: string[] = [];
    for (
      let time = Date.parse("2027-03-12T12:00:00Z");
      time <= Date.parse("2027-03-15T12:00:00Z");
      time += 60 * 60_000
    ) {
      for (const minute of [0, 30]) {
        const at = new Date(time + minute * 60_000).toISOString();
        if ((await tickAt(chat, at)).quizzes > 0) starts.push(at);
      }
      await vi.advanceTimersByTimeAsync(11_000);
    }
    // 20:00 EST (UTC-5) on the 12th and 13th, 20:00 EDT (UTC-4) on the 14th.
    expect(starts).toEqual([
      "2027-03-13T01:00:00.000Z",
      "2027-03-14T01:00:00.000Z",
      "2027-03-15T00:00:00.000Z",
    ]);
  });

  it("catches up within the grace window, and skips and logs a quiz an hour late", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=1 seconds=10");
    expect(await tickAt(chat, "2026-11-28T11:10:00Z")).toEqual({ ...quiet, quizzes: 1 }); // back at 20:10
    await vi.advanceTimersByTimeAsync(11_000);
    const posts = chat.poster.posts.length;

    expect(await tickAt(chat, "2026-11-29T12:00:00Z")).toEqual({ ...quiet, skipped: 1 }); // back at 21:00
    expect(await tickAt(chat, "2026-11-29T12:05:00Z")).toEqual(quiet);
    expect(chat.poster.posts).toHaveLength(posts);
    const warning = chat.logger
      .at("warn")
      .find((entry) => entry.message?.startsWith("scheduled quiz skipped"));
    expect(warning?.fields).toMatchObject({ localDate: "2026-11-29", lateMinutes: 60, graceMinutes: 15 });
    const store = chat.bot.bot.services.stores.quizSchedules;
    expect(store.run("local", ROOM.chatId, "quiz", "2026-11-29")).toMatchObject({ status: "skipped" });
    expect(store.run("local", ROOM.chatId, "quiz", "2026-11-28")).toMatchObject({ status: "done" });
  });

  it("gives way to a group quiz already running, and never runs a date twice when the time moves", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=1 seconds=10");
    vi.setSystemTime(new Date("2026-11-28T10:59:00Z"));
    await chat.say("Ren", "/quiz group 14 60");
    expect(await tickAt(chat, "2026-11-28T11:00:00Z")).toEqual({ ...quiet, skipped: 1 });
    expect(chat.poster.posts).toEqual([]);
    expect(chat.logger.at("info").some((entry) => entry.message?.includes("already running"))).toBe(true);
    await chat.say("Ren", "/quiz stop");

    await chat.say("Aoi", "/quiz schedule 21:00 daily questions=1 seconds=10");
    expect(await tickAt(chat, "2026-11-28T12:00:00Z")).toEqual(quiet); // the 28th had its turn
    expect((await tickAt(chat, "2026-11-29T12:00:00Z")).quizzes).toBe(1);
  });

  it("keeps running for the group after its setter deletes their account, started by a nameless stand-in", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=1 seconds=10");
    expect((await tickAt(chat, "2026-11-28T11:00:00Z")).quizzes).toBe(1);
    await chat.say("Ren", tapIn(chat.poster.posts[0]!.replies, "A"), true);
    await vi.advanceTimersByTimeAsync(11_000);

    const { db } = chat.bot;
    const aoi = chat.bot.bot.services.stores.users.find("local", "aoi")!;
    const deleted = deleteLearner(
      db,
      { runs: new RunStore(db), account: new AccountStore(db) },
      { userId: aoi.id, owner: { platform: "local", userId: "aoi" } },
      new Date(),
    );
    expect(deleted).toEqual({ deleted: 0, chartPaths: [] });
    expect(chat.bot.bot.services.stores.users.get(aoi.id)).toBeUndefined();
    expect(chat.bot.bot.services.stores.quizSchedules.get("local", ROOM.chatId)).toMatchObject({
      setBy: null,
      questions: 1,
      seconds: 10,
    });

    const posted = chat.poster.posts.length;
    expect(await tickAt(chat, "2026-11-29T11:00:00Z")).toEqual({ ...quiet, quizzes: 1 });
    const intro = chat.poster.posts[posted]!;
    expect(textOf(intro.replies)).toContain("⏰ 定期クイズの時間です!");
    await chat.say("Ren", tapIn(intro.replies, "A"), true);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(chat.poster.texts().at(-1)).toContain("🏆 結果発表");
    expect(chat.poster.texts().at(-1)).toContain("Ren");
    expect(chat.poster.texts().slice(posted).join("\n")).not.toContain("Aoi");
    // Both quizzes, the one Aoi's name started and today's, belong to the stand-in now.
    expect(
      db
        .prepare(
          "SELECT u.platform_user_id, u.display_name, q.end_reason FROM group_quizzes q JOIN users u ON u.id = q.started_by ORDER BY q.id",
        )
        .all(),
    ).toEqual([
      { platform_user_id: FORMER_MEMBER_ID, display_name: null, end_reason: "finished" },
      { platform_user_id: FORMER_MEMBER_ID, display_name: null, end_reason: "finished" },
    ]);
  });

  it("lets anyone stop early a quiz whose setter deleted their account, where there are no moderators", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=3 seconds=60");
    const aoi = chat.bot.bot.services.stores.users.find("local", "aoi")!;
    new AccountStore(chat.bot.db).delete(aoi.id, new Date());
    expect((await tickAt(chat, "2026-11-28T11:00:00Z")).quizzes).toBe(1);
    const stopped = textOf(await chat.say("Ren", "/quiz stop"));
    expect(stopped).toContain("⏹ グループクイズを終了しました(1/3 問)");
    expect(chat.bot.db.prepare("SELECT end_reason FROM group_quizzes").all()).toEqual([
      { end_reason: "stopped" },
    ]);
  });

  it("ends a quiz whose first post fails, logs it and does not retry that day", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily questions=1 seconds=10");
    chat.poster.failWith = new Error("channel gone");
    expect(await tickAt(chat, "2026-11-28T11:00:00Z")).toEqual({ ...quiet, failed: 1 });
    chat.poster.failWith = undefined;
    expect(await tickAt(chat, "2026-11-28T11:01:00Z")).toEqual(quiet);
    expect(chat.bot.db.prepare("SELECT end_reason FROM group_quizzes").all()).toEqual([
      { end_reason: "abandoned" },
    ]);
    expect(chat.logger.at("error").some((entry) => entry.message?.includes("could not be posted"))).toBe(
      true,
    );
  });

  it("reports a run claimed by a process that stopped before posting", async () => {
    const chat = scheduledChat();
    await chat.say("Aoi", "/quiz schedule 20:00 daily");
    const store = chat.bot.bot.services.stores.quizSchedules;
    const claim = {
      platform: "local" as const,
      chatId: ROOM.chatId,
      kind: "quiz" as const,
      localDate: "2026-11-27",
      scheduledFor: new Date("2026-11-27T11:00:00Z"),
      minuteOfDay: 20 * 60,
      status: "claimed" as const,
    };
    // Claimed yesterday by a process that died (the schedule then was older).
    chat.bot.db.prepare("UPDATE group_quiz_schedules SET active_since = '2026-11-01T00:00:00.000Z'").run();
    expect(store.claim(claim, new Date("2026-11-27T11:00:00Z"))).toBe(true);
    await chat.scheduler.start();
    await chat.scheduler.stop();
    expect(store.run("local", ROOM.chatId, "quiz", "2026-11-27")).toMatchObject({ status: "failed" });
    expect(chat.logger.at("warn").some((entry) => entry.message?.includes("never confirmed"))).toBe(true);
  });
});

describe("two processes on one database file", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("start one quiz between them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "manabot-quiz-"));
    dirs.push(dir);
    const lessons = new LessonCatalog(loadLessons());
    const processes = [0, 1].map(() => {
      const db = openDatabase(join(dir, "bot.db"));
      const bot = createBot({ stores: createStores(db), lessons, clock: { now: () => new Date() } });
      const poster = new RecordingPoster();
      const scheduler = createQuizScheduler({
        services: bot.services,
        posters: { local: poster },
        logger: new RecordingLogger(),
        startCron: () => ({ stop: () => {} }),
      });
      return { db, bot, poster, scheduler };
    });
    const [first, second] = processes;
    await first!.bot.receive(
      {
        platform: "local",
        chatId: ROOM.chatId,
        chatKind: "group",
        userId: "aoi",
        displayName: "Aoi",
        text: "/quiz schedule 20:00 daily questions=1 seconds=10",
      },
      new RecordingConversation(),
    );
    vi.setSystemTime(new Date("2026-11-28T11:00:00Z"));
    const reports = await Promise.all(processes.map((each) => each.scheduler.tick()));
    expect(reports.map((report) => report.quizzes).sort()).toEqual([0, 1]);
    expect(first!.poster.posts.length + second!.poster.posts.length).toBe(1);
    for (const each of processes) {
      each.bot.close();
      each.db.close();
    }
  });
});
