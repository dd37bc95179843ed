/**
 * Fixed offsets as people write them: "UTC+9", "GMT+9", "UTC+05:30", "+09:00". Whole hours are IANA's
 * Etc/GMT zones, whose sign is inverted (UTC+9 is "Etc/GMT-9"); the few half-hour offsets in use without
 * daylight saving are the zone that keeps them. Any other offset is no zone anyone lives in.
 */
export type Offset = { kind: "zone"; timeZone: string } | { kind: "unknown" };

const OFFSET = /^(?:(?:utc|gmt|z)\s*)?([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/** Offsets that are not whole hours, by the zone that keeps them all year. */
const PART_HOURS: Readonly<Record<string, string>> = {
  "+03:30": "Asia/Tehran",
  "+04:30": "Asia/Kabul",
  "+05:30": "Asia/Kolkata",
  "+05:45": "Asia/Kathmandu",
  "+06:30": "Asia/Yangon",
  "+08:45": "Australia/Eucla",
  "+09:30": "Australia/Darwin",
  "-09:30": "Pacific/Marquesas",
};

/** Reads an offset, or undefined when the input is not written as one. */
export function offsetZone(input: string): Offset | undefined {
  const typed = input.normalize("NFKC").trim();
  if (/^(utc|gmt|z)$/i.test(typed)) return { kind: "zone", timeZone: "UTC" };
  const match = OFFSET.exec(typed);
  if (!match) return undefined;
  const sign = match[1] === "+" ? 1 : -1;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (minutes === 0) {
    if (hours === 0) return { kind: "zone", timeZone: "UTC" };
    // IANA has Etc/GMT-14 (UTC+14) to Etc/GMT+12 (UTC-12).
    const fits = sign > 0 ? hours <= 14 : hours <= 12;
    return fits ? { kind: "zone", timeZone: `Etc/GMT${sign > 0 ? "-" : "+"}${hours}` } : { kind: "unknown" };
  }
  const key = `${sign > 0 ? "+" : "-"}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  const zone = PART_HOURS[key];
  return zone ? { kind: "zone", timeZone: zone } : { kind: "unknown" };
}

/** How a zone is shown: Etc/GMT-9 as "UTC+9" (its sign the right way round); IANA names as they are. */
export function zoneLabel(timeZone: string): string {
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(timeZone);
  if (!etc) return timeZone;
  return `UTC${etc[1] === "-" ? "+" : "-"}${etc[2]}`;
}
