import type { Locale, Platform } from "../../core/conversation.ts";
import type { Memo } from "../../core/store/memos.ts";
import { dayStreaks } from "../../core/streaks/day-streaks.ts";
import { addDays, localDate } from "../../core/time/zone.ts";
import type { TrainingRun } from "../../trainer/queue/runs.ts";
import type { ChatRef } from "../store/sessions.ts";
import type { WebDeps } from "./deps.ts";

export const MEMOS_PER_PAGE = 20;
export const CALENDAR_WEEKS = 26;
export const REVIEW_DAYS = 7;

export interface LearnerPage {
  user: { id: number; name: string; platform: Platform; locale: Locale; timeZone: string };
  today: string;
  totals: { attempts: number; correct: number; questionsAnswered: number };
  steps: {
    step: number;
    title: string;
    attempts: number;
    correct: number;
    answered: number;
    total: number;
  }[];
  questions: {
    id: string;
    step: number;
    number: number;
    title: string;
    attempts: number;
    correct: number;
    lastCorrect: boolean;
  }[];
  /** Every day of the calendar's weeks (Sunday first), with the answers given that day. */
  calendar: { date: string; count: number }[];
  streaks: { current: number; best: number; studyDays: number };
  reviews: { days: { date: string; due: number }[]; total: number };
  position?: { step: number; title: string; section: number; sections: number; sectionTitle: string };
  memos: {
    items: (Memo & { stepTitle?: string })[];
    total: number;
    query: string;
    page: number;
    pages: number;
  };
  runs: TrainingRun[];
  groups: ChatRef[];
}

export interface LearnerPageRequest {
  userId: number;
  sessionId: number;
  memoQuery: string;
  memoPage: number;
}

/** Gathers everything the learner's page shows, from the stores. */
export function learnerPage(deps: WebDeps, request: LearnerPageRequest): LearnerPage | undefined {
  const { stores, lessons, clock } = deps;
  const user = stores.users.get(request.userId);
  if (!user) return undefined;
  const timeZone = stores.timeZones.get(user.id);
  const now = clock.now();
  const today = localDate(now, timeZone);
  const perStep = stores.stats.perStep(user.id);
  const tallies = deps.learner.perQuestion(user.id);

  const perDay = new Map<string, number>();
  for (const { minute, count } of deps.learner.answersPerMinute(user.id)) {
    const day = localDate(new Date(`${minute}:00Z`), timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + count);
  }
  const days = [...perDay.keys()].sort();
  const streaks = dayStreaks(days, today);

  const memoPage = Math.max(1, request.memoPage);
  const found = stores.memos.search(
    user.id,
    request.memoQuery,
    MEMOS_PER_PAGE,
    (memoPage - 1) * MEMOS_PER_PAGE,
  );
  const saved = stores.positions.get(user.id);
  const lesson = saved && lessons.step(saved.step);
  const section = lesson?.sections[saved?.sectionIndex ?? 0];

  return {
    user: {
      id: user.id,
      name: user.displayName ?? "",
      platform: user.platform,
      locale: user.locale ?? "ja",
      timeZone,
    },
    today,
    totals: {
      attempts: perStep.reduce((sum, row) => sum + row.attempts, 0),
      correct: perStep.reduce((sum, row) => sum + row.correct, 0),
      questionsAnswered: tallies.length,
    },
    steps: perStep.map((row) => {
      const stepLesson = lessons.step(row.step);
      return {
        step: row.step,
        title: stepLesson?.title ?? "",
        attempts: row.attempts,
        correct: row.correct,
        answered: row.questionsAnswered,
        total: stepLesson?.questions.length ?? row.questionsAnswered,
      };
    }),
    questions: tallies.map((tally) => {
      const question = lessons.question(tally.questionId);
      return {
        id: tally.questionId,
        step: tally.step,
        number: question?.number ?? 0,
        title: question?.title ?? tally.questionId,
        attempts: tally.attempts,
        correct: tally.correct,
        lastCorrect: tally.lastCorrect,
      };
    }),
    calendar: calendarDays(today, perDay),
    streaks: { current: streaks.current, best: streaks.best, studyDays: days.length },
    reviews: {
      days: stores.review.dueCounts(user.id, today, REVIEW_DAYS),
      total: stores.review.counts(user.id, today).total,
    },
    ...(lesson && section && saved
      ? {
          position: {
            step: lesson.step,
            title: lesson.title,
            section: section.index + 1,
            sections: lesson.sections.length,
            sectionTitle: section.title,
          },
        }
      : {}),
    memos: {
      items: found.memos.map((memo) => {
        const title = lessons.step(memo.step)?.title;
        return title ? { ...memo, stepTitle: title } : memo;
      }),
      total: found.total,
      query: request.memoQuery,
      page: memoPage,
      pages: Math.max(1, Math.ceil(found.total / MEMOS_PER_PAGE)),
    },
    runs: deps.runs.list({ platform: user.platform, userId: user.platformUserId }),
    groups: deps.sessions.groupsOf(request.sessionId),
  };
}

/** The calendar's days: whole weeks, Sunday first, ending with the week of `today`. */
function calendarDays(today: string, perDay: ReadonlyMap<string, number>): { date: string; count: number }[] {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const first = addDays(today, -weekday - (CALENDAR_WEEKS - 1) * 7);
  const days: { date: string; count: number }[] = [];
  for (let date = first; date <= today; date = addDays(date, 1))
    days.push({ date, count: perDay.get(date) ?? 0 });
  return days;
}
