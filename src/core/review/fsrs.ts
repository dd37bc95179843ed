import {
  createEmptyCard,
  fsrs,
  generatorParameters,
  Rating,
  type Card,
  type FSRS,
  type Grade,
  type ReviewLog,
} from "ts-fsrs";
import { addDays } from "../time/zone.ts";

/**
 * Spaced review on FSRS (ts-fsrs). Every graded answer — solo, group or /review — goes through `review`:
 * - a wrong answer is Again: FSRS lowers the card's stability, and the question comes back the next day;
 * - a right answer is Good, or Easy when it came fast (see rating.ts), to a card that is due or new;
 * - a right answer before the card is due changes nothing, so answering again the same day after a mistake
 *   does not skip the wait, and practising a question does not count as its review;
 * - a second wrong answer on the day of a lapse changes nothing either (the question already comes back
 *   tomorrow).
 * Days are local dates in the user's time zone. FSRS's short-term (minutes) learning steps are off: a chat
 * bot asks at most once a day, so every interval is whole days and a card is never due twice in one day.
 */

export const DEFAULT_RETENTION = 0.9;
export const MIN_RETENTION = 0.7;
export const MAX_RETENTION = 0.97;

/** A user's card for one question, as stored. */
export interface ReviewCard {
  questionId: string;
  step: number;
  card: Card;
  /** The local date from which the card is due: what /review, reminders and /stats read. */
  dueOn: string;
  /** The local date of the last review, in the zone of that moment. */
  lastReviewOn?: string;
  lastRating?: Grade;
}

/** What one answer did to the question's card. */
export type ReviewOutcome =
  | { kind: "unchanged"; before?: ReviewCard }
  | {
      kind: "reviewed";
      rating: Grade;
      before?: ReviewCard;
      /** The card after the answer and the FSRS review log of it (the state before, and when). */
      after: ReviewCard;
      log: ReviewLog;
      /** Whole days until the question is due again. */
      intervalDays: number;
    };

export class ReviewScheduler {
  private readonly engine: FSRS;

  constructor(readonly retention: number = DEFAULT_RETENTION) {
    if (!(retention >= MIN_RETENTION && retention <= MAX_RETENTION)) {
      throw new RangeError(
        `retention must be between ${MIN_RETENTION} and ${MAX_RETENTION}, not ${retention}`,
      );
    }
    this.engine = fsrs(generatorParameters({ request_retention: retention, enable_short_term: false }));
  }

  /** Applies `rating` to the card (a new one when there is none) answered at `now` on local date `today`. */
  review(
    before: ReviewCard | undefined,
    question: { id: string; step: number },
    rating: Grade,
    now: Date,
    today: string,
  ): ReviewOutcome {
    if (before && !counts(before, rating, today)) return { kind: "unchanged", before };
    const start: Card = before ? before.card : createEmptyCard<Card>(now);
    const { card, log } = this.engine.next(start, now, rating);
    // A forgotten question comes back tomorrow, whatever stability FSRS now gives it.
    const intervalDays = rating === Rating.Again ? 1 : Math.max(1, card.scheduled_days);
    const scheduled: Card = {
      ...card,
      scheduled_days: intervalDays,
      due: new Date(now.getTime() + intervalDays * DAY),
    };
    return {
      kind: "reviewed",
      rating,
      ...(before ? { before } : {}),
      after: {
        questionId: question.id,
        step: question.step,
        card: scheduled,
        dueOn: addDays(today, intervalDays),
        lastReviewOn: today,
        lastRating: rating,
      },
      log,
      intervalDays,
    };
  }
}

const DAY = 86_400_000;

/** Whether an answer to an existing card is a review (see the rules at the top). */
function counts(before: ReviewCard, rating: Grade, today: string): boolean {
  if (before.dueOn <= today) return true;
  if (rating !== Rating.Again) return false;
  return !(before.lastReviewOn === today && before.lastRating === Rating.Again);
}

export const isDue = (card: ReviewCard, today: string): boolean => card.dueOn <= today;

/** Days between the last review and the due date: the interval the learner is on now. */
export const intervalOf = (card: ReviewCard): number => card.card.scheduled_days;
