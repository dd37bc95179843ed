import { editDistance } from "../text/suggest.ts";
import { abbreviation } from "./abbreviations.ts";
import { canonicalTimeZone, knownTimeZones } from "./zone.ts";

export type ZoneLookup =
  | { kind: "found"; timeZone: string }
  /** An abbreviation several regions use (CST, IST): these are the zones it may mean. */
  | { kind: "ambiguous"; zones: string[] }
  | { kind: "unknown"; suggestions: string[] };

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
 * Reads a time zone as typed: an IANA name ("Asia/Tokyo", "asia/tokyo", "America/New York") or a common
 * abbreviation ("EST", "JST"). For anything else, suggests up to three close names, matching whole names
 * or just their city ("Tokyo", "Tokio").
 */
export function lookUpTimeZone(input: string): ZoneLookup {
  const name = normalize(input);
  const short = abbreviation(name);
  if (short?.kind === "zone") return { kind: "found", timeZone: short.timeZone };
  if (short?.kind === "ambiguous") return { kind: "ambiguous", zones: short.zones };
  const found = isZoneName(name) ? canonicalTimeZone(name) : undefined;
  if (found) return { kind: "found", timeZone: found };
  const needle = name.toLowerCase();
  const limit = Math.max(1, Math.floor(needle.length / 3));
  const scored = knownTimeZones()
    .map((zone) => {
      const full = zone.toLowerCase();
      const city = full.slice(full.lastIndexOf("/") + 1);
      const prefix = needle.length >= 3 && (full.startsWith(needle) || city.startsWith(needle));
      const distance = prefix ? 0.5 : Math.min(editDistance(needle, full), editDistance(needle, city));
      return { zone, distance };
    })
    .filter((entry) => entry.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.zone.localeCompare(b.zone));
  return { kind: "unknown", suggestions: scored.slice(0, 3).map((entry) => entry.zone) };
}
