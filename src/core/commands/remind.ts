import { ArgumentError } from "../errors.ts";
import { pick } from "../i18n.ts";
import { text, type Reply } from "../reply.ts";
import { formatLocalTime, nextOccurrence, parseLocalTime } from "../reminders/schedule.ts";
import { formatLocal } from "../time/zone.ts";
import { readTimeZone, ZONE_OPTION } from "./timezone.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

const OFF_WORDS = ["off", "stop", "オフ", "停止", "解除"];

export const remindCommand: Command = {
  name: "remind",
  aliases: ["リマインド", "リマインダー"],
  summary: { ja: "毎日の学習リマインダー(時刻・オフ・確認)", en: "Daily study reminder (set, off, status)" },
  usage: [
    "/remind 21:00                  — 毎日 21:00 に通知 / remind me daily at 21:00 (your time zone)",
    "/remind 21:00 America/New_York — タイムゾーンも設定 / and set the time zone",
    "/remind off                    — 止める / turn it off",
    "/remind                        — 今の設定 / show the setting",
  ],
  options: [
    {
      name: "time",
      type: "string",
      description: { ja: "時刻 HH:MM、または off", en: "time HH:MM, or off" },
      maxLength: 8,
    },
    ZONE_OPTION,
  ],
  privateInGroups: true,
  run(context, args) {
    const time = (args.values.time as string | undefined)?.trim();
    if (!time) return reminderStatus(context);
    if (OFF_WORDS.includes(time.toLowerCase())) return turnOff(context);
    const minuteOfDay = parseLocalTime(time);
    if (minuteOfDay === undefined) {
      throw new ArgumentError("remind.bad-time", {
        ja: `「${time}」は時刻として読めませんでした。24 時間制の HH:MM で指定してください(例: /remind 21:00)。`,
        en: `Could not read "${time}" as a time. Use 24-hour HH:MM (e.g. /remind 21:00).`,
      });
    }
    const { stores, clock } = context.services;
    const zoneInput = (args.values.zone as string | undefined)?.trim();
    const replies: Reply[] = [];
    if (zoneInput) {
      const timeZone = readTimeZone(zoneInput, (zone) => `/remind ${formatLocalTime(minuteOfDay)} ${zone}`);
      if (timeZone !== stores.timeZones.get(context.userId)) {
        // Setting the reminder just below starts it from now, as a /timezone change would.
        stores.timeZones.set(context.userId, timeZone, clock.now());
        replies.push(
          text(
            context.locale === "ja"
              ? `🌏 タイムゾーンを ${timeZone} にしました。`
              : `🌏 Time zone set to ${timeZone}.`,
          ),
        );
      }
    }
    // The platform's language is kept for the reminder, for users who never chose one with /lang.
    stores.reminders.set(context.userId, minuteOfDay, context.message, clock.now(), context.message.locale);
    return [...replies, ...reminderStatus(context, true)];
  },
};

function reminderStatus(context: CommandContext, justSet = false): Reply[] {
  const { stores, clock } = context.services;
  const ja = context.locale === "ja";
  const reminder = stores.reminders.get(context.userId);
  if (!reminder) {
    return [
      text(
        ja
          ? "⏰ リマインダーは設定されていません。毎日決まった時刻に学習を促すには: /remind 21:00"
          : "⏰ No reminder set. To get a daily nudge: /remind 21:00",
      ),
    ];
  }
  const timeZone = stores.timeZones.get(context.userId);
  const at = formatLocalTime(reminder.minuteOfDay);
  // A day already reminded is not reminded again, even if the time moved later.
  const next = nextOccurrence(clock.now(), reminder.minuteOfDay, timeZone, (date) =>
    stores.reminders.isClaimed(context.userId, date),
  );
  const where = deliveryNote(context, reminder.address.chatId);
  const head = justSet
    ? ja
      ? `⏰ 毎日 ${at}(${timeZone})に学習リマインダーを送ります${where}。`
      : `⏰ I will remind you daily at ${at} (${timeZone})${where}.`
    : ja
      ? `⏰ リマインダー: 毎日 ${at}(${timeZone})${where}`
      : `⏰ Reminder: daily at ${at} (${timeZone})${where}`;
  const tail = ja
    ? `次回: ${formatLocal(next.at, timeZone)}。止めるには /remind off`
    : `Next: ${formatLocal(next.at, timeZone)}. To stop: /remind off`;
  return [text(`${head}\n${tail}`)];
}

function turnOff(context: CommandContext): Reply[] {
  const removed = context.services.stores.reminders.remove(context.userId);
  const ja = context.locale === "ja";
  return [
    text(
      removed
        ? ja
          ? "🔕 リマインダーを止めました。再開するには /remind 21:00"
          : "🔕 Reminder off. To turn it back on: /remind 21:00"
        : ja
          ? "リマインダーは設定されていません。"
          : "You have no reminder set.",
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
