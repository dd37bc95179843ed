import type { Lesson, Section } from "../../lessons/lesson.ts";
import type { Locale } from "../conversation.ts";
import { pick } from "../i18n.ts";
import { choices, text, type Choice, type Reply } from "../reply.ts";
import { padColumns } from "../text/graphemes.ts";
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
  const next = lesson.sections[section.index + 1];
  const footer = !next
    ? pick(locale, {
        ja: "🎉 このステップの最後です。練習問題に挑戦しましょう: /quiz",
        en: "🎉 End of this step. Try the practice questions: /quiz",
      })
    : pick(locale, {
        ja: "続きは /lesson next(前は /lesson prev)",
        en: "Continue with /lesson next (back: /lesson prev)",
      });
  return [
    text(heading),
    ...blocksToReplies(section.blocks),
    choices(footer, navigation(lesson, section, locale)),
  ];
}

/**
 * The buttons under a snippet, in one order everywhere: the way forward first (the next snippet, or the
 * quiz after the last), then the quiz, then back. Whoever taps the first button keeps reading, on every
 * snippet. Each names the snippet it opens, so it works from any later point too.
 */
function navigation(lesson: Lesson, section: Section, locale: Locale): Choice[] {
  const previous = lesson.sections[section.index - 1];
  const next = lesson.sections[section.index + 1];
  const quiz =
    lesson.questions.length > 0
      ? [{ label: pick(locale, { ja: "📝 練習問題", en: "📝 Quiz" }), action: `/quiz ${lesson.step}` }]
      : [];
  return [
    ...(next
      ? [{ label: pick(locale, { ja: "次へ ▶", en: "Next ▶" }), action: `/lesson ${lesson.step} ${next.id}` }]
      : []),
    ...quiz,
    ...(previous
      ? [
          {
            label: pick(locale, { ja: "◀ 前へ", en: "◀ Back" }),
            action: `/lesson ${lesson.step} ${previous.id}`,
          },
        ]
      : []),
  ];
}

/** The table of contents of a step: each snippet's id and title. */
export function renderContents(lesson: Lesson, locale: Locale): Reply[] {
  const width = Math.max(...lesson.sections.map((section) => section.id.length)) + 1;
  const lines = lesson.sections.map((section) => `${padColumns(section.id, width)} ${section.title}`);
  const intro = pick(locale, {
    ja: `📘 STEP ${lesson.step}: ${lesson.title}\n${lesson.tagline}\n\n目次(/lesson ${lesson.step} <id> で開く):`,
    en: `📘 STEP ${lesson.step}: ${lesson.title}\n${lesson.tagline}\n\nContents (open one with /lesson ${lesson.step} <id>):`,
  });
  return [text(intro), { kind: "code", language: "text", code: lines.join("\n") }];
}
