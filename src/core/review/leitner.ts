import { addDays } from "../time/zone.ts";

/**
 * Spaced review with Leitner boxes. Every graded answer (solo, group or /review) goes through `grade`:
 * - a wrong answer puts the question in box 1, due tomorrow (a new card, or back from any box);
 * - a right answer to a card that is due moves it up one box, due again after that box's interval;
 *   a right answer in the top box retires the card (learned);
 * - a right answer before the card is due changes nothing, so answering again the same day after a
 *   mistake does not skip the wait;
 * - questions never answered wrong have no card.
 * Days are local dates in the user's time zone.
 */

/** Days until the next review, for boxes 1..5. */
export const BOX_INTERVAL_DAYS = [1, 2, 4, 8, 16] as const;
export const TOP_BOX = BOX_INTERVAL_DAYS.length;

export interface Card {
  box: number;
  /** The local date from which the card is due. */
  dueOn: string;
}

export type Grade =
  /** Nothing changed: no card and a right answer, or a right answer before the card was due. */
  | { kind: "unchanged"; card?: Card }
  /** The card was (re)scheduled. `from` is the card before, if there was one. */
  | { kind: "scheduled"; card: Card; from?: Card }
  /** A right answer in the top box: the card leaves the review. */
  | { kind: "retired"; from: Card };

export const intervalOf = (box: number): number =>
  BOX_INTERVAL_DAYS[Math.min(Math.max(box, 1), TOP_BOX) - 1] ?? BOX_INTERVAL_DAYS[0];

export const isDue = (card: Card, today: string): boolean => card.dueOn <= today;

export function grade(card: Card | undefined, correct: boolean, today: string): Grade {
  if (!correct) {
    return {
      kind: "scheduled",
      card: { box: 1, dueOn: addDays(today, intervalOf(1)) },
      ...(card ? { from: card } : {}),
    };
  }
  if (!card || !isDue(card, today)) return card ? { kind: "unchanged", card } : { kind: "unchanged" };
  if (card.box >= TOP_BOX) return { kind: "retired", from: card };
  const box = card.box + 1;
  return { kind: "scheduled", card: { box, dueOn: addDays(today, intervalOf(box)) }, from: card };
}
