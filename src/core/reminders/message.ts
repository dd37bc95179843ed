import type { LessonCatalog } from "../../lessons/catalog.ts";
import type { Lesson, Section } from "../../lessons/lesson.ts";
import type { Locale } from "../conversation.ts";
import { pick } from "../i18n.ts";
import { choices, text, type Choice, type Reply } from "../reply.ts";
import type { Stores } from "../store/stores.ts";
import { clipGraphemes } from "../text/graphemes.ts";
import { userDayStreaks } from "../streaks/user-streaks.ts";
import { localDate } from "../time/zone.ts";

export interface ReminderSubject {
  userId: number;
  locale: Locale;
  timeZone: string;
}

const EXCERPT_LENGTH = 80;

/** The daily reminder: the next snippet to read, reviews due, and the day streak, with buttons for each. */
export function composeReminder(
  stores: Stores,
  lessons: LessonCatalog,
  subject: ReminderSubject,
  now: Date,
): Reply[] {
  const { locale } = subject;
  const next = nextSnippet(stores, lessons, subject.userId);
  const due = stores.review.counts(subject.userId, localDate(now, subject.timeZone)).due;
  const streak = userDayStreaks(stores, subject.userId, now);
  const lines = [pick(locale, { ja: "⏰ 今日の学習の時間です!", en: "⏰ Time for today's study!" })];
  const buttons: Choice[] = [];
  if (next) {
    const where = `STEP ${next.lesson.step}: ${next.lesson.title} — ${next.section.title} (${next.section.index + 1}/${next.lesson.sections.length})`;
    lines.push(pick(locale, { ja: `📘 次に読む: ${where}`, en: `📘 Next to read: ${where}` }));
    const excerpt = excerptOf(next.section);
    if (excerpt) lines.push(`「${excerpt}」`);
    buttons.push({
      label: pick(locale, { ja: "📘 続きを読む", en: "📘 Read on" }),
      action: `/lesson ${next.lesson.step} ${next.section.id}`,
    });
  } else {
    lines.push(
      pick(locale, { ja: "📘 レッスンはすべて読み終えました!", en: "📘 You have read every lesson!" }),
    );
  }
  if (due > 0) {
    lines.push(pick(locale, { ja: `📚 復習待ち: ${due} 問`, en: `📚 Reviews due: ${due}` }));
    buttons.push({ label: pick(locale, { ja: "📚 復習する", en: "📚 Review" }), action: "/review" });
  }
  lines.push(streakLine(streak, locale));
  buttons.push({
    label: pick(locale, { ja: "📝 クイズ", en: "📝 Quiz" }),
    action: next ? `/quiz ${next.lesson.step}` : "/quiz",
  });
  return [text(lines.join("\n")), choices("", buttons)];
}

function streakLine(streak: { current: number; studiedToday: boolean }, locale: Locale): string {
  if (streak.current === 0)
    return pick(locale, { ja: "🌱 今日から連続学習を始めましょう!", en: "🌱 Start a new streak today!" });
  if (streak.studiedToday) {
    return pick(locale, {
      ja: `🔥 連続学習 ${streak.current} 日(今日はもう学習済み)`,
      en: `🔥 ${streak.current}-day streak (done for today)`,
    });
  }
  return pick(locale, {
    ja: `🔥 連続学習 ${streak.current} 日 — 今日 1 問解けば ${streak.current + 1} 日に!`,
    en: `🔥 ${streak.current}-day streak — answer one question today to make it ${streak.current + 1}!`,
  });
}

/** The snippet after the last one the user was shown; the first of the next step at the end of a step. */
function nextSnippet(
  stores: Stores,
  lessons: LessonCatalog,
  userId: number,
): { lesson: Lesson; section: Section } | undefined {
  const position = stores.positions.get(userId);
  const lesson = position ? lessons.step(position.step) : undefined;
  if (!position || !lesson) {
    const section = lessons.first.sections[0];
    return section && { lesson: lessons.first, section };
  }
  const section = lesson.sections[position.sectionIndex + 1];
  if (section) return { lesson, section };
  const following = lessons.lessons[lessons.lessons.indexOf(lesson) + 1];
  const first = following?.sections[0];
  return following && first ? { lesson: following, section: first } : undefined;
}

function excerptOf(section: Section): string | undefined {
  const prose = section.blocks.find((block) => block.kind === "text");
  if (!prose || prose.kind !== "text") return undefined;
  const flat = prose.text.replace(/\s+/g, " ").trim();
  return clipGraphemes(flat, EXCERPT_LENGTH);
}
