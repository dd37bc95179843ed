import type { ApplicationCommandOptionChoiceData } from "discord.js";
import type { OptionSpec } from "../../core/commands/types.ts";
import type { LessonCatalog } from "../../lessons/catalog.ts";
import { clip } from "../shared/text.ts";
import { LIMITS } from "./limits.ts";

/** Suggestions for an option as the user types it, by the option's autocomplete hint. */
export function suggestionsFor(
  spec: OptionSpec | undefined,
  typed: string,
  lessons: LessonCatalog,
): ApplicationCommandOptionChoiceData<number>[] {
  if (spec?.autocomplete !== "lesson-step") return [];
  return lessonSteps(lessons, typed);
}

/** The catalog's steps whose number starts with, or whose title contains, what was typed. */
export function lessonSteps(
  lessons: LessonCatalog,
  typed: string,
): ApplicationCommandOptionChoiceData<number>[] {
  const query = typed.trim().toLowerCase();
  return lessons.lessons
    .filter(
      (lesson) =>
        !query || String(lesson.step).startsWith(query) || lesson.title.toLowerCase().includes(query),
    )
    .slice(0, LIMITS.autocompleteChoices)
    .map((lesson) => ({
      name: clip(`STEP ${lesson.step}: ${lesson.title}`, LIMITS.choiceName),
      value: lesson.step,
    }));
}
