import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { parseBlocks, type Block } from "./blocks.ts";
import type { Lesson, Question, Section } from "./lesson.ts";
import { CHOICE_KEYS, lessonSchema, type ChoiceKey, type LessonFile } from "./schema.ts";

export const LESSONS_DIR = fileURLToPath(new URL("./steps/", import.meta.url));

/** A lesson file that cannot be used; names the file and the field so an editor can fix it. */
export class LessonFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
    this.name = "LessonFileError";
  }
}

/** Loads and validates every `*.yaml` lesson in `dir`; throws LessonFileError on the first problem. */
export function loadLessons(dir: string = LESSONS_DIR): Lesson[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
  const lessons = files.map((name) => loadLessonFile(join(dir, name)));
  const seenSteps = new Map<number, string>();
  const seenQuestions = new Map<string, string>();
  for (const lesson of lessons) {
    const other = seenSteps.get(lesson.step);
    if (other)
      throw new LessonFileError(lesson.file, "step", `step ${lesson.step} is also defined in ${other}`);
    seenSteps.set(lesson.step, lesson.file);
    lesson.questions.forEach((question, index) => {
      const owner = seenQuestions.get(question.id);
      if (owner) {
        throw new LessonFileError(
          lesson.file,
          `questions[${index}].id`,
          `duplicate question id "${question.id}" (also in ${owner})`,
        );
      }
      seenQuestions.set(question.id, lesson.file);
    });
  }
  return lessons.sort((a, b) => a.step - b.step);
}

export function loadLessonFile(path: string): Lesson {
  const file = basename(path);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new LessonFileError(file, "(file)", `not valid YAML: ${(error as Error).message}`);
  }
  const parsed = lessonSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? formatPath(issue.path) : "(root)";
    throw new LessonFileError(file, field, issue?.message ?? "invalid");
  }
  return buildLesson(file, parsed.data);
}

function buildLesson(file: string, data: LessonFile): Lesson {
  const sections: Section[] = [];
  const byId = new Map<string, Section>();
  data.sections.forEach((raw, index) => {
    if (byId.has(raw.id)) {
      throw new LessonFileError(file, `sections[${index}].id`, `duplicate section id "${raw.id}"`);
    }
    const section: Section = {
      id: raw.id,
      index,
      title: raw.title,
      blocks: blocksOf(file, `sections[${index}].body`, raw.body),
      ...(raw.chapter ? { chapter: raw.chapter } : {}),
    };
    sections.push(section);
    byId.set(raw.id, section);
  });

  const questionIds = new Set<string>();
  const questions: Question[] = data.questions.map((raw, index) => {
    const field = (name: string) => `questions[${index}].${name}`;
    if (questionIds.has(raw.id)) {
      throw new LessonFileError(file, field("id"), `duplicate question id "${raw.id}"`);
    }
    questionIds.add(raw.id);
    if (!raw.id.startsWith(`${data.step}-`)) {
      throw new LessonFileError(
        file,
        field("id"),
        `"${raw.id}" must start with the step number "${data.step}-"`,
      );
    }
    if (!isChoiceKey(raw.answer)) {
      throw new LessonFileError(
        file,
        field("answer"),
        `"${raw.answer}" is not among the choices ${CHOICE_KEYS.join(", ")}`,
      );
    }
    const section = byId.get(raw.section);
    if (!section) {
      throw new LessonFileError(file, field("section"), `unknown section "${raw.section}"`);
    }
    return {
      id: raw.id,
      step: data.step,
      number: index + 1,
      difficulty: raw.difficulty,
      title: raw.title,
      prompt: raw.prompt,
      choices: raw.choices,
      answer: raw.answer,
      explanationTitle: raw.explanationTitle,
      explanation: blocksOf(file, field("explanation"), raw.explanation),
      section,
    };
  });

  return {
    step: data.step,
    course: data.course,
    title: data.title,
    tagline: data.tagline,
    file,
    sections,
    questions,
  };
}

function blocksOf(file: string, field: string, body: string): Block[] {
  try {
    return parseBlocks(body);
  } catch (error) {
    throw new LessonFileError(file, field, (error as Error).message);
  }
}

const isChoiceKey = (value: string): value is ChoiceKey => (CHOICE_KEYS as readonly string[]).includes(value);

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}
