import { ArgumentError } from "../errors.ts";
import type { Localized } from "../i18n.ts";
import { askWhichTime, readTime as readTimeWords } from "../reminders/time-input.ts";
import { tokenize } from "../text/tokenize.ts";
import { MAX_ROUND_SECONDS, MIN_ROUND_SECONDS } from "./commands.ts";

export const MIN_SCHEDULED_QUESTIONS = 1;
export const MAX_SCHEDULED_QUESTIONS = 10;

/** What `/quiz schedule …` (「定期クイズ …」) asks for. Numbers are checked; the zone is read by the command. */
export type ScheduleRequest =
  | { kind: "show" }
  | { kind: "off" }
  | {
      kind: "set";
      minuteOfDay: number;
      /** ISO weekdays, 1 Monday … 7 Sunday, ascending. */
      weekdays?: number[];
      questions?: number;
      seconds?: number;
      step?: number;
      /** A time zone as typed. */
      zone?: string;
    };

export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
export const WEEKDAYS = [1, 2, 3, 4, 5];

const OFF_WORDS = new Set(["off", "stop", "none", "オフ", "停止", "解除", "止める", "やめる", "なし"]);
const DAY_WORDS: Record<string, number[]> = {
  daily: EVERY_DAY,
  everyday: EVERY_DAY,
  毎日: EVERY_DAY,
  weekdays: WEEKDAYS,
  weekday: WEEKDAYS,
  平日: WEEKDAYS,
  weekends: [6, 7],
  weekend: [6, 7],
  週末: [6, 7],
};
const ENGLISH_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const KANJI_DAYS = "月火水木金土日";
const KEYS: Record<string, "questions" | "seconds" | "step" | "zone"> = {
  questions: "questions",
  q: "questions",
  問題数: "questions",
  問題: "questions",
  問: "questions",
  seconds: "seconds",
  秒: "seconds",
  秒数: "seconds",
  step: "step",
  ステップ: "step",
  zone: "zone",
  tz: "zone",
  timezone: "zone",
  タイムゾーン: "zone",
};

/** Reads the words after `/quiz schedule`, in any order: a time, days, key=value settings and a zone. */
export function parseScheduleArgs(input: string): ScheduleRequest {
  const tokens = tokenize(input);
  if (tokens.length === 0) return { kind: "show" };
  if (tokens.length === 1 && OFF_WORDS.has(normalize(tokens[0] ?? ""))) return { kind: "off" };
  let minuteOfDay: number | undefined;
  const days = new Set<number>();
  const settings: Partial<Record<"questions" | "seconds" | "step", number>> = {};
  let zone: string | undefined;
  for (const token of tokens) {
    const word = normalize(token);
    const time = readTimeWords(word);
    if (time.kind === "ambiguous") throw ambiguousTime(token, time.minutesOfDay, tokens);
    if (time.kind === "time") {
      if (minuteOfDay !== undefined) throw unreadable(token);
      minuteOfDay = time.minuteOfDay;
      continue;
    }
    const dayList = readDays(word);
    if (dayList) {
      for (const day of dayList) days.add(day);
      continue;
    }
    const setting = readSetting(word, token);
    if (setting?.key === "zone") zone = setting.value;
    else if (setting) settings[setting.key] = checkRange(setting.key, Number(setting.value), token);
    else if (zone === undefined && /^[\p{L}_+\-/0-9]+$/u.test(token) && /\p{L}/u.test(token)) zone = token;
    else throw unreadable(token);
  }
  if (minuteOfDay === undefined) {
    throw new ArgumentError("quiz-schedule.no-time", {
      ja: "時刻を指定してください(例: /quiz schedule 20:00 平日、「定期クイズ 20時 平日」)。",
      en: "Please give a time (e.g. /quiz schedule 20:00 weekdays).",
    });
  }
  return {
    kind: "set",
    minuteOfDay,
    ...(days.size > 0 ? { weekdays: [...days].sort((a, b) => a - b) } : {}),
    ...settings,
    ...(zone !== undefined ? { zone } : {}),
  };
}

