import type { Lesson, Question } from "../../lessons/lesson.ts";
import type { CommandContext, GroupQuizSettings, GroupQuizzes, Services } from "../context.ts";
import type { Platform } from "../conversation.ts";
import { UserError } from "../errors.ts";
import { renderQuestion } from "../render/question.ts";
import { pick } from "../i18n.ts";
import { FORMER_MEMBER_ID } from "../store/users.ts";
import { text, type Reply } from "../reply.ts";
import { renderIntro, renderRoundResult, renderScoreboard, withRoundHint } from "./render.ts";
import { scoreboard } from "./scoring.ts";
import type { EndReason, GroupQuiz } from "./store.ts";

/** setTimeout/clearTimeout behind an interface, so a test (or another host) can drive round deadlines. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The global timers, looked up at call time so vitest's fake timers take over in tests. */
export const globalTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A quiz whose timers live in this process. */
interface RunningQuiz {
  quiz: GroupQuiz;
  lesson: Lesson;
  questions: readonly Question[];
  /** The message that started it: rounds, results and the scoreboard go to its conversation, in its language. */
  host: CommandContext;
  /** 0-based index of the question on the table. */
  index: number;
  promptId: number;
  timer?: unknown;
}

/** A running quiz in the database that no timer drives any more (its process stopped) is over after this. */
const ABANDONED_AFTER_MS = 60_000;

const chatKey = (platform: Platform, chatId: string): string => `${platform}:${chatId}`;

/**
 * Runs group quizzes: one per chat, each question open for a fixed time, then its result, then the next
 * question, and a scoreboard at the end. The quiz and its rounds are rows in SQLite (answers are ordinary
 * attempts); only the timers and the way back to the chat are held here.
 */
export class GroupQuizRuntime implements GroupQuizzes {
  private readonly running = new Map<string, RunningQuiz>();

  constructor(
    private readonly services: Services,
    private readonly timers: Timers = globalTimers,
  ) {}

  start(context: CommandContext, lesson: Lesson, settings: GroupQuizSettings): Reply[] {
    const { stores, clock } = this.services;
    const { platform, chatId } = context.message;
    const now = clock.now();
    this.endAbandoned(platform, chatId, now);
    const quiz = stores.groupQuizzes.create(
      {
        platform,
        chatId,
        startedBy: context.userId,
        step: lesson.step,
        seconds: settings.seconds,
        speedBonus: settings.speedBonus,
      },
      now,
    );
    if (!quiz) {
      throw new UserError("group-quiz.already-running", {
        ja: "このチャットではグループクイズが進行中です。終わらせるには /quiz stop",
        en: "A group quiz is already running in this chat. End it with /quiz stop",
      });
    }
    const questions = settings.questions ?? lesson.questions;
    const run: RunningQuiz = { quiz, lesson, questions, host: context, index: 0, promptId: 0 };
    this.running.set(chatKey(platform, chatId), run);
    const intro = renderIntro(quiz, lesson, questions.length, context.locale, settings.scheduled === true);
    return [intro, ...this.openRound(run)];
  }

  /** `/quiz stop`: closes the question on the table and answers with the scores so far. */
  stop(context: CommandContext): Reply[] {
    const { stores, lessons, clock } = this.services;
    const { platform, chatId } = context.message;
    const run = this.live(platform, chatId);
    if (run) {
      this.checkMayStop(run.quiz, context);
      return [...this.closeRound(run), ...this.finish(run, "stopped")];
    }
    // Started by a process that is gone: end it from the database alone.
    const orphan = stores.groupQuizzes.running(platform, chatId);
    const lesson = orphan && lessons.step(orphan.step);
    if (!orphan || !lesson) {
      throw new UserError(
        "group-quiz.none",
        context.message.chatKind === "group" ? NONE_RUNNING : NONE_IN_DIRECT_CHAT,
      );
    }
    this.checkMayStop(orphan, context);
    const asked = stores.groupQuizzes.latestRound(orphan.id)?.position ?? 0;
    stores.groupQuizzes.end(orphan.id, "stopped", clock.now());
    return this.scores(orphan, lesson, asked, lesson.questions.length, "stopped", context.locale);
  }

