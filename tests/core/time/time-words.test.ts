import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatLocalTime } from "../../../src/core/reminders/schedule.ts";
import { readTime, splitTime } from "../../../src/core/reminders/time-input.ts";
import { lookUpTimeZone } from "../../../src/core/time/lookup.ts";
import { offsetZone, zoneLabel } from "../../../src/core/time/offsets.ts";
import { canonicalTimeZone } from "../../../src/core/time/zone.ts";

const at = (text: string) => {
  const reading = readTime(text);
  return reading.kind === "time" ? formatLocalTime(reading.minuteOfDay) : reading.kind;
};

describe("times as people write them", () => {
  it("reads 24-hour clocks, Japanese hours and English am/pm", () => {
    const cases: Record<string, string> = {
      "21:00": "21:00",
      "9:05": "09:05",
      "２１：３０": "21:30",
      "21時": "21:00",
      "21時5分": "21:05",
      "21時半": "21:30",
      "0時": "00:00",
      午後9時: "21:00",
      夜9時: "21:00",
      夕方6時: "18:00",
      朝7時: "07:00",
      午前0時: "00:00",
      午後0時: "12:00",
      夜21時: "21:00",
      正午: "12:00",
      "9pm": "21:00",
      "9:30 p.m.": "21:30",
      "12am": "00:00",
      "12pm": "12:00",
      毎日21時に: "21:00",
      "21時ごろ": "21:00",
    };
    for (const [typed, expected] of Object.entries(cases)) expect(at(typed), typed).toBe(expected);
  });

  it("asks about what may be either half of the day, and refuses what is no time", () => {
    expect(readTime("9時")).toEqual({ kind: "ambiguous", minutesOfDay: [540, 1260] });
    expect(readTime("9")).toEqual({ kind: "ambiguous", minutesOfDay: [540, 1260] });
    expect(readTime("午後12時")).toEqual({ kind: "ambiguous", minutesOfDay: [720, 0] });
    for (const bad of ["24時", "25:00", "21:60", "午前21時", "0am", "13pm", "あさ", "21.00", ""])
      expect(readTime(bad).kind, bad).toBe("invalid");
  });

  it("takes up to three words for the time and leaves the rest for the zone", () => {
    expect(splitTime("午後 9時 30分 Asia/Tokyo")).toEqual({
      reading: { kind: "time", minuteOfDay: 21 * 60 + 30 },
      rest: "Asia/Tokyo",
    });
    expect(splitTime("9 pm ロンドン")?.rest).toBe("ロンドン");
    expect(splitTime("ロンドン")).toBeUndefined();
  });

  it("never reads any text as a time outside the day", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (typed) => {
        const reading = readTime(typed);
        const minutes =
          reading.kind === "time"
            ? [reading.minuteOfDay]
            : reading.kind === "ambiguous"
              ? reading.minutesOfDay
              : [];
        for (const minute of minutes) expect(minute >= 0 && minute < 24 * 60).toBe(true);
      }),
    );
  });
});

describe("time zones as people name them", () => {
  it("reads UTC and GMT offsets as zones Intl knows, shown the right way round", () => {
    for (const [typed, label] of [
      ["UTC+9", "UTC+9"],
      ["GMT+9", "UTC+9"],
      ["utc-5", "UTC-5"],
      ["+09:00", "UTC+9"],
      ["ＵＴＣ＋９", "UTC+9"],
      ["UTC+14", "UTC+14"],
      ["GMT-12", "UTC-12"],
    ] as const) {
      const found = offsetZone(typed);
      expect(found?.kind, typed).toBe("zone");
      const zone = found?.kind === "zone" ? found.timeZone : "";
      expect(canonicalTimeZone(zone), typed).toBe(zone);
      expect(zoneLabel(zone)).toBe(label);
    }
    expect(offsetZone("UTC")).toEqual({ kind: "zone", timeZone: "UTC" });
    expect(offsetZone("UTC+5:30")).toEqual({ kind: "zone", timeZone: "Asia/Kolkata" });
    expect(offsetZone("UTC+15")).toEqual({ kind: "unknown" });
    expect(offsetZone("UTC+10:30")).toEqual({ kind: "unknown" });
    expect(offsetZone("Tokyo")).toBeUndefined();
  });

  it("reads places in Japanese and cities in English, and lists a country's zones", () => {
    expect(lookUpTimeZone("東京")).toEqual({ kind: "found", timeZone: "Asia/Tokyo" });
    expect(lookUpTimeZone("東京都")).toEqual({ kind: "found", timeZone: "Asia/Tokyo" });
    expect(lookUpTimeZone("日本時間")).toEqual({ kind: "found", timeZone: "Asia/Tokyo" });
    expect(lookUpTimeZone("ロサンゼルス")).toEqual({ kind: "found", timeZone: "America/Los_Angeles" });
    expect(lookUpTimeZone("london")).toEqual({ kind: "found", timeZone: "Europe/London" });
    expect(lookUpTimeZone("Los Angeles")).toEqual({ kind: "found", timeZone: "America/Los_Angeles" });
    const australia = lookUpTimeZone("オーストラリア");
    expect(australia).toMatchObject({ kind: "ambiguous", of: "place" });
    expect(lookUpTimeZone("CST")).toMatchObject({ kind: "ambiguous", of: "abbreviation" });
    expect(lookUpTimeZone("UTC+15")).toEqual({ kind: "no-such-offset" });
  });

  it("lists only zones Intl knows for every place", () => {
    for (const name of [
      "アメリカ",
      "カナダ",
      "ロシア",
      "ブラジル",
      "インドネシア",
      "オーストラリア",
      "ハノイ",
      "グアム",
    ]) {
      const lookup = lookUpTimeZone(name);
      const zones =
        lookup.kind === "found" ? [lookup.timeZone] : lookup.kind === "ambiguous" ? lookup.zones : [];
      expect(zones.length, name).toBeGreaterThan(0);
      for (const zone of zones) expect(canonicalTimeZone(zone), zone).toBe(zone);
    }
  });
});
