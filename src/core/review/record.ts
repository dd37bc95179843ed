import type { Question } from "../../lessons/lesson.ts";
import type { CommandContext } from "../commands/types.ts";
import type { Locale } from "../conversation.ts";
import { count, pick } from "../i18n.ts";
import { choices, text, type Reply } from "../reply.ts";
import { daysBetween, localDate } from "../time/zone.ts";
import { grade, type Grade } from "./leitner.ts";

export interface ReviewUpdate {
  grade: Grade;
  /** True when the answered card was due: this answer was a review. */
  wasReview: boolean;
  /** Cards still due after this answer. */
  dueLeft: number;
  /** The user's local date of the answer. */
  today: string;
}

/** Moves the question's card between Leitner boxes after a graded answer (called from /answer). */
export function recordReview(context: CommandContext, question: Question, correct: boolean): ReviewUpdate {
  const { stores, clock } = context.services;
  const now = clock.now();
  const today = localDate(now, stores.timeZones.get(context.userId));
  const before = stores.review.card(context.userId, question.id);
  const result = grade(before, correct, today);
  if (result.kind === "scheduled")
    stores.review.save(context.userId, question.id, question.step, result.card, now);
  if (result.kind === "retired") stores.review.remove(context.userId, question.id);
  return {
    grade: result,
    wasReview: before !== undefined && before.dueOn <= today,
    dueLeft: stores.review.counts(context.userId, today).due,
    today,
  };
}

/**
 * The graded answer with where the question went in the review: a line before the buttons, and a
 * "keep reviewing" button when this answer was a review and more are due.
 */
export function withReviewNote(graded: Reply[], update: ReviewUpdate, locale: Locale): Reply[] {
  const { grade: result, today } = update;
  const note =
    result.kind === "retired"
      ? pick(locale, {
          ja: "🎓 復習完了!この問題は覚えました。",
          en: "🎓 Review complete: you have learned this one.",
        })
      : result.kind !== "scheduled"
        ? undefined
        : result.card.box === 1
          ? pick(locale, {
              ja: "📚 この問題は明日の復習に入りました(ボックス 1)。",
              en: "📚 This question comes back for review tomorrow (box 1).",
            })
          : pick(locale, {
              ja: `📚 復習ボックス ${result.from?.box ?? 1} → ${result.card.box}。次の復習は ${daysBetween(today, result.card.dueOn)} 日後です。`,
              en: `📚 Review box ${result.from?.box ?? 1} → ${result.card.box}. Next review in ${count(daysBetween(today, result.card.dueOn), "day")}.`,
            });
  const more =
    update.wasReview && update.dueLeft > 0
      ? [
          {
            label: pick(locale, {
              ja: `📚 復習を続ける(あと ${update.dueLeft})`,
              en: `📚 Keep reviewing (${update.dueLeft} due)`,
            }),
            action: "/review",
          },
        ]
      : [];
  const last = graded.at(-1);
  const buttons = last?.kind === "choices" ? last : undefined;
  const body = buttons ? graded.slice(0, -1) : graded;
  const allButtons = [...(buttons?.choices ?? []), ...more];
  return [
    ...body,
    ...(note ? [text(note)] : []),
    ...(allButtons.length > 0 ? [choices(buttons?.prompt ?? "", allButtons)] : []),
  ];
}