  /**
   * Only whoever started the quiz, or a member the platform calls a moderator, may end it early. A quiz the
   * former-member stand-in holds (its starter, or its schedule's setter, deleted their account) has nobody
   * left to end it: where the platform names no moderators (LINE), anyone in the chat may.
   */
  private checkMayStop(quiz: GroupQuiz, context: CommandContext): void {
    if (quiz.startedBy === context.userId || context.message.canModerate === true) return;
    const starter = this.services.stores.users.get(quiz.startedBy);
    if (starter?.platformUserId === FORMER_MEMBER_ID && context.message.canModerate === undefined) return;
    const host = starter?.displayName ?? undefined;
    throw new UserError("group-quiz.not-host", {
      ja: `グループクイズを途中で終了できるのは、始めた人${host ? `(${host} さん)` : ""}か管理者だけです。最後の問題のあとで自動的に終わります。`,
      en: `Only whoever started the group quiz${host ? ` (${host})` : ""} or a moderator can end it early. It ends by itself after the last question.`,
    });
  }

  /** Whether a group quiz runs in the chat; one left behind by a process that is gone counts until abandoned. */
  isRunningIn(platform: Platform, chatId: string): boolean {
    this.endAbandoned(platform, chatId, this.services.clock.now());
    return this.services.stores.groupQuizzes.running(platform, chatId) !== undefined;
  }

  /** Ends this process's quiz in a chat without a word (its first question could not be posted). */
  abandon(platform: Platform, chatId: string): void {
    const run = this.running.get(chatKey(platform, chatId));
    if (!run) return;
    this.timers.clear(run.timer);
    this.running.delete(chatKey(platform, chatId));
    this.services.stores.groupQuizzes.end(run.quiz.id, "abandoned", this.services.clock.now());
  }

  /** Stops every timer and marks the quizzes abandoned (shutdown). */
  close(): void {
    for (const run of [...this.running.values()]) {
      this.timers.clear(run.timer);
      this.services.stores.groupQuizzes.end(run.quiz.id, "abandoned", this.services.clock.now());
    }
    this.running.clear();
  }

  /** Puts the current question to the chat and starts its timer. */
  private openRound(run: RunningQuiz): Reply[] {
    const { stores, clock } = this.services;
    const { lesson, host, quiz } = run;
    const question = run.questions[run.index];
    if (!question) {
      throw new Error(`group quiz ${quiz.id}: no question ${run.index + 1} in step ${lesson.step}`);
    }
    const now = clock.now();
    const prompt = stores.quiz.createPrompt(
      {
        questionId: question.id,
        step: question.step,
        platform: quiz.platform,
        chatId: quiz.chatId,
        askedBy: quiz.startedBy,
      },
      now,
    );
    stores.groupQuizzes.openRound({
      promptId: prompt.id,
      quizId: quiz.id,
      position: run.index + 1,
      openedAt: now,
      closesAt: new Date(now.getTime() + quiz.seconds * 1000),
    });
    run.promptId = prompt.id;
    run.timer = this.timers.set(() => this.timeUp(run), quiz.seconds * 1000);
    const replies = renderQuestion(question, lesson.questions.length, prompt.id, host.locale);
    return withRoundHint(replies, quiz.seconds, host.locale);
  }

  private closeRound(run: RunningQuiz): Reply[] {
    const { stores, clock } = this.services;
    const question = run.questions[run.index];
    if (!question) return [];
    stores.groupQuizzes.closeRound(run.promptId, clock.now());
    const answers = stores.groupQuizzes
      .answers(run.quiz.id)
      .filter((answer) => answer.promptId === run.promptId);
    return renderRoundResult(
      question,
      run.index + 1,
      run.questions.length,
      answers,
      run.quiz,
      run.host.locale,
    );
  }

  private finish(run: RunningQuiz, reason: EndReason): Reply[] {
    this.timers.clear(run.timer);
    this.running.delete(chatKey(run.quiz.platform, run.quiz.chatId));
    this.services.stores.groupQuizzes.end(run.quiz.id, reason, this.services.clock.now());
    return this.scores(run.quiz, run.lesson, run.index + 1, run.questions.length, reason, run.host.locale);
  }

