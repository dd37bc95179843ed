import { pick } from "../i18n.ts";
import type { CommandContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { text, type Reply } from "../reply.ts";
import type { PromptRecord } from "../store/quiz.ts";
import type { Round } from "./store.ts";

/**
 * The group-quiz round a prompt belongs to, when it is one (undefined for solo and review prompts).
 * Throws a short notice when the round is over: its result is already out, so late answers do not count.
 */
export function openGroupRound(context: CommandContext, prompt: PromptRecord): Round | undefined {
  const round = context.services.stores.groupQuizzes.roundOf(prompt.id);
  if (!round) return undefined;
  const late = context.services.clock.now().getTime() > round.closesAt.getTime();
  if (round.closedAt || !round.quizRunning || late) {
    throw new UserError("group-quiz.closed", {
      ja: "⌛ この問題の回答は締め切られました。",
      en: "⌛ This question is closed.",
    });
  }
  return round;
}

const nameOf = (context: CommandContext): string | undefined => context.message.displayName;

/** A member's answer is in; the result comes when the time is up, so say nothing about right or wrong. */
export function groupAnswerReceived(context: CommandContext, round: Round): Reply[] {
  const count = context.services.stores.groupQuizzes.answerCount(round.promptId);
  const name = nameOf(context);
  return [
    text(
      pick(context.locale, {
        ja: `✋ ${name ? `${name} さんの` : ""}回答を受け付けました(${count} 人目)`,
        en: `✋ Got ${name ? `${name}'s` : "your"} answer (${count} so far)`,
      }),
    ),
  ];
}

/** A second tap on the same question. */
export function groupAlreadyAnswered(context: CommandContext): Reply[] {
  const name = nameOf(context);
  return [
    text(
      pick(context.locale, {
        ja: `${name ? `${name} さんは` : ""}この問題に回答済みです(1 人 1 回)。`,
        en: `${name ? `${name}, you` : "You"} already answered this one (one answer each).`,
      }),
    ),
  ];
}
