import { ArgumentError } from "../errors.ts";
import type { Localized } from "../i18n.ts";
import { text, type Reply } from "../reply.ts";
import { formatLocalTime } from "../reminders/schedule.ts";
import { lookUpTimeZone } from "../time/lookup.ts";
import { formatLocal } from "../time/zone.ts";
import type { CommandContext } from "../context.ts";
import type { Command, OptionSpec } from "./types.ts";

/** An IANA zone name as the last argument (shared with /remind). */
export const ZONE_OPTION: OptionSpec = {
  name: "zone",
  type: "string",
  description: { ja: "IANA タイムゾーン名(例 Asia/Tokyo)", en: "IANA time zone name (e.g. Asia/Tokyo)" },
  rest: true,
  maxLength: 64,
};

export const timezoneCommand: Command = {
  name: "timezone",
  aliases: ["タイムゾーン"],
  summary: {
    ja: "タイムゾーンを設定する(リマインダーの時刻と日付の区切り)",
    en: "Set your time zone (reminder times and where a day ends)",
  },
  usage: [
    "/timezone                  — 今の設定 / show yours (default Asia/Tokyo)",
    "/timezone America/New_York — IANA 名で設定 / set by IANA name",
  ],
  options: [ZONE_OPTION],
  privateInGroups: true,
  run(context, args) {
    const input = args.values.zone as string | undefined;
    if (!input?.trim()) return showTimeZone(context);
    const timeZone = readTimeZone(input, (zone) => `/timezone ${zone}`);
    return [text(applyTimeZone(context, timeZone))];
  },
};

function showTimeZone(context: CommandContext): Reply[] {
  const { stores, clock } = context.services;
  const timeZone = stores.timeZones.get(context.userId);
  const now = formatLocal(clock.now(), timeZone);
  return [
    text(
      context.locale === "ja"
        ? `🌏 あなたのタイムゾーン: ${timeZone}(現在 ${now})\n変更するには /timezone America/New_York のように IANA 名で。`
        : `🌏 Your time zone: ${timeZone} (now ${now})\nChange it with an IANA name, e.g. /timezone America/New_York`,
    ),
  ];
}

/**
 * Saves the user's zone. A reminder keeps its local time in the new zone and starts counting from now, so
 * an occurrence that the change moves into the past is not sent at once.
 */
export function applyTimeZone(context: CommandContext, timeZone: string): string {
  const { stores, clock } = context.services;
  const now = clock.now();
  stores.timeZones.set(context.userId, timeZone, now);
  stores.reminders.rearm(context.userId, now);
  const reminder = stores.reminders.get(context.userId);
  const ja = context.locale === "ja";
  const local = formatLocal(now, timeZone);
  const line = ja
    ? `🌏 タイムゾーンを ${timeZone} にしました(現在 ${local})。`
    : `🌏 Your time zone is now ${timeZone} (now ${local}).`;
  if (!reminder) return line;
  const at = formatLocalTime(reminder.minuteOfDay);
  return ja
    ? `${line}\n⏰ リマインダーは ${timeZone} の毎日 ${at} に届きます。`
    : `${line}\n⏰ Your reminder now comes daily at ${at} ${timeZone} time.`;
}

/**
 * The IANA zone a typed name or abbreviation means. Throws when it means none (close names offered as
 * buttons) or several (CST: the zones it may mean offered, and an IANA name asked for).
 */
export function readTimeZone(input: string, actionFor: (zone: string) => string): string {
  const lookup = lookUpTimeZone(input);
  if (lookup.kind === "found") return lookup.timeZone;
  const typed = input.trim();
  const offer = (prompt: Localized, zones: readonly string[]) =>
    zones.length === 0
      ? undefined
      : { prompt, choices: zones.map((zone) => ({ label: zone, action: actionFor(zone) })) };
  if (lookup.kind === "ambiguous") {
    const examples = lookup.zones.join("、");
    throw new ArgumentError(
      "timezone.ambiguous",
      {
        ja: `「${typed}」は地域によって意味が違う略称です。IANA 名(例 ${examples})で指定してください。`,
        en: `"${typed}" means different zones in different places. Use an IANA name such as ${lookup.zones.join(" or ")}.`,
      },
      offer({ ja: "どれのことですか:", en: "Which one do you mean:" }, lookup.zones),
    );
  }
  throw new ArgumentError(
    "timezone.unknown",
    {
      ja: `「${typed}」というタイムゾーンは見つかりません。IANA 名(例 Asia/Tokyo、America/New_York、Europe/London)で指定してください。`,
      en: `"${typed}" is not a time zone I know. Use an IANA name such as Asia/Tokyo, America/New_York or Europe/London.`,
    },
    offer({ ja: "もしかして:", en: "Did you mean:" }, lookup.suggestions),
  );
}
