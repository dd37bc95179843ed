import type { Lesson, Question } from "../../lessons/lesson.ts";
import { ArgumentError, UserError } from "../errors.ts";
import { renderQuestion } from "../render/question.ts";
import {
  MAX_ROUND_SECONDS,
  MIN_ROUND_SECONDS,
  startGroupQuiz,
  stopGroupQuiz,
} from "../group-quiz/commands.ts";
import { runQuizSchedule, SCHEDULE_SUBCOMMAND } from "../group-quiz/schedule-command.ts";
import { refuseSoloDuringGroupQuiz } from "../group-quiz/solo-guard.ts";
import { count, pick } from "../i18n.ts";
import { choices, text, type Reply } from "../reply.ts";
import type { CommandContext } from "../context.ts";
import type { Command, OptionSpec } from "./types.ts";

const STEP_OPTION: OptionSpec = {
  name: "step",
  type: "integer",
  description: { ja: "ステップ番号", en: "step number" },
  label: { ja: "ステップ番号", en: "the step number" },
  min: 1,
  autocomplete: "lesson-step",
};
const NUMBER_OPTION: OptionSpec = {
  name: "number",
  type: "integer",
  description: { ja: "問題番号", en: "question number" },
  label: { ja: "問題番号", en: "the question number" },
  min: 1,
  suffixes: ["問目", "番"],
};

export const quizCommand: Command = {
  name: "quiz",
  aliases: ["クイズ", "問題", "練習問題"],
  summary: {
    ja: "練習問題に答える(まだ解いていない問題から)",
    en: "Answer practice questions (next unanswered first)",
  },
  usage: [
    "/quiz          — 次の問題 / next question of your current step",
    "/quiz 14       — STEP 14 の次の問題 / next question of step 14",
    "/quiz 14 3     — 問題3 / question 3 of step 14",
    "/quiz group 14 30 — グループで全問(1 問 30 秒)/ group quiz, 30 s per question",
    "/quiz group 14 60 bonus=off — スピードボーナスなし / without the speed bonus",
    "/quiz stop     — グループクイズを終了(始めた人・管理者)/ end the group quiz (its starter or a moderator)",
    "/quiz schedule 20:00 weekdays questions=3 seconds=60 — 定期クイズ(「定期クイズ 20時 平日」)/ a scheduled group quiz",
    "/quiz schedule · /quiz schedule off — 定期クイズの確認・停止 / show or stop it",
    "クイズ ・ クイズ 14 3 ・ クイズ グループ 14 30秒 ・ クイズ 終了",
    "グループクイズはグループ(Discord のチャンネル、LINE のグループ)で / group quizzes need a group chat",
  ],
  wordSubcommands: { 定期クイズ: "schedule" },
  // "solo" is the default, so `/quiz`, `/quiz 14` and `/quiz 14 3` ask a question of one's own.
  subcommands: [
    {
      name: "solo",
      aliases: ["ひとり", "一人", "ソロ", "次", "つぎ"],
      description: { ja: "ひとりで解く", en: "practise alone" },
      options: [STEP_OPTION, NUMBER_OPTION],
    },
    {
      name: "group",
      aliases: ["グループ", "みんな", "みんなで", "全員"],
      description: {
        ja: "グループでみんなで解く(時間制限つき)",
        en: "play with the whole group chat (timed)",
      },
      options: [
        STEP_OPTION,
        {
          name: "seconds",
          type: "integer",
          description: { ja: "1 問の制限時間(秒)", en: "seconds per question" },
          label: { ja: "1 問の制限時間(秒)", en: "the seconds per question" },
          suffixes: ["秒", "秒間", "s", "sec"],
          min: MIN_ROUND_SECONDS,
          max: MAX_ROUND_SECONDS,
        },
        {
          name: "bonus",
          type: "string",
          description: {
            ja: "スピードボーナス(早い正解に +1 点)on / off",
            en: "speed bonus (+1 for a fast right answer): on / off",
          },
          label: { ja: "スピードボーナス", en: "the speed bonus" },
          choices: ["on", "off"],
          choiceAliases: {
            ボーナスあり: "on",
            ボーナスなし: "off",
            あり: "on",
            なし: "off",
            yes: "on",
            no: "off",
          },
        },
      ],
    },
    {
      name: "stop",
      aliases: ["終了", "終わり", "おわり", "ストップ", "やめる", "中止"],
      description: { ja: "グループクイズを終了する", en: "end the group quiz" },
      options: [],
    },
    SCHEDULE_SUBCOMMAND,
  ],
  defaultSubcommand: "solo",
  run(context, args) {
    if (args.subcommand === "stop") return stopGroupQuiz(context);
    if (args.subcommand === "schedule") return runQuizSchedule(context, args);
    const lesson = lessonFor(context, args.values.step as number | undefined);
    if (args.subcommand === "group") return startGroupQuiz(context, lesson, args);
    refuseSoloDuringGroupQuiz(context);
    if (lesson.questions.length === 0) {
      throw new UserError("quiz.no-questions", {
        ja: `STEP ${lesson.step} には練習問題がありません。`,
        en: `Step ${lesson.step} has no practice questions.`,
      });
    }
    const number = args.values.number as number | undefined;
    if (number !== undefined) return ask(context, lesson, byNumber(lesson, number));
    const question = nextQuestion(context, lesson);
    if (!question) return allCorrect(lesson, context);
    return [...retryNote(context, lesson, question), ...ask(context, lesson, question)];
  },
};

