import { Rating } from "ts-fsrs";
import type { Question } from "../../lessons/lesson.ts";
import type { CommandContext } from "../context.ts";
import type { Locale } from "../conversation.ts";
import { count, pick } from "../i18n.ts";
import { choices, text, type Reply } from "../reply.ts";
import { localDate } from "../time/zone.ts";
import type { ReviewOutcome } from "./fsrs.ts";
import { ratingFor } from "./rating.ts";

export interface ReviewUpdate {
  outcome: ReviewOutcome;
  /** True when the answered card was due: this answer was a review. */
  wasReview: boolean;
  /** Cards still due after this answer. */
  dueLeft: number;
  /** The user's local date of the answer. */
  today: string;
}

export interface AnswerTiming {
  /** The prompt answered (kept in the review log). */
  promptId: number;
  /** From the question being put to the chat to the answer; undefined when unknown. */
  answeredInMs?: number;
}

/** Applies a graded answer to the question's FSRS card and logs the review (called from /answer). */
export function recordReview(
  context: CommandContext,
  question: Question,
  correct: boolean,
  timing: AnswerTiming,
): ReviewUpdate {
  const { stores, clock, review } = context.services;
  const now = clock.now();
  const today = localDate(now, stores.timeZones.get(context.userId));
  const before = stores.review.card(context.userId, question.id);
  const rating = ratingFor(correct, timing.answeredInMs, question);
  const outcome = review.review(before, question, rating, now, today);
  if (outcome.kind === "reviewed") {
    stores.review.save(
      context.userId,
      outcome.after,
      {
        ...outcome.log,
        promptId: timing.promptId,
        ...(timing.answeredInMs !== undefined ? { answeredInMs: Math.round(timing.answeredInMs) } : {}),
      },
      now,
    );
  }
  return {
    outcome,
    wasReview: before !== undefined && before.dueOn <= today,
    dueLeft: stores.review.counts(context.userId, today).due,
    today,
  };
}

/**
 * The graded answer with what it did to the question's review: a line before the buttons, and a "keep
 * reviewing" button when this answer was a review and more are due.
 */
export function withReviewNote(graded: Reply[], update: ReviewUpdate, locale: Locale): Reply[] {
  const note = reviewNote(update, locale);
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

function reviewNote(update: ReviewUpdate, locale: Locale): string | undefined {
  const { outcome } = update;
  if (outcome.kind !== "reviewed") return undefined;
  const days = outcome.intervalDays;
  if (outcome.rating === Rating.Again) {
    return pick(locale, {
      ja: "📚 この問題は明日もう一度復習します。",
      en: "📚 This question comes back for review tomorrow.",
    });
  }
  const fast =
    outcome.rating === Rating.Easy
      ? pick(locale, { ja: "⚡ すばやく正解!", en: "⚡ Quick and right! " })
      : "";
  const previous = outcome.before?.card.scheduled_days;
  const next = outcome.after.dueOn;
  if (previous !== undefined && update.wasReview) {
    return pick(locale, {
      ja: `📚 ${fast}復習の間隔 ${previous} 日 → ${days} 日。次の復習は ${next} です。`,
      en: `📚 ${fast}Review interval ${previous} → ${count(days, "day")}. Next review on ${next}.`,
    });
  }
  return pick(locale, {
    ja: `📚 ${fast}次の復習は ${days} 日後(${next})です。`,
    en: `📚 ${fast}Next review in ${count(days, "day")} (${next}).`,
  });
}
