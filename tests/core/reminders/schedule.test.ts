import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decideReminder,
  formatLocalTime,
  latestOccurrence,
  nextOccurrence,
  parseLocalTime,
} from "../../../src/core/reminders/schedule.ts";
import { addDays, localDate, wallTime, zonedInstant } from "../../../src/core/time/zone.ts";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);

describe("local times in IANA zones", () => {
  it("places 21:00 Tokyo at 12:00 UTC every day", () => {
    expect(zonedInstant("2026-11-28", 21 * 60, "Asia/Tokyo").toISOString()).toBe("2026-11-28T12:00:00.000Z");
    expect(localDate(at("2026-11-28T15:00:00Z"), "Asia/Tokyo")).toBe("2026-11-29");
  });

  it("keeps 21:00 New York at 21:00 local on both switch days", () => {
    expect(zonedInstant("2026-03-07", 1260, NY).toISOString()).toBe("2026-03-08T02:00:00.000Z"); // EST
    expect(zonedInstant("2026-03-08", 1260, NY).toISOString()).toBe("2026-03-09T01:00:00.000Z"); // EDT
    expect(zonedInstant("2026-10-31", 1260, NY).toISOString()).toBe("2026-11-01T01:00:00.000Z"); // EDT
    expect(zonedInstant("2026-11-01", 1260, NY).toISOString()).toBe("2026-11-02T02:00:00.000Z"); // EST
  });

  it("moves a time skipped by spring-forward to the first minute after the jump", () => {
    // 02:00 EST jumps to 03:00 EDT: 02:30 does not exist on 2026-03-08.
    expect(zonedInstant("2026-03-08", 150, NY).toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(wallTime(at("2026-03-08T07:00:00Z"), NY)).toMatchObject({ hour: 3, minute: 0 });
  });

  it("takes the first of a time that happens twice at fall-back", () => {
    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST) on 2026-11-01.
    expect(zonedInstant("2026-11-01", 90, NY).toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("lands on the wanted wall time, or the first minute after a gap, for any date and time", () => {
    const zones = [NY, "Europe/London", "Australia/Lord_Howe", "Asia/Tokyo", "America/Sao_Paulo"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, dayOffset, minuteOfDay) => {
          const date = addDays("2025-01-01", dayOffset);
          const instant = zonedInstant(date, minuteOfDay, zone);
          const wall = wallTime(instant, zone);
          const reached = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
          const wanted = Date.UTC(
            Number(date.slice(0, 4)),
            Number(date.slice(5, 7)) - 1,
            Number(date.slice(8)),
            0,
            minuteOfDay,
          );
          // Exact, or pushed forward by a gap; and a minute earlier the clock had not reached it yet.
          expect(reached).toBeGreaterThanOrEqual(wanted);
          const before = wallTime(new Date(instant.getTime() - 60_000), zone);
          expect(
            Date.UTC(before.year, before.month - 1, before.day, before.hour, before.minute),
          ).toBeLessThan(wanted);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("reminder timing", () => {
  const timing = { minuteOfDay: 1260, timeZone: "Asia/Tokyo", activeSince: at("2026-11-28T00:00:00Z") };

  it("reads HH:MM, full-width too, and nothing else", () => {
    expect(parseLocalTime("21:00")).toBe(1260);
    expect(parseLocalTime("7:05")).toBe(425);
    expect(parseLocalTime("２１：３０")).toBe(1290);
    for (const bad of ["24:00", "21:60", "2100", "21:0", "", "nine", "-1:00"])
      expect(parseLocalTime(bad)).toBeUndefined();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        (minute) => parseLocalTime(formatLocalTime(minute)) === minute,
      ),
    );
    fc.assert(
      fc.property(fc.string(), (input) => {
        const minute = parseLocalTime(input);
        return minute === undefined || (Number.isInteger(minute) && minute >= 0 && minute < 1440);
      }),
    );
  });

  it("waits before the time, sends at it, and skips after the grace window", () => {
    expect(decideReminder(at("2026-11-28T11:59:00Z"), timing, 180)).toEqual({ kind: "wait" });
    expect(decideReminder(at("2026-11-28T12:00:00Z"), timing, 180)).toMatchObject({
      kind: "send",
      occurrence: { date: "2026-11-28" },
    });
    expect(decideReminder(at("2026-11-28T15:00:00Z"), timing, 180)).toMatchObject({ kind: "send" });
    expect(decideReminder(at("2026-11-28T15:01:00Z"), timing, 180)).toMatchObject({
      kind: "skip",
      occurrence: { date: "2026-11-28" },
      lateMinutes: 181,
    });
  });

  it("owes nothing from before the reminder was set", () => {
    const setLate = { ...timing, activeSince: at("2026-11-28T12:30:00Z") };
    expect(decideReminder(at("2026-11-28T12:31:00Z"), setLate, 180)).toEqual({ kind: "wait" });
    expect(decideReminder(at("2026-11-29T12:00:00Z"), setLate, 180)).toMatchObject({ kind: "send" });
  });

  it("finds the latest and next occurrences around midnight", () => {
    expect(latestOccurrence(at("2026-11-28T11:00:00Z"), 1260, "Asia/Tokyo").date).toBe("2026-11-27");
    expect(nextOccurrence(at("2026-11-28T12:00:00Z"), 1260, "Asia/Tokyo").date).toBe("2026-11-29");
    expect(
      nextOccurrence(at("2026-11-28T11:00:00Z"), 1260, "Asia/Tokyo", (date) => date === "2026-11-28").date,
    ).toBe("2026-11-29");
  });
});