  private scores(
    quiz: GroupQuiz,
    lesson: Lesson,
    asked: number,
    total: number,
    reason: EndReason,
    locale: CommandContext["locale"],
  ): Reply[] {
    const lines = scoreboard(
      this.services.stores.groupQuizzes.answers(quiz.id),
      quiz.seconds,
      quiz.speedBonus,
    );
    return renderScoreboard(lines, { lesson, asked, total, reason }, locale);
  }

  /** A round's deadline: post its result, then the next question or the scoreboard. */
  private timeUp(run: RunningQuiz): void {
    const key = chatKey(run.quiz.platform, run.quiz.chatId);
    if (this.running.get(key) !== run) return;
    run.timer = undefined;
    const { logger, stores } = this.services;
    let replies: Reply[];
    try {
      if (!stores.groupQuizzes.isRunning(run.quiz.id)) {
        this.running.delete(key);
        return;
      }
      replies = this.closeRound(run);
      if (run.index + 1 < run.questions.length) {
        run.index += 1;
        replies.push(...this.openRound(run));
      } else {
        replies.push(...this.finish(run, "finished"));
      }
    } catch (error) {
      logger.error({ err: error, quizId: run.quiz.id }, "group quiz round failed; ending the quiz");
      this.running.delete(key);
      try {
        stores.groupQuizzes.end(run.quiz.id, "abandoned", this.services.clock.now());
      } catch (endError) {
        // Left running in the database; the next /quiz group in this chat ends it as abandoned.
        logger.error({ err: endError, quizId: run.quiz.id }, "could not mark the group quiz ended");
      }
      this.post(run, [text(pick(run.host.locale, ENDED_BY_ERROR))]);
      return;
    }
    this.post(run, replies);
  }

  /** Best effort: a post that fails is logged, the quiz goes on. */
  private post(run: RunningQuiz, replies: Reply[]): void {
    run.host.conversation.send(replies).catch((error: unknown) => {
      this.services.logger.error(
        { err: error, quizId: run.quiz.id, chatId: run.quiz.chatId },
        "group quiz post failed",
      );
    });
  }

  /** This process's quiz in the chat, unless the database says it ended (stopped from another process). */
  private live(platform: Platform, chatId: string): RunningQuiz | undefined {
    const key = chatKey(platform, chatId);
    const run = this.running.get(key);
    if (!run || this.services.stores.groupQuizzes.isRunning(run.quiz.id)) return run;
    this.timers.clear(run.timer);
    this.running.delete(key);
    return undefined;
  }

  /** Ends a quiz left running in the database by a process that is gone, once its last deadline is long past. */
  private endAbandoned(platform: Platform, chatId: string, now: Date): void {
    if (this.live(platform, chatId)) return;
    const { groupQuizzes } = this.services.stores;
    const stale = groupQuizzes.running(platform, chatId);
    if (!stale) return;
    const deadline = groupQuizzes.latestRound(stale.id)?.closesAt.getTime() ?? 0;
    if (now.getTime() - deadline > ABANDONED_AFTER_MS) groupQuizzes.end(stale.id, "abandoned", now);
  }
}

const NONE_RUNNING = {
  ja: "このチャットで進行中のグループクイズはありません。始めるには /quiz group",
  en: "No group quiz is running in this chat. Start one with /quiz group",
};

/** A direct chat never has one, and /quiz group would be refused here: point to a group instead. */
const NONE_IN_DIRECT_CHAT = {
  ja: "グループクイズはグループ(Discord のチャンネルや LINE のグループ)で遊ぶ機能で、このチャットでは進行していません。ひとりで解くなら /quiz",
  en: "Group quizzes are played in a group chat (a Discord channel or a LINE group); none runs here. To practise alone: /quiz",
};

const ENDED_BY_ERROR = {
  ja: "⚠️ エラーのため、グループクイズを終了しました。もう一度始めるには /quiz group",
  en: "⚠️ The group quiz ended because of an error on my side. Start a new one with /quiz group",
};
