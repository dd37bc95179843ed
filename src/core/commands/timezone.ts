import { ArgumentError } from "../errors.ts";
import { pick, type Localized } from "../i18n.ts";
import { text, type Reply } from "../reply.ts";
import { formatLocalTime } from "../reminders/schedule.ts";
import { lookUpTimeZone } from "../time/lookup.ts";
import { withoutSettingRequest } from "../text/setting-request.ts";
import { zoneLabel } from "../time/offsets.ts";
import { formatLocal } from "../time/zone.ts";
import type { CommandContext } from "../context.ts";
import type { Command, OptionSpec } from "./types.ts";

/** A time zone as the last argument (shared with /remind). */
export const ZONE_OPTION: OptionSpec = {
  name: "zone",
  type: "string",
  description: {
    ja: "タイムゾーン(東京、ロンドン、UTC+9、Asia/Tokyo など)",
    en: "time zone (Asia/Tokyo, London, UTC+9, …)",
  },
  label: { ja: "タイムゾーン", en: "the time zone" },
  rest: true,
  maxLength: 64,
};

/** Examples offered to change a zone: never the zone the user already has. */
const EXAMPLES: readonly { zone: string; place: string }[] = [
  { zone: "America/New_York", place: "ニューヨーク" },
  { zone: "Europe/London", place: "ロンドン" },
  { zone: "Asia/Tokyo", place: "東京" },
];

export const timezoneCommand: Command = {
  name: "timezone",
  aliases: ["タイムゾーン", "時間帯"],
  summary: {
    ja: "タイムゾーンを設定する(リマインダーの時刻と日付の区切り)",
    en: "Set your time zone (reminder times and where a day ends)",
  },
  usage: [
    "/timezone                  — 今の設定 / show yours (default Asia/Tokyo)",
    "/timezone America/New_York — IANA 名で設定 / set by IANA name",
    "/timezone ロンドン ・ /timezone UTC+9 ・ /timezone EST — 都市名・時差・略称でも / a city, an offset or an abbreviation",
    "タイムゾーン 東京 ・ タイムゾーン UTC+9",
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
  const example = EXAMPLES.find((candidate) => candidate.zone !== timeZone) ?? EXAMPLES[0];
  return [
    text(
      pick(context.locale, {
        ja: `🌏 あなたのタイムゾーン: ${zoneLabel(timeZone)}(現在 ${now})\n変更するには /timezone ${example?.place} のように都市名か、${example?.zone} のような IANA 名で。`,
        en: `🌏 Your time zone: ${zoneLabel(timeZone)} (now ${now})\nChange it with a city or an IANA name, e.g. /timezone ${example?.zone}`,
      }),
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
  const label = zoneLabel(timeZone);
  const local = formatLocal(now, timeZone);
  const line = pick(context.locale, {
    ja: `🌏 タイムゾーンを ${label} にしました(現在 ${local})。`,
    en: `🌏 Your time zone is now ${label} (now ${local}).`,
  });
  if (!reminder) return line;
  const at = formatLocalTime(reminder.minuteOfDay);
  return pick(context.locale, {
    ja: `${line}\n⏰ リマインダーは ${label} の毎日 ${at} に届きます。`,
    en: `${line}\n⏰ Your reminder now comes daily at ${at} ${label} time.`,
  });
}

/**
 * The IANA zone a typed name, place, offset or abbreviation means. Throws when it means none (close names
 * offered as buttons) or several (CST, 「アメリカ」: the zones it may mean offered).
 */
export function readTimeZone(input: string, actionFor: (zone: string) => string): string {
  // 「東京にして」: the place asked for, when the words as typed name no zone.
  const asTyped = lookUpTimeZone(input);
  const asked = withoutSettingRequest(input.normalize("NFKC").trim());
  const lookup = asTyped.kind === "unknown" && asked !== input.trim() ? lookUpTimeZone(asked) : asTyped;
  if (lookup.kind === "found") return lookup.timeZone;
  const typed = lookup === asTyped ? input.trim() : asked;
  const offer = (prompt: Localized, zones: readonly string[]) =>
    zones.length === 0
      ? undefined
      : { prompt, choices: zones.map((zone) => ({ label: zone, action: actionFor(zone) })) };
  if (lookup.kind === "ambiguous") {
    throw new ArgumentError(
      "timezone.ambiguous",
      lookup.of === "abbreviation"
        ? {
            ja: `「${typed}」は地域によって意味が違う略称です。IANA 名(例 ${lookup.zones.join("、")})で指定してください。`,
            en: `"${typed}" means different zones in different places. Use an IANA name such as ${lookup.zones.join(" or ")}.`,
          }
        : {
            ja: `「${typed}」にはタイムゾーンがいくつかあります。どれか選ぶか、都市名か IANA 名(例 ${lookup.zones[0]})で指定してください。`,
            en: `"${typed}" has several time zones. Pick one, or name a city or an IANA zone such as ${lookup.zones[0]}.`,
          },
      offer({ ja: "どれのことですか:", en: "Which one do you mean:" }, lookup.zones),
    );
  }
  if (lookup.kind === "no-such-offset") {
    throw new ArgumentError("timezone.no-such-offset", {
      ja: `「${typed}」の時差を使っている地域は見つかりません。都市名(例 東京、ロンドン)か IANA 名(例 Asia/Tokyo)で指定してください。`,
      en: `No place keeps the offset "${typed}". Use a city (e.g. London) or an IANA name such as Asia/Tokyo.`,
    });
  }
  throw new ArgumentError(
    "timezone.unknown",
    {
      ja: `「${typed}」というタイムゾーンは見つかりません。都市名(例 東京、ニューヨーク)、時差(例 UTC+9)、IANA 名(例 Asia/Tokyo)で指定してください。`,
      en: `"${typed}" is not a time zone I know. Use a city (e.g. London), an offset (e.g. UTC+9) or an IANA name such as Asia/Tokyo.`,
    },
    offer({ ja: "もしかして:", en: "Did you mean:" }, lookup.suggestions),
  );
}
