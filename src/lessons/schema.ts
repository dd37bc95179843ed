import { z } from "zod";

/** The shape of one lesson file (`src/lessons/steps/*.yaml`). See README "Lesson files". */

export const CHOICE_KEYS = ["A", "B", "C", "D"] as const;
export type ChoiceKey = (typeof CHOICE_KEYS)[number];

export const DIFFICULTIES = ["やさしい", "ふつう", "むずかしい"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Words `/lesson` reads as navigation, so no section may be called so. */
export const NAVIGATION_WORDS = ["next", "prev", "first", "start", "toc", "back", "contents"] as const;
/** `/lesson`'s section argument takes at most this many characters (buttons carry the id). */
export const SECTION_ID_MAX = 20;

const sectionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "section id: lower-case letters, digits and '-' (e.g. 1-2, summary)")
  .max(SECTION_ID_MAX, `section id: at most ${SECTION_ID_MAX} characters (/lesson takes no more)`)
  .refine((id) => !(NAVIGATION_WORDS as readonly string[]).includes(id), {
    message: `section id: ${NAVIGATION_WORDS.join(", ")} are /lesson's navigation words`,
  });

export const sectionSchema = z.object({
  id: sectionId,
  /** The numbered chapter this snippet belongs to, e.g. "😰 1. 過学習(Overfitting)とは?". */
  chapter: z.string().min(1).optional(),
  title: z.string().min(1),
  /** Markdown-ish text: paragraphs, "- " bullets, and fenced blocks (```python for code, ```text for diagrams/output). */
  body: z.string().min(1),
});

export const questionSchema = z.object({
  id: z.string().regex(/^\d+-\d+$/, "question id: '<step>-<number>', e.g. 14-1"),
  difficulty: z.enum(DIFFICULTIES),
  title: z.string().min(1),
  prompt: z.string().min(1),
  choices: z
    .object({ A: z.string().min(1), B: z.string().min(1), C: z.string().min(1), D: z.string().min(1) })
    .strict(),
  answer: z.string(),
  /** The one-line heading of the explanation, e.g. 「ドロップアウトは訓練時のみ適用」. */
  explanationTitle: z.string().min(1),
  explanation: z.string().min(1),
  /** The id of the section this question tests (where to re-read when wrong). */
  section: sectionId,
});

export const lessonSchema = z.object({
  step: z.number().int().positive(),
  course: z.string().min(1),
  title: z.string().min(1),
  tagline: z.string().min(1),
  sections: z.array(sectionSchema).min(1),
  questions: z.array(questionSchema),
});

export type LessonFile = z.infer<typeof lessonSchema>;
export type SectionFile = z.infer<typeof sectionSchema>;
export type QuestionFile = z.infer<typeof questionSchema>;
