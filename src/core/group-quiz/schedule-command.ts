import type { ParsedArgs, SubcommandSpec } from "../commands/types.ts";
import type { CommandContext } from "../context.ts";
import { readTimeZone } from "../commands/timezone.ts";
import { UserError } from "../errors.ts";
import { pick } from "../i18n.ts";
import { text, type Reply } from "../reply.ts";
import { formatLocalTime } from "../reminders/schedule.ts";
import { parseScheduleArgs, WEEKDAYS, type ScheduleRequest } from "./schedule-args.ts";
import { nextQuizText, scheduleSummary } from "./schedule-render.ts";
import type { QuizSchedule } from "./schedule-store.ts";

const DEFAULT_QUESTIONS = 3;
const DEFAULT_SECONDS = 60;

/** `/quiz schedule …`: read by its own parser (a time, days and settings in any order, Japanese words too). */
export const SCHEDULE_SUBCOMMAND: SubcommandSpec = {
  name: "schedule",
  description: {
    ja: "定期クイズ(例: 20:00 平日 questions=3 seconds=60、off で停止)",
    en: "Scheduled quiz (e.g. 20:00 weekdays questions=3 seconds=60; off to stop)",
  },
  options: [
    {
      name: "settings",
      type: "string",
      description: {
        ja: "時刻・曜日・問題数・秒数・ステップ・タイムゾーン、または off",
        en: "time, days, questions, seconds, step, zone — or off",
      },
      rest: true,
      maxLength: 120,
    },
  ],
};

/** `/quiz schedule` (show), `/quiz schedule 20:00 …` (set), `/quiz schedule off`; 「定期クイズ 20時 平日」. */
export function runQuizSchedule(context: CommandContext, args: ParsedArgs): Reply[] {
  if (context.message.chatKind !== "group") {
    throw new UserError("quiz-schedule.direct-chat", {
      ja: "定期クイズはグループ(Discord のチャンネルや LINE のグループ)で設定します。",
      en: "Scheduled quizzes are set in a group chat (a Discord channel or a LINE group).",
    });
  }
  const request = parseScheduleArgs(String(args.values.settings ?? ""));
  const { platform, chatId } = context.message;
  const existing = context.services.stores.quizSchedules.get(platform, chatId);
  if (request.kind === "show") return showSchedule(context, existing);
  checkMayChange(context, existing);
  if (request.kind === "off") return turnOff(context, existing);
  return setSchedule(context, request);
}

/**
 * Where the platform says who may manage the chat (Discord: Manage Messages), only such members may set or
 * change the schedule. Elsewhere (LINE) the member who set it may, or anyone while none is set — and anyone
 * once its setter deleted their account (setBy null): with nobody left to own it, the group is in charge of
 * its own quiz, as it would be with no schedule at all. Whoever then changes it becomes its setter.
 */
function checkMayChange(context: CommandContext, existing: QuizSchedule | undefined): void {
  const { canModerate } = context.message;
  if (canModerate === true) return;
  if (canModerate === false) {
    throw new UserError("quiz-schedule.not-moderator", {
      ja: "定期クイズを設定・変更できるのは、このチャンネルでメッセージの管理権限を持つメンバーだけです。",
      en: "Only members who can manage messages in this channel can set or change the scheduled quiz.",
    });
  }
  if (!existing || existing.setBy === null || existing.setBy === context.userId) return;
  const name = setterName(context, existing);
  throw new UserError("quiz-schedule.not-setter", {
    ja: `この定期クイズを変更・停止できるのは、設定した${name ? ` ${name} さん` : "メンバー"}だけです。`,
    en: `Only ${name ?? "the member"} who set this scheduled quiz can change or stop it.`,
  });
}

function setSchedule(context: CommandContext, request: Extract<ScheduleRequest, { kind: "set" }>): Reply[] {
  const { stores, lessons, clock } = context.services;
  const { platform, chatId } = context.message;
  const step = request.step ?? stores.positions.get(context.userId)?.step ?? lessons.first.step;
  const lesson = lessons.step(step);
  if (!lesson || lesson.questions.length === 0) {
    throw new UserError("quiz-schedule.unknown-step", {
      ja: `STEP ${step} には練習問題がありません。使えるステップ: ${lessons.steps.join(", ")}`,
      en: `Step ${step} has no practice questions. Available steps: ${lessons.steps.join(", ")}`,
    });
  }
  const weekdays = request.weekdays ?? WEEKDAYS;
  const timeZone = request.zone
    ? readTimeZone(request.zone, (zone) => `/quiz schedule ${formatLocalTime(request.minuteOfDay)} ${zone}`)
    : stores.timeZones.get(context.userId);
  const schedule = stores.quizSchedules.set(
    {
      platform,
      chatId,
      minuteOfDay: request.minuteOfDay,
      weekdays,
      timeZone,
      questions: Math.min(request.questions ?? DEFAULT_QUESTIONS, lesson.questions.length),
      seconds: request.seconds ?? DEFAULT_SECONDS,
      step: lesson.step,
      locale: context.locale,
      setBy: context.userId,
    },
    clock.now(),
  );
  const ja = context.locale === "ja";
  const head = ja
    ? `📅 定期クイズを設定しました: ${scheduleSummary(schedule, "ja")}`
    : `📅 Scheduled quiz set: ${scheduleSummary(schedule, "en")}`;
  return [text([head, ...details(context, schedule)].join("\n"))];
}

