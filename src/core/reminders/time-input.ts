import { ArgumentError } from "../errors.ts";
import { withoutSettingRequest } from "../text/setting-request.ts";
import { formatLocalTime } from "./schedule.ts";
/**
 * A time of day as people write it: "21:00", 「21時」「21時30分」「21時半」「午後9時」「夜9時」, "9pm". What
 * stays ambiguous (「9時」 may be morning or evening, 「午後12時」 noon or midnight) is not guessed: both
 * readings are returned for the user to choose.
 */
export type TimeReading =
  | { kind: "time"; minuteOfDay: number }
  | { kind: "ambiguous"; minutesOfDay: [number, number] }
  | { kind: "invalid" };

const MORNING = /^(午前|朝|am|a\.m\.)/;
const EVENING = /^(午後|夜|夕方|晩|pm|p\.m\.)/;
const TRAILING_PERIOD = /(am|a\.m\.|pm|p\.m\.)$/;

const invalid: TimeReading = { kind: "invalid" };

export function readTime(input: string): TimeReading {
  // 「毎日21時に」「21時ごろ」: the words around a time say nothing the reminder does not already mean.
  let text = withoutSettingRequest(input.normalize("NFKC"))
    .toLowerCase()
    .replace(/[\s\u3000]+/g, "")
    .replace(/^毎日/, "")
    .replace(/(ごろ|頃)?(に|で)?$/, "");
  if (text === "正午") return { kind: "time", minuteOfDay: 12 * 60 };
  let period: "am" | "pm" | undefined;
  const leading = MORNING.exec(text) ?? EVENING.exec(text);
  if (leading) {
    period = MORNING.test(leading[0]) ? "am" : "pm";
    text = text.slice(leading[0].length);
  } else {
    const trailing = TRAILING_PERIOD.exec(text);
    if (trailing) {
      period = trailing[0].startsWith("a") ? "am" : "pm";
      text = text.slice(0, -trailing[0].length);
    }
  }
  const clock = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  const japanese = /^(\d{1,2})時(?:(\d{1,2})分|(半))?$/.exec(text);
  const match = clock ?? japanese;
  if (!match) return invalid;
  const hour = Number(match[1]);
  const minute = match[3] === "半" ? 30 : Number(match[2] ?? 0);
  if (minute > 59) return invalid;
  const english = leading === null && period !== undefined;
  if (period) return withPeriod(hour, minute, period, english);
  if (hour > 23) return invalid;
  // "9:00" is 24-hour notation; 「9時」 and a bare 9 may be either half of the day.
  const hasColon = clock !== null && match[2] !== undefined;
  if (hasColon || hour === 0 || hour > 12) return { kind: "time", minuteOfDay: hour * 60 + minute };
  return { kind: "ambiguous", minutesOfDay: [(hour % 12) * 60 + minute, ((hour % 12) + 12) * 60 + minute] };
}

/**
 * 「午前7時」「午後9時」 (0–11, as Japanese counts them) and "9pm" (1–12, as English does). 「午後12時」 is
 * read both ways in Japanese, so it is asked about; "12pm" is noon.
 */
function withPeriod(hour: number, minute: number, period: "am" | "pm", english: boolean): TimeReading {
  // 「夜21時」 says the same thing twice; "9am" and 「午前21時」 contradict themselves.
  if (hour > 12 && hour < 24 && period === "pm" && !english)
    return { kind: "time", minuteOfDay: hour * 60 + minute };
  if (hour > 12 || (english && hour === 0)) return invalid;
  const base = period === "am" ? 0 : 12 * 60;
  if (hour === 12) {
    if (english) return { kind: "time", minuteOfDay: (period === "am" ? 0 : 12 * 60) + minute };
    const noon = 12 * 60 + minute;
    return { kind: "ambiguous", minutesOfDay: period === "am" ? [minute, noon] : [noon, minute] };
  }
  return { kind: "time", minuteOfDay: base + hour * 60 + minute };
}

/**
 * The time at the start of `input` (up to three words: 「午後 9時 30分」) and what follows it, e.g. a time
 * zone. The longest reading wins; undefined when the first word is not a time.
 */
export function splitTime(input: string): { reading: TimeReading; rest: string } | undefined {
  const words = input
    .trim()
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  for (let count = Math.min(3, words.length); count >= 1; count--) {
    const reading = readTime(words.slice(0, count).join(""));
    if (reading.kind !== "invalid") return { reading, rest: words.slice(count).join(" ") };
  }
  return undefined;
}

/**
 * 「9時」: morning or evening? Both are offered as buttons (`action` makes each one's command line); nothing
 * is set until one is chosen.
 */
export function askWhichTime(
  code: string,
  typed: string,
  [first, second]: [number, number],
  action: (time: string) => string,
  example: string,
): ArgumentError {
  const [a, b] = [formatLocalTime(first), formatLocalTime(second)];
  return new ArgumentError(
    code,
    {
      ja: `「${typed}」は ${a} と ${b} のどちらですか?ボタンで選ぶか、${example} のような 24 時間制で送ってください。`,
      en: `Does "${typed}" mean ${a} or ${b}? Tap one, or use 24-hour HH:MM such as ${example}.`,
    },
    {
      prompt: { ja: "どちらにしますか:", en: "Which one:" },
      choices: [
        { label: `⏰ ${a}`, action: action(a) },
        { label: `⏰ ${b}`, action: action(b) },
      ],
    },
  );
}
