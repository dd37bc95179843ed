import type { CommandContext, Services } from "../context.ts";
import type { ChatAddress, ChatPoster, Platform } from "../conversation.ts";
import { isUserError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { decideReminder, type Occurrence, type ReminderDecision } from "../reminders/schedule.ts";
import type { Reply } from "../reply.ts";
import { minuteTrigger, type StartCron } from "../scheduling/minute-trigger.ts";
import { addDays, zonedInstant } from "../time/zone.ts";
import { pickQuestions } from "./question-pick.ts";
import { isoWeekday } from "./schedule-render.ts";
import { runKey, type QuizSchedule, type RunKind, type RunRef } from "./schedule-store.ts";
import { renderStandings, weeklyStandings } from "./standings.ts";

/** A scheduled quiz is a meeting: later than this, the group has moved on, so it is skipped and logged. */
export const DEFAULT_QUIZ_GRACE_MINUTES = 15;
/** A claim still unfinished this long after it was made belongs to a process that stopped mid-post. */
const INTERRUPTED_AFTER_MINUTES = 15;
const MINUTE = 60_000;
const MONDAY = 1;

export interface QuizSchedulerOptions {
  /** The bot's services: its stores, lessons, clock and the group-quiz runtime the quizzes run in. */
  services: Services;
  /** One per platform this process can post to; schedules of other platforms are left to other processes. */
  posters: Partial<Record<Platform, ChatPoster>>;
  logger?: Logger;
  /** How late a quiz or the standings may still start (e.g. after a restart); later ones are skipped. */
  graceMinutes?: number;
  startCron?: StartCron;
}

export interface QuizTickReport {
  quizzes: number;
  standings: number;
  failed: number;
  skipped: number;
}

export interface QuizScheduler {
  /** Reports runs a previous process left unfinished, starts the minute trigger, and catches up at once. */
  start(): Promise<QuizTickReport>;
  /** Stops the trigger and waits for posts in flight. */
  stop(): Promise<void>;
  /** One pass: claim and run every quiz and standings owed at `clock.now()`. */
  tick(): Promise<QuizTickReport>;
}

type Outcome = "quiz" | "standings" | "failed" | "skipped";

/**
 * Scheduled group quizzes and Monday's standings, on the reminders' rules: node-cron wakes it each minute,
 * every decision comes from the injected clock and SQLite, each run (a chat's quiz on a local date, its
 * standings on a Monday) is claimed by a UNIQUE insert before anything is posted, times follow the wall
 * clock across daylight saving, and a run missed while the bot was down is caught up within the grace
 * window, otherwise skipped and logged. On a Monday the standings come just before that day's quiz.
 */
export function createQuizScheduler(options: QuizSchedulerOptions): QuizScheduler {
  const { services, posters } = options;
  const { stores, lessons, clock } = services;
  const logger = options.logger ?? services.logger;
  const graceMinutes = options.graceMinutes ?? DEFAULT_QUIZ_GRACE_MINUTES;
  const platforms = (Object.keys(posters) as Platform[]).filter((platform) => posters[platform]);
  const trigger = minuteTrigger({
    name: "manabot-quiz-schedules",
    tick: () => tick(),
    logger,
    ...(options.startCron ? { startCron: options.startCron } : {}),
  });

  async function tick(): Promise<QuizTickReport> {
    const now = clock.now();
    const claimed = stores.quizSchedules.claimedSince(new Date(now.getTime() - 9 * 24 * 60 * MINUTE));
    const runs: Promise<Outcome[]>[] = [];
    let skipped = 0;
    for (const schedule of stores.quizSchedules.all(platforms)) {
      const due: (() => Promise<Outcome>)[] = [];
      for (const kind of ["standings", "quiz"] as const) {
        const decision = decide(schedule, kind, now);
        if (decision.kind === "wait") continue;
        const run: RunRef = { ...chatOf(schedule), kind, localDate: decision.occurrence.date };
        if (claimed.has(runKey(run.platform, run.chatId, kind, run.localDate))) continue;
        const late = decision.kind === "skip";
        const won = stores.quizSchedules.claim(
          {
            ...run,
            scheduledFor: decision.occurrence.at,
            minuteOfDay: schedule.minuteOfDay,
            status: late ? "skipped" : "claimed",
            ...(late ? { note: `${Math.round(decision.lateMinutes)} minutes late` } : {}),
          },
          now,
        );
        if (!won) continue;
        if (decision.kind === "skip") {
          skipped += 1;
          logger.warn(
            {
              ...run,
              scheduledFor: decision.occurrence.at.toISOString(),
              lateMinutes: Math.round(decision.lateMinutes),
              graceMinutes,
            },
            `scheduled ${kind} skipped: it was due while the bot was down, longer ago than the grace window`,
          );
          continue;
        }
        const occurrence = decision.occurrence;
        due.push(() =>
          kind === "quiz" ? startQuiz(schedule, occurrence) : postStandings(schedule, occurrence),
        );
      }
      // In order: Monday's standings before that day's quiz.
      if (due.length > 0) runs.push(trigger.track(inOrder(due)));
    }
    const outcomes = (await Promise.all(runs)).flat();
    const counted = (outcome: Outcome) => outcomes.filter((each) => each === outcome).length;
    return {
      quizzes: counted("quiz"),
      standings: counted("standings"),
      failed: counted("failed"),
      skipped: skipped + counted("skipped"),
    };
  }

  function decide(schedule: QuizSchedule, kind: RunKind, now: Date): ReminderDecision {
    const runsOn =
      kind === "standings"
        ? (date: string) => isoWeekday(date) === MONDAY
        : (date: string) => schedule.weekdays.includes(isoWeekday(date));
    try {
      return decideReminder(now, { ...schedule, runsOn }, graceMinutes);
    } catch (error) {
      logger.error({ err: error, ...chatOf(schedule) }, "scheduled quiz time not computable");
      return { kind: "wait" };
    }
  }

  async function startQuiz(schedule: QuizSchedule, occurrence: Occurrence): Promise<Outcome> {
    const chat = chatOf(schedule);
    const run: RunRef = { ...chat, kind: "quiz", localDate: occurrence.date };
    const poster = posters[chat.platform];
    const lesson = lessons.step(schedule.step) ?? lessons.first;
    const history = stores.groupHistory.questionRecords(chat.platform, chat.chatId, lesson.step);
    const questions = pickQuestions(lesson.questions, history, schedule.questions);
    let replies: Reply[];
    try {
      if (!poster) throw new Error(`no poster for ${chat.platform}`);
      replies = services.groupQuiz().start(hostOf(schedule, poster), lesson, {
        seconds: schedule.seconds,
        speedBonus: true,
        questions,
        scheduled: true,
      });
    } catch (error) {
      if (!isUserError(error)) return failed(run, error, "could not start the scheduled quiz");
      // A member's own group quiz is on: today's scheduled one gives way.
      stores.quizSchedules.finish(run, { status: "skipped", note: error.code }, clock.now());
      logger.info({ ...run, reason: error.code }, "scheduled quiz skipped: a group quiz was already running");
      return "skipped";
    }
    const quizId = stores.groupQuizzes.running(chat.platform, chat.chatId)?.id;
    try {
      await poster.post(chat, replies);
    } catch (error) {
      services.groupQuiz().abandon(chat.platform, chat.chatId);
      return failed(run, error, "scheduled quiz could not be posted; ended");
    }
    stores.quizSchedules.finish(run, { status: "done", ...(quizId ? { quizId } : {}) }, clock.now());
    logger.info(
      { ...run, quizId, questions: questions.map((question) => question.id) },
      "scheduled quiz started",
    );
    return "quiz";
  }

  async function postStandings(schedule: QuizSchedule, occurrence: Occurrence): Promise<Outcome> {
    const chat = chatOf(schedule);
    const run: RunRef = { ...chat, kind: "standings", localDate: occurrence.date };
    const from = addDays(occurrence.date, -7);
    const to = addDays(occurrence.date, -1);
    try {
      const week = stores.groupHistory.quizzesBetween(
        chat.platform,
        chat.chatId,
        zonedInstant(from, 0, schedule.timeZone),
        zonedInstant(occurrence.date, 0, schedule.timeZone),
      );
      if (week.quizzes === 0) {
        stores.quizSchedules.finish(run, { status: "skipped", note: "no quiz last week" }, clock.now());
        logger.info(run, "weekly standings skipped: no group quiz last week");
        return "skipped";
      }
      const standings = weeklyStandings({ from, to, quizzes: week.quizzes }, week.answers);
      const poster = posters[chat.platform];
      if (!poster) throw new Error(`no poster for ${chat.platform}`);
      await poster.post(chat, renderStandings(standings, lessons, schedule.locale));
    } catch (error) {
      return failed(run, error, "weekly standings could not be posted; not retried this week");
    }
    stores.quizSchedules.finish(run, { status: "done" }, clock.now());
    logger.info(run, "weekly standings posted");
    return "standings";
  }

  function failed(run: RunRef, error: unknown, message: string): Outcome {
    logger.error({ ...run, err: error }, message);
    try {
      stores.quizSchedules.finish(run, { status: "failed", note: String(error).slice(0, 500) }, clock.now());
    } catch (recordError) {
      logger.error({ ...run, err: recordError }, "could not record the failed scheduled run");
    }
    return "failed";
  }

  /**
   * The quiz is started in the name of whoever set the schedule, posting to the whole chat. When they
   * deleted their account (setBy null) it is started by the platform's nameless former-member stand-in:
   * group_quizzes.started_by and quiz_prompts.asked_by must name a user, and that stand-in already owns
   * the group quizzes of members who left, so no one's name is put on it and no schema changes.
   */
  function hostOf(schedule: QuizSchedule, poster: ChatPoster): CommandContext {
    const chat = chatOf(schedule);
    const starter = schedule.setBy ?? stores.users.formerMember(chat.platform, clock.now());
    const user = stores.users.get(starter);
    return {
      message: { ...chat, userId: user?.platformUserId ?? "", text: "/quiz schedule" },
      userId: starter,
      locale: schedule.locale,
      conversation: { send: (replies) => poster.post(chat, replies) },
      services,
    };
  }

  function reportInterrupted(): void {
    const now = clock.now();
    const before = new Date(now.getTime() - INTERRUPTED_AFTER_MINUTES * MINUTE);
    for (const run of stores.quizSchedules.failInterrupted(before, now)) {
      logger.warn(
        { ...run, scheduledFor: run.scheduledFor.toISOString() },
        "scheduled run claimed but never confirmed (the bot stopped mid-post); it may not have been posted",
      );
    }
  }

  return {
    async start() {
      reportInterrupted();
      trigger.start();
      const report = await tick();
      logger.info({ platforms, graceMinutes, ...report }, "quiz scheduler started");
      return report;
    },
    stop: () => trigger.stop(),
    tick,
  };
}

const chatOf = (schedule: QuizSchedule): ChatAddress & { chatKind: "group" } => ({
  platform: schedule.platform,
  chatId: schedule.chatId,
  chatKind: "group",
});

async function inOrder(steps: readonly (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) outcomes.push(await step());
  return outcomes;
}
