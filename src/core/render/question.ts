import type { Question } from "../../lessons/lesson.ts";
import { CHOICE_KEYS, type Difficulty } from "../../lessons/schema.ts";
import type { Locale } from "../conversation.ts";
import { pick, type Localized } from "../i18n.ts";
import { choices, text, type Reply } from "../reply.ts";
import { blocksToReplies } from "./blocks.ts";

/** The action a tapped choice sends: the answer and the prompt it belongs to. */
export const answerAction = (choice: string, promptId: number): string => `/answer ${choice} ${promptId}`;

/** The course writes difficulties in Japanese; an English reader gets them in English. */
const DIFFICULTY: Readonly<Record<Difficulty, Localized>> = {
  やさしい: { ja: "やさしい", en: "easy" },
  ふつう: { ja: "ふつう", en: "medium" },
  むずかしい: { ja: "むずかしい", en: "hard" },
};

export function renderQuestion(question: Question, total: number, promptId: number, locale: Locale): Reply[] {
  const label = pick(locale, { ja: "問題", en: "Question" });
  const difficulty = pick(locale, DIFFICULTY[question.difficulty]);
  const header = `📝 ${label} ${question.number}/${total}  [${difficulty}]  ${question.title}`;
  const options = CHOICE_KEYS.map((key) => `${key}. ${question.choices[key]}`).join("\n");
  const hint = pick(locale, {
    ja: "ボタンで答えるか、/answer A(または「回答 A」)のように送ってください。",
    en: "Tap a choice, or type e.g. /answer A.",
  });
  return [
    text(`${header}\n\n${question.prompt}\n\n${options}`),
    choices(
      hint,
      CHOICE_KEYS.map((key) => ({ label: key, action: answerAction(key, promptId) })),
    ),
  ];
}

export interface GradeView {
  question: Question;
  choice: string;
  correct: boolean;
  /** Shown in group chats so everyone sees whose answer this is. */
  who?: string;
  hasNext: boolean;
}

/** ✅/❌, the correct answer, the explanation, and where to re-read when wrong. */
export function renderGrade(view: GradeView, locale: Locale): Reply[] {
  const { question, correct } = view;
  const answerText = `${question.answer}. ${question.choices[question.answer]}`;
  const who = view.who ? `${view.who}: ` : "";
  const verdict = correct
    ? pick(locale, { ja: `✅ ${who}正解!(${answerText})`, en: `✅ ${who}Correct! (${answerText})` })
    : pick(locale, {
        ja: `❌ ${who}不正解… あなたの答え: ${view.choice} / 正解: ${answerText}`,
        en: `❌ ${who}Not quite. You chose ${view.choice}; the answer is ${answerText}`,
      });
  const replies: Reply[] = [
    text(`${verdict}\n\n💡 ${question.explanationTitle}`),
    ...blocksToReplies(question.explanation),
  ];
  const reread = `/lesson ${question.step} ${question.section.id}`;
  if (!correct) {
    replies.push(
      text(
        pick(locale, {
          ja: `📖 復習: 「${question.section.title}」を読み直しましょう → ${reread}`,
          en: `📖 Review "${question.section.title}" → ${reread}`,
        }),
      ),
    );
  }
  const next = view.hasNext
    ? [{ label: pick(locale, { ja: "次の問題 ▶", en: "Next question ▶" }), action: `/quiz ${question.step}` }]
    : [];
  const review = correct
    ? []
    : [{ label: pick(locale, { ja: "📖 読み直す", en: "📖 Re-read" }), action: reread }];
  if (next.length + review.length > 0) replies.push(choices("", [...next, ...review]));
  return replies;
}
