import { ArgumentError } from "../errors.ts";
import { pick } from "../i18n.ts";
import { text, type Reply } from "../reply.ts";
import { formatLocalTime, nextOccurrence } from "../reminders/schedule.ts";
import { askWhichTime, splitTime } from "../reminders/time-input.ts";
import { zoneLabel } from "../time/offsets.ts";
import { formatLocal } from "../time/zone.ts";
import { readTimeZone, ZONE_OPTION } from "./timezone.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const remindCommand: Command = {
  name: "remind",
  aliases: ["リマインド", "リマインダー"],
  summary: { ja: "毎日の学習リマインダー(時刻・オフ・確認)", en: "Daily study reminder (set, off, status)" },
  usage: [
    "/remind 21:00                  — 毎日 21:00 に通知 / remind me daily at 21:00 (your time zone)",
    "/remind 21:00 America/New_York — タイムゾーンも設定 / and set the time zone",
    "/remind off                    — 止める / turn it off",
    "/remind                        — 今の設定 / show the setting",
    "リマインド 21時 ・ リマインド 午後9時半 ・ リマインド 21時 ロンドン ・ リマインド オフ",
  ],
  options: [
    {
      name: "time",
      type: "string",
      description: { ja: "時刻(21:00、21時、午後9時)、または off", en: "time (21:00, 9pm), or off" },
      label: { ja: "時刻", en: "the time" },
      maxLength: 10,
      choiceAliases: {
        stop: "off",
        オフ: "off",
        停止: "off",
        解除: "off",
        止める: "off",
        止めて: "off",
        やめる: "off",
        やめて: "off",
        オフにして: "off",
        なし: "off",
        確認: "status",
        状況: "status",
      },
    },
    ZONE_OPTION,
  ],
  privateInGroups: true,
  run(context, args) {
    const time = (args.values.time as string | undefined)?.trim();
    const zone = (args.values.zone as string | undefined)?.trim();
    if (!time || (time === "status" && !zone)) return reminderStatus(context);
    if (time === "off" && !zone) return turnOff(context);
    // 「午後 9時 30分 東京」: the time may take several words; what follows is the zone.
    const typed = [time, zone].filter(Boolean).join(" ");
    const read = splitTime(typed);
    if (!read) throw badTime(time);
    if (read.reading.kind === "ambiguous") throw ambiguousTime(typed, read.reading.minutesOfDay, read.rest);
    if (read.reading.kind === "invalid") throw badTime(time);
    return setReminder(context, read.reading.minuteOfDay, read.rest);
  },
};

function setReminder(context: CommandContext, minuteOfDay: number, zoneInput: string): Reply[] {
  const { stores, clock } = context.services;
  const replies: Reply[] = [];
  if (zoneInput) {
    const timeZone = readTimeZone(zoneInput, (zone) => `/remind ${formatLocalTime(minuteOfDay)} ${zone}`);
    if (timeZone !== stores.timeZones.get(context.userId)) {
      // Setting the reminder just below starts it from now, as a /timezone change would.
      stores.timeZones.set(context.userId, timeZone, clock.now());
      replies.push(
        text(
          pick(context.locale, {
            ja: `🌏 タイムゾーンを ${zoneLabel(timeZone)} にしました。`,
            en: `🌏 Time zone set to ${zoneLabel(timeZone)}.`,
          }),
        ),
      );
    }
  }
  // The platform's language is kept for the reminder, for users who never chose one with /lang.
  stores.reminders.set(context.userId, minuteOfDay, context.message, clock.now(), context.message.locale);
  return [...replies, ...reminderStatus(context, true)];
}

function badTime(typed: string): ArgumentError {
  return new ArgumentError("remind.bad-time", {
    ja: `「${typed}」は時刻として読めませんでした。21:00、21時、21時30分、午後9時 のように送ってください(例: /remind 21:00)。`,
    en: `Could not read "${typed}" as a time. Use 24-hour HH:MM or 9pm (e.g. /remind 21:00).`,
  });
}

/** 「9時」: morning or evening? Both are offered; nothing is set until one is chosen. */
const ambiguousTime = (typed: string, times: [number, number], zone: string): ArgumentError =>
  askWhichTime(
    "remind.ambiguous-time",
    typed,
    times,
    (at) => `/remind ${at}${zone ? ` ${zone}` : ""}`,
    "21:00",
  );

function reminderStatus(context: CommandContext, justSet = false): Reply[] {
  const { stores, clock } = context.services;
  const { locale } = context;
  const reminder = stores.reminders.get(context.userId);
  if (!reminder) {
    return [
      text(
        pick(locale, {
          ja: "⏰ リマインダーは設定されていません。毎日決まった時刻に学習を促すには: /remind 21:00(または「リマインド 21時」)",
          en: "⏰ No reminder set. To get a daily nudge: /remind 21:00",
        }),
      ),
    ];
  }
  const timeZone = stores.timeZones.get(context.userId);
  const zone = zoneLabel(timeZone);
  const at = formatLocalTime(reminder.minuteOfDay);
  // A day already reminded is not reminded again, even if the time moved later.
  const next = nextOccurrence(clock.now(), reminder.minuteOfDay, timeZone, (date) =>
    stores.reminders.isClaimed(context.userId, date),
  );
  const where = deliveryNote(context, reminder.address.chatId);
  const head = justSet
    ? pick(locale, {
        ja: `⏰ 毎日 ${at}(${zone})に学習リマインダーを送ります${where}。`,
        en: `⏰ I will remind you daily at ${at} (${zone})${where}.`,
      })
    : pick(locale, {
        ja: `⏰ リマインダー: 毎日 ${at}(${zone})${where}`,
        en: `⏰ Reminder: daily at ${at} (${zone})${where}`,
      });
  const tail = pick(locale, {
    ja: `次回: ${formatLocal(next.at, timeZone)}。止めるには /remind off`,
    en: `Next: ${formatLocal(next.at, timeZone)}. To stop: /remind off`,
  });
  return [text(`${head}\n${tail}`)];
}

function turnOff(context: CommandContext): Reply[] {
  const removed = context.services.stores.reminders.remove(context.userId);
  return [
    text(
      removed
        ? pick(context.locale, {
            ja: "🔕 リマインダーを止めました。再開するには /remind 21:00",
            en: "🔕 Reminder off. To turn it back on: /remind 21:00",
          })
        : pick(context.locale, { ja: "リマインダーは設定されていません。", en: "You have no reminder set." }),
    ),
  ];
}

/** Where a reminder set in a group goes; nothing to say in a direct chat or about another chat. */
function deliveryNote(context: CommandContext, reminderChatId: string): string {
  const { message, locale, conversation } = context;
  if (message.chatKind !== "group" || reminderChatId !== message.chatId) return "";
  return pick(locale, conversation.pushNote ?? SENT_TO_THIS_CHAT);
}

const SENT_TO_THIS_CHAT = { ja: "(このチャットに届きます)", en: " (sent to this chat)" };