function showSchedule(context: CommandContext, schedule: QuizSchedule | undefined): Reply[] {
  const ja = context.locale === "ja";
  if (!schedule) {
    const who =
      context.message.canModerate === undefined
        ? ja
          ? "まだ誰も設定していないので、このグループの誰でも設定できます(設定した人だけが変更・停止できます)。"
          : "Nobody has set one, so anyone in this group can (then only they can change or stop it)."
        : ja
          ? "設定できるのは、メッセージの管理権限を持つメンバーです。"
          : "Members who can manage messages here can set one.";
    return [
      text(
        ja
          ? `📅 このチャットに定期クイズはありません。${who}\n例: /quiz schedule 20:00 平日 questions=3 seconds=60(「定期クイズ 20時 平日」)`
          : `📅 No scheduled quiz in this chat. ${who}\nExample: /quiz schedule 20:00 weekdays questions=3 seconds=60`,
      ),
    ];
  }
  const head = ja
    ? `📅 定期クイズ: ${scheduleSummary(schedule, "ja")}`
    : `📅 Scheduled quiz: ${scheduleSummary(schedule, "en")}`;
  return [text([head, ...details(context, schedule)].join("\n"))];
}

/** The next quiz, Monday's standings, and who may change it. */
function details(context: CommandContext, schedule: QuizSchedule): string[] {
  const { stores, clock } = context.services;
  const ja = context.locale === "ja";
  const next = nextQuizText(
    schedule,
    clock.now(),
    (date) => stores.quizSchedules.isClaimed(schedule.platform, schedule.chatId, "quiz", date),
    context.locale,
  );
  const standings = ja
    ? "毎週月曜のこの時刻に、先週の成績(得点・参加回数・いちばん間違えた問題)を発表します。"
    : "Every Monday at this time, last week's standings (points, participation, most-missed question) are posted.";
  return [next, standings, whoMayChange(context, schedule)];
}

function whoMayChange(context: CommandContext, schedule: QuizSchedule): string {
  if (context.message.canModerate !== undefined) {
    return pick(context.locale, {
      ja: "変更・停止はメッセージの管理権限を持つメンバーが行えます(/quiz schedule off)。",
      en: "Members who can manage messages can change or stop it (/quiz schedule off).",
    });
  }
  if (schedule.setBy === null) {
    return pick(context.locale, {
      ja: "設定したメンバーは退会済みです。このグループの誰でも変更・停止できます(/quiz schedule off)。",
      en: "The member who set it has deleted their account, so anyone in this group can change or stop it (/quiz schedule off).",
    });
  }
  const name = setterName(context, schedule);
  return pick(context.locale, {
    ja: `変更・停止できるのは設定した${name ? ` ${name} さん` : "メンバー"}だけです(/quiz schedule off)。`,
    en: `Only ${name ?? "the member who set it"} can change or stop it (/quiz schedule off).`,
  });
}

function turnOff(context: CommandContext, existing: QuizSchedule | undefined): Reply[] {
  const ja = context.locale === "ja";
  if (!existing) {
    return [text(ja ? "このチャットに定期クイズはありません。" : "There is no scheduled quiz in this chat.")];
  }
  context.services.stores.quizSchedules.remove(existing.platform, existing.chatId);
  return [
    text(
      ja
        ? "🔕 定期クイズを止めました。再開するには /quiz schedule 20:00 平日(「定期クイズ 20時 平日」)"
        : "🔕 Scheduled quiz off. To start again: /quiz schedule 20:00 weekdays",
    ),
  ];
}

/** The setter's display name; none when they have none or deleted their account. */
function setterName(context: CommandContext, schedule: QuizSchedule): string | undefined {
  if (schedule.setBy === null) return undefined;
  return context.services.stores.users.get(schedule.setBy)?.displayName ?? undefined;
}