/** Puts a question to the chat: records the prompt so taps and typed answers find it. */
export function ask(context: CommandContext, lesson: Lesson, question: Question): Reply[] {
  const { message } = context;
  const prompt = context.services.stores.quiz.createPrompt(
    {
      questionId: question.id,
      step: question.step,
      platform: message.platform,
      chatId: message.chatId,
      askedBy: context.userId,
    },
    context.services.clock.now(),
  );
  return renderQuestion(question, lesson.questions.length, prompt.id, context.locale);
}

/** The lesson of `step`, or of the user's saved position (the first lesson when that step is gone). */
export function lessonFor(context: CommandContext, step: number | undefined): Lesson {
  const { lessons, stores } = context.services;
  if (step === undefined) {
    const saved = stores.positions.get(context.userId)?.step;
    return (saved !== undefined ? lessons.step(saved) : undefined) ?? lessons.first;
  }
  const lesson = lessons.step(step);
  if (lesson) return lesson;
  throw new ArgumentError("lesson.unknown-step", {
    ja: `STEP ${step} のレッスンはまだありません。使えるステップ: ${lessons.steps.join(", ")}`,
    en: `There is no lesson for step ${step} yet. Available steps: ${lessons.steps.join(", ")}`,
  });
}

function byNumber(lesson: Lesson, number: number): Question {
  const question = lesson.questions[number - 1];
  if (question) return question;
  throw new ArgumentError("quiz.unknown-number", {
    ja: `STEP ${lesson.step} の問題は 1〜${lesson.questions.length} です。`,
    en: `Step ${lesson.step} has questions 1-${lesson.questions.length}.`,
  });
}

/** The first question never answered; then the first whose latest answer was wrong; none when all are right. */
export function nextQuestion(context: CommandContext, lesson: Lesson): Question | undefined {
  const results = context.services.stores.quiz.latestResults(context.userId, lesson.step);
  return (
    lesson.questions.find((question) => !results.has(question.id)) ??
    lesson.questions.find((question) => results.get(question.id) === false)
  );
}

/** Once every question was answered, the next ones are those got wrong: say so before asking one. */
function retryNote(context: CommandContext, lesson: Lesson, question: Question): Reply[] {
  const results = context.services.stores.quiz.latestResults(context.userId, lesson.step);
  if (results.get(question.id) !== false) return [];
  const missed = lesson.questions.filter((candidate) => results.get(candidate.id) === false).length;
  return [
    text(
      pick(context.locale, {
        ja: `🔁 STEP ${lesson.step} の問題はすべて解きました。まだ正解していない問題(${missed} 問)にもう一度挑戦しましょう。`,
        en: `🔁 You have answered every question of step ${lesson.step}. Now once more, the ${count(missed, "question")} you got wrong.`,
      }),
    ),
  ];
}

function allCorrect(lesson: Lesson, context: CommandContext): Reply[] {
  const { locale } = context;
  return [
    text(
      pick(locale, {
        ja: `🎉 STEP ${lesson.step} の練習問題はすべて正解済みです!もう一度解くには問題番号を指定してください(例: /quiz ${lesson.step} 1)。`,
        en: `🎉 You have answered every question of step ${lesson.step} correctly! To try one again, give its number (e.g. /quiz ${lesson.step} 1).`,
      }),
    ),
    choices(
      "",
      lesson.questions.map((question) => ({
        label: `${pick(locale, { ja: "問題", en: "Q" })}${question.number}`,
        action: `/quiz ${lesson.step} ${question.number}`,
      })),
    ),
  ];
}
