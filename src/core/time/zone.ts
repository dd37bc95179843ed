/**
 * Wall-clock arithmetic in IANA time zones using only Intl (no time-zone library). Dates are local calendar
 * dates as "YYYY-MM-DD"; times of day are minutes since local midnight.
 */

import { currentZoneName } from "./renamed-zones.ts";

export const DEFAULT_TIME_ZONE = "Asia/Tokyo";

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The canonical current spelling of a time zone Intl knows ("asia/calcutta" → "Asia/Kolkata"), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!name.trim()) return undefined;
  try {
    return currentZoneName(
      new Intl.DateTimeFormat("en-US", { timeZone: name.trim() }).resolvedOptions().timeZone,
    );
  } catch {
    return undefined;
  }
}

/** Every zone name Intl lists, in current spelling, plus UTC (which Node leaves out of the list but accepts). */
export function knownTimeZones(): readonly string[] {
  return [...Intl.supportedValuesOf("timeZone").map(currentZoneName), "UTC"];
}

/** What the wall clock in `timeZone` reads at `instant`. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** The local calendar date ("YYYY-MM-DD") in `timeZone` at `instant`. */
export function localDate(instant: Date, timeZone: string): string {
  const wall = wallTime(instant, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** "YYYY-MM-DD HH:MM" in `timeZone`, for messages. */
export function formatLocal(instant: Date, timeZone: string): string {
  const wall = wallTime(instant, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** A wall time read as if it were UTC, in minutes: comparable, and differences are minutes of wall clock. */
const wallMinutes = (wall: WallTime): number =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) / MINUTE;

const wallMinutesAt = (minutes: number, timeZone: string): number =>
  wallMinutes(wallTime(new Date(minutes * MINUTE), timeZone));

/**
 * The instant the wall clock in `timeZone` first reads `date` at `minuteOfDay` or later:
 * - a normal day: that exact local time;
 * - a time that happens twice (clocks go back): its first occurrence;
 * - a time that never happens (clocks go forward past it): the first minute after the jump (02:30 → 03:00).
 */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const { year, month, day } = parseDate(date);
  const target = Date.UTC(year, month - 1, day, 0, minuteOfDay) / MINUTE;
  // Offsets in force a day either side of the target cover both sides of any switch near it.
  const offsets = new Set(
    [-1440, 0, 1440].map((shift) => wallMinutesAt(target + shift, timeZone) - (target + shift)),
  );
  const starts = [...offsets].map((offset) => target - offset);
  const exact = starts.filter((minutes) => wallMinutesAt(minutes, timeZone) === target);
  if (exact.length > 0) return new Date(Math.min(...exact) * MINUTE);
  // In a gap: the wall clock only moves forward between these bounds, so search for the jump.
  let low = Math.min(...starts);
  let high = Math.max(...starts);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (wallMinutesAt(middle, timeZone) >= target) high = middle;
    else low = middle + 1;
  }
  return new Date(low * MINUTE);
}