const normalize = (word: string): string => word.normalize("NFKC").toLowerCase();

/** 「8時」: morning or evening? Both are offered, with the rest of the words as typed. */
function ambiguousTime(typed: string, times: [number, number], tokens: string[]): ArgumentError {
  const others = tokens.filter((token) => token !== typed).join(" ");
  const action = (at: string) => `/quiz schedule ${at}${others ? ` ${others}` : ""}`;
  return askWhichTime("quiz-schedule.ambiguous-time", typed, times, action, "20:00");
}

/** "weekdays", "毎日", "mon,wed,fri", "月水金", "月・水・金", "月曜,水曜", "土日". */
function readDays(word: string): number[] | undefined {
  const named = DAY_WORDS[word];
  if (named) return named;
  const parts = word.split(/[,、・]/).filter(Boolean);
  if (parts.length > 0 && parts.every((part) => ENGLISH_DAYS.some((day) => part.startsWith(day)))) {
    const days = parts.map((part) => ENGLISH_DAYS.findIndex((day) => part.startsWith(day)) + 1);
    const fullNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    if (parts.every((part, index) => fullNames[(days[index] ?? 1) - 1]?.startsWith(part))) return days;
  }
  const kanji = word.replace(/曜日?/g, "").replace(/[,、・]/g, "");
  if (kanji.length > 0 && [...kanji].every((char) => KANJI_DAYS.includes(char))) {
    return [...kanji].map((char) => KANJI_DAYS.indexOf(char) + 1);
  }
  return undefined;
}

/** "questions=3", "問題数=3", "3問", "seconds=60", "60秒", "step=14", "ステップ14", "zone=Asia/Tokyo". */
function readSetting(
  word: string,
  typed: string,
): { key: "questions" | "seconds" | "step" | "zone"; value: string } | undefined {
  const pair = /^([^=]+)=(.+)$/.exec(word);
  if (pair) {
    const key = KEYS[pair[1] ?? ""];
    if (!key) throw unreadable(typed);
    const value = key === "zone" ? typed.slice(typed.indexOf("=") + 1) : (pair[2] ?? "");
    if (key !== "zone" && !/^\d+$/.test(value)) throw unreadable(typed);
    return { key, value };
  }
  const questions = /^(\d+)問$/.exec(word);
  if (questions) return { key: "questions", value: questions[1] ?? "" };
  const seconds = /^(\d+)秒$/.exec(word);
  if (seconds) return { key: "seconds", value: seconds[1] ?? "" };
  const step = /^(?:step|ステップ)(\d+)$/.exec(word);
  if (step) return { key: "step", value: step[1] ?? "" };
  return undefined;
}

const LIMITS: Record<"questions" | "seconds" | "step", [number, number, Localized]> = {
  questions: [MIN_SCHEDULED_QUESTIONS, MAX_SCHEDULED_QUESTIONS, { ja: "問題数", en: "questions" }],
  seconds: [MIN_ROUND_SECONDS, MAX_ROUND_SECONDS, { ja: "1 問の秒数", en: "seconds" }],
  step: [1, 9999, { ja: "ステップ", en: "step" }],
};

function checkRange(key: "questions" | "seconds" | "step", value: number, typed: string): number {
  const [min, max, name] = LIMITS[key];
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ArgumentError("quiz-schedule.out-of-range", {
    ja: `「${typed}」: ${name.ja}は ${min}〜${max} で指定してください。`,
    en: `"${typed}": ${name.en} must be ${min}-${max}.`,
  });
}

function unreadable(token: string): ArgumentError {
  return new ArgumentError("quiz-schedule.unreadable", {
    ja: `「${token}」は読めませんでした。例: /quiz schedule 20:00 平日 questions=3 seconds=60(「定期クイズ 20時 月水金 3問 60秒」)`,
    en: `Could not read "${token}". Example: /quiz schedule 20:00 weekdays questions=3 seconds=60`,
  });
}
