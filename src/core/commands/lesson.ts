import type { Lesson } from "../../lessons/lesson.ts";
import { SECTION_ID_MAX } from "../../lessons/schema.ts";
import { ArgumentError, UserError } from "../errors.ts";
import { renderContents, renderSection } from "../render/lesson.ts";
import { closest } from "../text/suggest.ts";
import type { CommandContext } from "../context.ts";
import { isTrainJobWord } from "./train.ts";
import type { Command } from "./types.ts";

export const lessonCommand: Command = {
  name: "lesson",
  // 「学習」「勉強」 are what a learner types to study: they open the lesson, never a training job.
  aliases: ["レッスン", "授業", "学習", "勉強"],
  summary: { ja: "レッスンを少しずつ読む(続きから)", en: "Read the lesson snippet by snippet (resumes)" },
  usage: [
    "/lesson             — 続きを表示 / show where you are",
    "/lesson next | prev — 次へ・前へ / next or previous snippet",
    "/lesson first       — このステップの最初へ / back to the step's first snippet",
    "/lesson 14          — STEP 14 を最初から / start step 14",
    "/lesson 14 2-1      — 節を開く / open a section by id",
    "/lesson 14 toc      — 目次 / contents",
    "レッスン 次 ・ レッスン 前 ・ レッスン 最初 ・ レッスン 目次 ・ レッスン 14 2-1",
  ],
  options: [
    {
      name: "step",
      type: "integer",
      description: { ja: "ステップ番号", en: "step number" },
      label: { ja: "ステップ番号", en: "the step number" },
      min: 1,
      autocomplete: "lesson-step",
    },
    {
      name: "go",
      type: "string",
      description: {
        ja: "next(次)/ prev(前)/ first(最初)/ toc(目次)/ 節のid(例 2-1)",
        en: "next / prev / first / toc / a section id (e.g. 2-1)",
      },
      label: { ja: "節のid", en: "the section id" },
      maxLength: SECTION_ID_MAX,
      choiceAliases: {
        次: "next",
        次へ: "next",
        つぎ: "next",
        続き: "next",
        前: "prev",
        前へ: "prev",
        まえ: "prev",
        戻る: "prev",
        back: "prev",
        目次: "toc",
        もくじ: "toc",
        contents: "toc",
        最初: "first",
        最初から: "first",
        はじめ: "first",
        はじめから: "first",
        始め: "first",
        始めから: "first",
        初め: "first",
        初めから: "first",
        start: "first",
      },
    },
  ],
  run(context, args) {
    const { stores, lessons, clock } = context.services;
    const position = stores.positions.get(context.userId);
    const stepArg = args.values.step as number | undefined;
    const go = (args.values.go as string | undefined)?.toLowerCase();
    const lesson =
      stepArg !== undefined
        ? findLesson(context, stepArg)
        : (lessons.step(position?.step ?? -1) ?? lessons.first);
    if (go === "toc") return renderContents(lesson, context.locale);

    // A saved position past the end of a lesson that has since been shortened reads as its last snippet.
    const last = lesson.sections.length - 1;
    const here =
      position?.step === lesson.step ? Math.max(0, Math.min(position.sectionIndex, last)) : undefined;
    const index = targetIndex(lesson, here, stepArg !== undefined, go);
    const section = lesson.sections[index];
    if (!section) throw new Error(`section index ${index} out of range in step ${lesson.step}`);
    stores.positions.set(context.userId, { step: lesson.step, sectionIndex: index }, clock.now());
    return renderSection(lesson, section, context.locale);
  },
};

function findLesson(context: CommandContext, step: number): Lesson {
  const lesson = context.services.lessons.step(step);
  if (lesson) return lesson;
  const available = context.services.lessons.steps.join(", ");
  throw new ArgumentError("lesson.unknown-step", {
    ja: `STEP ${step} のレッスンはまだありません。使えるステップ: ${available}`,
    en: `There is no lesson for step ${step} yet. Available steps: ${available}`,
  });
}

function targetIndex(
  lesson: Lesson,
  here: number | undefined,
  stepGiven: boolean,
  go: string | undefined,
): number {
  const last = lesson.sections.length - 1;
  if (go === undefined) return stepGiven || here === undefined ? 0 : here;
  if (go === "first") return 0;
  if (go === "next") {
    if (here === undefined) return 0;
    if (here >= last) throw endOf(lesson, "end");
    return here + 1;
  }
  if (go === "prev") {
    if (here === undefined || here === 0) throw endOf(lesson, "start");
    return here - 1;
  }
  // Section ids are lower-case letters, digits and "-"; a Japanese IME types the dash as 「ー」「−」「‐」.
  const id = go.toLowerCase().replace(/[‐‑‒–—―−ー]/g, "-");
  const section = lesson.sections.find((candidate) => candidate.id === id);
  if (section) return section.index;
  const guess = closest(
    go,
    lesson.sections.map((candidate) => candidate.id),
  );
  // 「学習 状況」: 学習 opens the lesson; the training job's words belong to 「トレーニング」.
  if (isTrainJobWord(go)) {
    throw new ArgumentError("lesson.train-word", {
      ja: `レッスンに「${go}」という節はありません。モデルの訓練ジョブのことなら「トレーニング ${go}」(/train ${go})と送ってください。`,
      en: `The lesson has no section "${go}". For your training jobs, send /train ${go}.`,
    });
  }
  throw new ArgumentError("lesson.unknown-section", {
    ja: `「${go}」という節はありません。${guess ? `もしかして /lesson ${lesson.step} ${guess} ですか?` : ""}目次: /lesson ${lesson.step} toc`,
    en: `No section "${go}".${guess ? ` Did you mean /lesson ${lesson.step} ${guess}?` : ""} Contents: /lesson ${lesson.step} toc`,
  });
}

function endOf(lesson: Lesson, where: "start" | "end"): UserError {
  return where === "end"
    ? new UserError("lesson.at-end", {
        ja: `STEP ${lesson.step} の最後まで読みました 🎉 練習問題: /quiz ${lesson.step} ・目次: /lesson ${lesson.step} toc`,
        en: `You reached the end of step ${lesson.step} 🎉 Practice: /quiz ${lesson.step} · Contents: /lesson ${lesson.step} toc`,
      })
    : new UserError("lesson.at-start", {
        ja: `ここが STEP ${lesson.step} の最初です。次へ: /lesson next`,
        en: `This is the start of step ${lesson.step}. Next: /lesson next`,
      });
}
