import { Rating, type Grade } from "ts-fsrs";
import { CHOICE_KEYS } from "../../lessons/schema.ts";
import type { Question } from "../../lessons/lesson.ts";

/**
 * How an answer is graded for FSRS: wrong → Again; right → Good, or Easy when it came fast.
 *
 * "Fast" is measured from the moment the question was put to the chat (its prompt was created) to the
 * answer, and allowed for the question's length: the time to read the prompt and the four choices at about
 * 8 characters a second (an adult's pace in Japanese, ~480 a minute), plus 5 seconds to decide and tap,
 * kept between 8 and 40 seconds. An answer within that came without hesitation: the learner knew it. An
 * answer whose timing is unknown, or typed long after the question was shown, is Good.
 */
const READ_CHARS_PER_SECOND = 8;
const DECIDE_MS = 5_000;
const FAST_MIN_MS = 8_000;
const FAST_MAX_MS = 40_000;

/** The longest time from question to a right answer that still counts as fast, for this question. */
export function fastAnswerLimitMs(question: Pick<Question, "prompt" | "choices">): number {
  const characters = [question.prompt, ...CHOICE_KEYS.map((key) => question.choices[key])].reduce(
    (sum, part) => sum + [...part].length,
    0,
  );
  const limit = (characters / READ_CHARS_PER_SECOND) * 1000 + DECIDE_MS;
  return Math.round(Math.min(FAST_MAX_MS, Math.max(FAST_MIN_MS, limit)));
}

export function ratingFor(
  correct: boolean,
  answeredInMs: number | undefined,
  question: Pick<Question, "prompt" | "choices">,
): Grade {
  if (!correct) return Rating.Again;
  const fast = answeredInMs !== undefined && answeredInMs >= 0 && answeredInMs <= fastAnswerLimitMs(question);
  return fast ? Rating.Easy : Rating.Good;
}
