import type { Question } from "../../lessons/lesson.ts";
import type { ChatQuestionRecord } from "./history-store.ts";

/**
 * The questions of a scheduled quiz, `count` of them from the lesson:
 * 1. those the chat has got wrong more often than right, the most wrong answers first;
 * 2. then those never put to the chat, in lesson order;
 * 3. then the rest, the longest since last asked first.
 * A question the group keeps missing comes back until it gets it right more often than not; the pick is
 * shown in lesson order, as the questions build on each other.
 */
export function pickQuestions(
  questions: readonly Question[],
  history: readonly ChatQuestionRecord[],
  count: number,
): Question[] {
  const records = new Map(history.map((record) => [record.questionId, record]));
  const missed = questions
    .filter((question) => {
      const record = records.get(question.id);
      return record !== undefined && record.wrong > record.right;
    })
    .sort((a, b) => (records.get(b.id)?.wrong ?? 0) - (records.get(a.id)?.wrong ?? 0));
  const unseen = questions.filter((question) => !records.has(question.id));
  const rest = questions
    .filter((question) => records.has(question.id) && !missed.includes(question))
    .sort(
      (a, b) =>
        (records.get(a.id)?.lastAskedAt.getTime() ?? 0) - (records.get(b.id)?.lastAskedAt.getTime() ?? 0),
    );
  const chosen = new Set([...missed, ...unseen, ...rest].slice(0, count));
  return questions.filter((question) => chosen.has(question));
}
