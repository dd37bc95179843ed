import { editDistance } from "../text/suggest.ts";
import { abbreviation } from "./abbreviations.ts";
import { offsetZone } from "./offsets.ts";
import { place } from "./places.ts";
import { canonicalTimeZone, knownTimeZones } from "./zone.ts";

export type ZoneLookup =
  | { kind: "found"; timeZone: string }
  /** An abbreviation several regions use (CST, IST), or a country with several zones: the zones it may mean. */
  | { kind: "ambiguous"; zones: string[]; of: "abbreviation" | "place" }
  | { kind: "unknown"; suggestions: string[] }
  /** A fixed offset no zone keeps (UTC+10:30, UTC+15). */
  | { kind: "no-such-offset" };

/** "new york" → "new_york": zone names use underscores where people type spaces. */
const normalize = (input: string): string => input.normalize("NFKC").trim().replace(/\s+/g, "_");

/**
 * Names ICU accepts that are not IANA zones: old Java three-letter ids, several of which read as an
 * unrelated zone (BST as Asia/Dhaka, ECT as Europe/Paris). Those people mean are in our abbreviation table;
 * the rest are not taken. IANA's own old names (Japan, NZ, PRC, EST5EDT) still go to Intl.
 */
const ICU_ONLY_IDS = new Set(
  "ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST".split(
    " ",
  ),
);
const isZoneName = (name: string): boolean => !ICU_ONLY_IDS.has(name.toUpperCase());

/**
 * Reads a time zone as typed: an IANA name ("Asia/Tokyo", "asia/tokyo", "America/New York"), a common
 * abbreviation ("EST", "JST"), a fixed offset ("UTC+9", "GMT-5"), a place in Japanese (「東京」「ロンドン」)
 * or a city in English ("Tokyo", "new york"). For anything else, suggests up to three close names,
 * matching whole names or just their city ("Tokio").
 */
export function lookUpTimeZone(input: string): ZoneLookup {
  const offset = offsetZone(input);
  if (offset)
    return offset.kind === "zone" ? { kind: "found", timeZone: offset.timeZone } : { kind: "no-such-offset" };
  const name = normalize(input);
  const short = abbreviation(name);
  if (short?.kind === "zone") return { kind: "found", timeZone: short.timeZone };
  if (short?.kind === "ambiguous") return { kind: "ambiguous", zones: short.zones, of: "abbreviation" };
  const named = place(input);
  if (named?.kind === "zone") return { kind: "found", timeZone: named.timeZone };
  if (named?.kind === "ambiguous") return { kind: "ambiguous", zones: named.zones, of: "place" };
  const found = isZoneName(name) ? canonicalTimeZone(name) : undefined;
  if (found) return { kind: "found", timeZone: found };
  const needle = name.toLowerCase();
  const zones = knownTimeZones();
  const cityOf = (zone: string) => zone.toLowerCase().slice(zone.lastIndexOf("/") + 1);
  // "Tokyo", "new york": a city named by exactly one zone is that zone.
  const sameCity = [...new Set(zones.filter((zone) => cityOf(zone) === needle))];
  if (sameCity.length === 1 && sameCity[0]) return { kind: "found", timeZone: sameCity[0] };
  const limit = Math.max(1, Math.floor(needle.length / 3));
  const scored = zones
    .map((zone) => {
      const full = zone.toLowerCase();
      const city = cityOf(zone);
      const prefix = needle.length >= 3 && (full.startsWith(needle) || city.startsWith(needle));
      const distance = prefix ? 0.5 : Math.min(editDistance(needle, full), editDistance(needle, city));
      return { zone, distance };
    })
    .filter((entry) => entry.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.zone.localeCompare(b.zone));
  return { kind: "unknown", suggestions: scored.slice(0, 3).map((entry) => entry.zone) };
}
