import { scoreboard } from "../../core/group-quiz/scoring.ts";
import { userDayStreaks } from "../../core/streaks/user-streaks.ts";
import type { ChatRef } from "../store/sessions.ts";
import type { GroupQuizSummary } from "../store/group.ts";
import type { WebDeps } from "./deps.ts";

const QUIZZES_SHOWN = 20;

/** A name on the group's page: the member's platform name, or undefined for a member who hides it. */
export interface NamedRow {
  userId: number;
  name?: string;
  you: boolean;
}

export interface GroupPage {
  chat: ChatRef;
  viewerHidden: boolean;
  quizzes: (GroupQuizSummary & {
    board: (NamedRow & { rank: number; points: number; correct: number; answered: number })[];
  })[];
  /** Questions answered in the chat, hardest first. */
  questions: {
    id: string;
    step: number;
    number: number;
    title: string;
    attempts: number;
    correct: number;
    commonWrong?: { choice: string; text: string; count: number };
  }[];
  members: (NamedRow & { current: number; best: number })[];
}

/** Gathers the group chat's page for one of its members (`viewerId`). */
export function groupPage(deps: WebDeps, chat: ChatRef, viewerId: number): GroupPage {
  const { stores, lessons, clock } = deps;
  const hidden = deps.sessions.hiddenIn(chat);
  const members = deps.group.members(chat);
  const nameOf = new Map(members.map((member) => [member.userId, member.displayName]));
  const named = (userId: number, fallback?: string): NamedRow => {
    const name = hidden.has(userId) ? undefined : (nameOf.get(userId) ?? fallback ?? undefined);
    return { userId, ...(name ? { name } : {}), you: userId === viewerId };
  };

  const quizzes = deps.group.quizzes(chat, QUIZZES_SHOWN).map((quiz) => {
    const answers = stores.groupQuizzes.answers(quiz.id);
    const board = scoreboard(answers, quiz.seconds, quiz.speedBonus).map((line) => ({
      ...named(line.userId, line.name),
      rank: line.rank,
      points: line.points,
      correct: line.correct,
      answered: line.answered,
    }));
    return { ...quiz, board };
  });

  const byQuestion = new Map<string, GroupPage["questions"][number]>();
  for (const tally of deps.group.choiceTallies(chat)) {
    const question = lessons.question(tally.questionId);
    const row = byQuestion.get(tally.questionId) ?? {
      id: tally.questionId,
      step: tally.step,
      number: question?.number ?? 0,
      title: question?.title ?? tally.questionId,
      attempts: 0,
      correct: 0,
    };
    row.attempts += tally.count;
    if (tally.correct) row.correct += tally.count;
    else if (!row.commonWrong || tally.count > row.commonWrong.count) {
      const text = question?.choices[tally.choice as keyof typeof question.choices] ?? "";
      row.commonWrong = { choice: tally.choice, text, count: tally.count };
    }
    byQuestion.set(tally.questionId, row);
  }
  const questions = [...byQuestion.values()].sort(
    (a, b) =>
      a.correct / a.attempts - b.correct / b.attempts || b.attempts - a.attempts || a.id.localeCompare(b.id),
  );

  const now = clock.now();
  const streakRows = members
    .filter((member) => !hidden.has(member.userId) || member.userId === viewerId)
    .map((member) => {
      const streaks = userDayStreaks(stores, member.userId, now);
      return { ...named(member.userId), current: streaks.current, best: streaks.best };
    })
    .sort((a, b) => b.current - a.current || b.best - a.best || a.userId - b.userId);

  return { chat, viewerHidden: hidden.has(viewerId), quizzes, questions, members: streakRows };
}
