import { CHOICE_KEYS, type ChoiceKey } from "../../lessons/schema.ts";
import { UserError } from "../errors.ts";
import { groupAlreadyAnswered, groupAnswerReceived, openGroupRound } from "../group-quiz/answers.ts";
import { refuseSoloDuringGroupQuiz } from "../group-quiz/solo-guard.ts";
import { pick } from "../i18n.ts";
import { renderGrade } from "../render/question.ts";
import { text } from "../reply.ts";
import { recordReview, withReviewNote } from "../review/record.ts";
import type { PromptRecord } from "../store/quiz.ts";
import { nextQuestion } from "./quiz.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const answerCommand: Command = {
  name: "answer",
  aliases: ["回答", "答え", "解答"],
  // 「答えはA」「回答はB」
  particleArgs: true,
  summary: { ja: "出題中の問題に答える(A〜D)", en: "Answer the current question (A-D)" },
  usage: [
    "/answer A   — 出題中の問題に答える / answer the question showing",
    "/answer A 2 — 問題 2 に答える(出題中のとき)/ answer question 2 (when it is showing)",
    "回答 A ・ 回答 A 2",
  ],
  options: [
    {
      name: "choice",
      type: "string",
      description: { ja: "選択肢", en: "your choice" },
      label: { ja: "答え(A〜D)", en: "your answer (A–D)" },
      required: true,
      choices: CHOICE_KEYS,
    },
    // Typed, the number of the question showing; on a tapped choice, the prompt the button belongs to.
    {
      name: "number",
      type: "integer",
      description: {
        ja: "問題番号(省略すると出題中の問題)",
        en: "question number (default: the one showing)",
      },
      label: { ja: "問題番号", en: "the question number" },
      min: 1,
      suffixes: ["問目", "番"],
    },
  ],
  privateInGroups: true,
  run(context, args) {
    const { stores, lessons, clock } = context.services;
    const choice = args.values.choice as ChoiceKey;
    const number = args.values.number as number | undefined;
    const prompt = context.message.isAction
      ? findPrompt(context, number)
      : typedTarget(context, findPrompt(context, undefined), number, choice);
    const question = lessons.question(prompt.questionId);
    if (!question) {
      throw new UserError("answer.question-gone", {
        ja: "この問題は現在のレッスンにありません。/quiz で新しい問題をどうぞ。",
        en: "That question is no longer in the lessons. Try /quiz for a new one.",
      });
    }
    const correct = choice === question.answer;
    // A group-quiz question takes answers only while its round is open, and grades them all at the end.
    const round = openGroupRound(context, prompt);
    // A solo grade is shown to the chat: not while a group quiz there could have the same question open.
    if (!round) refuseSoloDuringGroupQuiz(context);
    const now = clock.now();
    const shownAt = stores.quiz.shownAt(prompt.id);
    const timing = {
      promptId: prompt.id,
      ...(shownAt ? { answeredInMs: now.getTime() - shownAt.getTime() } : {}),
    };
    // Every graded answer (solo, group, review) is an FSRS review of the question's card, stored in the
    // same transaction as the answer itself.
    const attempt = { userId: context.userId, prompt, choice, correct, at: now };
    const review = stores.quiz.recordAttempt(attempt, () => recordReview(context, question, correct, timing));
    if (!review) {
      if (round) return groupAlreadyAnswered(context);
      const earlier = stores.quiz.attemptFor(prompt.id, context.userId);
      return [
        text(
          pick(context.locale, {
            ja: `この問題にはもう回答済みです(あなたの答え: ${earlier?.choice ?? "?"})。次の問題: /quiz`,
            en: `You already answered this question (you chose ${earlier?.choice ?? "?"}). Next: /quiz`,
          }),
        ),
      ];
    }
    if (round) return groupAnswerReceived(context, round);
    const lesson = lessons.step(question.step);
    const hasNext = lesson ? nextQuestion(context, lesson) !== undefined : false;
    const who = context.message.chatKind === "group" ? context.message.displayName : undefined;
    const graded = renderGrade(
      { question, choice, correct, hasNext, ...(who ? { who } : {}) },
      context.locale,
    );
    return withReviewNote(graded, review, context.locale);
  },
};

function findPrompt(context: CommandContext, promptId: number | undefined): PromptRecord {
  const { quiz } = context.services.stores;
  const { message } = context;
  const prompt =
    promptId !== undefined
      ? quiz.prompt(promptId)
      : (groupQuestionOnTheTable(context) ??
        quiz.latestPromptFor(context.userId, message.platform, message.chatId));
  if (prompt && prompt.platform === message.platform && prompt.chatId === message.chatId) return prompt;
  throw new UserError("answer.no-question", {
    ja: "答える問題がありません。/quiz で問題を出してから答えてください。",
    en: "There is no question to answer. Ask for one with /quiz first.",
  });
}

/**
 * A typed `/answer B 3` means question 3: it is answered when question 3 is the one showing. Otherwise the
 * user is told which one is, rather than that there is nothing to answer.
 */
function typedTarget(
  context: CommandContext,
  showing: PromptRecord,
  number: number | undefined,
  choice: ChoiceKey,
): PromptRecord {
  const question = context.services.lessons.question(showing.questionId);
  if (number === undefined || !question || question.number === number) return showing;
  const total = context.services.lessons.step(question.step)?.questions.length ?? question.number;
  const showingNow = {
    ja: `いま出ているのは問題 ${question.number} です(答えるなら /answer ${choice})。`,
    en: `Question ${question.number} is showing (to answer it: /answer ${choice}).`,
  };
  throw new UserError(
    "answer.other-question",
    number <= total
      ? {
          ja: `問題 ${number} はいま出ていません。${showingNow.ja}問題 ${number} を解くなら、先に /quiz ${question.step} ${number} で出してください。`,
          en: `Question ${number} is not showing. ${showingNow.en} For question ${number}, ask for it first with /quiz ${question.step} ${number}.`,
        }
      : {
          ja: `STEP ${question.step} の問題は 1〜${total} です。${showingNow.ja}`,
          en: `Step ${question.step} has questions 1-${total}. ${showingNow.en}`,
        },
  );
}

/** In a group chat with a quiz running, a typed answer (「回答 A」) answers the question on the table. */
function groupQuestionOnTheTable(context: CommandContext): PromptRecord | undefined {
  const { groupQuizzes, quiz } = context.services.stores;
  const { platform, chatId, chatKind } = context.message;
  if (chatKind !== "group") return undefined;
  const running = groupQuizzes.running(platform, chatId);
  const round = running && groupQuizzes.latestRound(running.id);
  return round && !round.closedAt ? quiz.prompt(round.promptId) : undefined;
}
