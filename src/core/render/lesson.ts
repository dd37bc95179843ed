import type { Lesson, Section } from "../../lessons/lesson.ts";
import type { Locale } from "../conversation.ts";
import { choices, text, type Reply } from "../reply.ts";
import { blocksToReplies } from "./blocks.ts";

/** One lesson snippet: its heading with where it sits, its blocks, and buttons to move on. */
export function renderSection(lesson: Lesson, section: Section, locale: Locale): Reply[] {
  const position = `(${section.index + 1}/${lesson.sections.length})`;
  const heading = [
    `📘 STEP ${lesson.step}: ${lesson.title} ${position}`,
    section.chapter ? `${section.chapter}` : undefined,
    `■ ${section.title}`,
  ]
    .filter(Boolean)
    .join("\n");
  // Each button names the snippet it opens, so it moves on from this one, whoever taps it and whenever.
  const previous = lesson.sections[section.index - 1];
  const next = lesson.sections[section.index + 1];
  const nav = [
    ...(previous
      ? [{ label: locale === "ja" ? "◀ 前へ" : "◀ Back", action: `/lesson ${lesson.step} ${previous.id}` }]
      : []),
    ...(next
      ? [{ label: locale === "ja" ? "次へ ▶" : "Next ▶", action: `/lesson ${lesson.step} ${next.id}` }]
      : []),
    ...(lesson.questions.length > 0
      ? [{ label: locale === "ja" ? "📝 練習問題" : "📝 Quiz", action: `/quiz ${lesson.step}` }]
      : []),
  ];
  const footer = !next
    ? locale === "ja"
      ? "🎉 このステップの最後です。練習問題に挑戦しましょう: /quiz"
      : "🎉 End of this step. Try the practice questions: /quiz"
    : locale === "ja"
      ? "続きは /lesson next(前は /lesson prev)"
      : "Continue with /lesson next (back: /lesson prev)";
  return [text(heading), ...blocksToReplies(section.blocks), choices(footer, nav)];
}

/** The table of contents of a step: each snippet's id and title. */
export function renderContents(lesson: Lesson, locale: Locale): Reply[] {
  const lines = lesson.sections.map((section) => `${section.id.padEnd(9)} ${section.title}`);
  const intro =
    locale === "ja"
      ? `📘 STEP ${lesson.step}: ${lesson.title}\n${lesson.tagline}\n\n目次(/lesson ${lesson.step} <id> で開く):`
      : `📘 STEP ${lesson.step}: ${lesson.title}\n${lesson.tagline}\n\nContents (open one with /lesson ${lesson.step} <id>):`;
  return [text(intro), { kind: "code", language: "text", code: lines.join("\n") }];
}
