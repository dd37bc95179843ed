import { describe, expect, it } from "vitest";
import { lookUpTimeZone } from "../../../src/core/time/lookup.ts";
import { knownTimeZones } from "../../../src/core/time/zone.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

describe("time zone abbreviations", () => {
  it("read the common ones as the zone whose clock they mean, daylight saving included", () => {
    const cases: Record<string, string> = {
      EST: "America/New_York",
      edt: "America/New_York",
      PST: "America/Los_Angeles",
      PDT: "America/Los_Angeles",
      BST: "Europe/London",
      JST: "Asia/Tokyo",
      CET: "Europe/Berlin",
      AEDT: "Australia/Sydney",
    };
    for (const [typed, timeZone] of Object.entries(cases))
      expect(lookUpTimeZone(typed), typed).toEqual({ kind: "found", timeZone });
  });

  it("set with /timezone and /remind, and say which zone they became", async () => {
    const { say, clock } = createTestBot();
    clock.set(new Date("2026-07-01T12:00:00Z"));
    // EST in July is New York's summer time (UTC-4), not Panama's year-round UTC-5.
    expect(textOf(await say("/timezone est"))).toContain(
      "America/New_York にしました(現在 2026-07-01 08:00)",
    );
    expect(textOf(await say("/timezone BST"))).toContain("タイムゾーンを Europe/London にしました");
    expect(textOf(await say("/timezone EST"))).toContain("タイムゾーンを America/New_York にしました");
    expect(textOf(await say("/remind 21:00 PST"))).toContain(
      "🌏 タイムゾーンを America/Los_Angeles にしました。",
    );
  });

  it("refuse an abbreviation several regions use, and ask for an IANA name", async () => {
    const { say } = createTestBot();
    const cst = await say("/timezone CST");
    expect(textOf(cst)).toContain(
      "「CST」は地域によって意味が違う略称です。IANA 名(例 America/Chicago、Asia/Shanghai、America/Havana)で指定してください。",
    );
    expect(actionsOf(cst)).toEqual([
      "/timezone America/Chicago",
      "/timezone Asia/Shanghai",
      "/timezone America/Havana",
    ]);
    expect(actionsOf(await say("/remind 7:00 IST"))).toEqual([
      "/remind 07:00 Asia/Kolkata",
      "/remind 07:00 Europe/Dublin",
      "/remind 07:00 Asia/Jerusalem",
    ]);
    await say("/lang en");
    expect(textOf(await say("/timezone ist"))).toContain(
      '"ist" means different zones in different places. Use an IANA name such as Asia/Kolkata or Europe/Dublin or Asia/Jerusalem.',
    );
    // Nothing was changed.
    expect(textOf(await say("/timezone"))).toContain("Your time zone: Asia/Tokyo");
  });

  it("IANA's own old names still work (Japan, NZ, PRC, EST5EDT)", () => {
    expect(lookUpTimeZone("Japan")).toEqual({ kind: "found", timeZone: "Asia/Tokyo" });
    expect(lookUpTimeZone("NZ")).toEqual({ kind: "found", timeZone: "Pacific/Auckland" });
    expect(lookUpTimeZone("PRC")).toEqual({ kind: "found", timeZone: "Asia/Shanghai" });
    expect(lookUpTimeZone("EST5EDT").kind).toBe("found");
  });

  it("that Intl would misread are not taken from it", () => {
    for (const typed of ["ECT", "NET", "ART", "SST"]) {
      const lookup = lookUpTimeZone(typed);
      expect(lookup.kind, typed).not.toBe("found");
    }
  });
});

describe("time zone names", () => {
  it("are shown in their current IANA spelling, however they were typed", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/timezone Asia/Kolkata"))).toContain("タイムゾーンを Asia/Kolkata にしました");
    expect(textOf(await say("/timezone asia/calcutta"))).toContain("Asia/Kolkata");
    expect(textOf(await say("/timezone Europe/Kiev"))).toContain("Europe/Kyiv");
    expect(textOf(await say("/timezone"))).toContain("あなたのタイムゾーン: Europe/Kyiv");
    expect(lookUpTimeZone("America/Godthab")).toEqual({ kind: "found", timeZone: "America/Nuuk" });
    expect(lookUpTimeZone("utc")).toEqual({ kind: "found", timeZone: "UTC" });
    expect(knownTimeZones()).toContain("Asia/Ho_Chi_Minh");
    expect(knownTimeZones()).not.toContain("Asia/Saigon");
    expect(actionsOf(await say("/timezone Kolkatta"))).toContain("/timezone Asia/Kolkata");
  });

  it("every zone offered works with Intl", () => {
    for (const zone of knownTimeZones())
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone })).not.toThrow();
  });
});
