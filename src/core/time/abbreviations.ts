/**
 * Time-zone abbreviations people type, read as the IANA zone whose clock they mean (daylight saving
 * included: EST and EDT are both New York). Intl's own aliases are not used: it reads BST as Asia/Dhaka and
 * EST as Panama (no daylight saving). An abbreviation several regions use has no single answer: it is
 * listed with the zones it may mean, and the user is asked for an IANA name.
 */
export type Abbreviation = { kind: "zone"; timeZone: string } | { kind: "ambiguous"; zones: string[] };

const zone = (timeZone: string): Abbreviation => ({ kind: "zone", timeZone });
const ambiguous = (...zones: string[]): Abbreviation => ({ kind: "ambiguous", zones });

const ABBREVIATIONS: Readonly<Record<string, Abbreviation>> = {
  // North America
  ET: zone("America/New_York"),
  EST: zone("America/New_York"),
  EDT: zone("America/New_York"),
  CT: zone("America/Chicago"),
  CST: ambiguous("America/Chicago", "Asia/Shanghai", "America/Havana"),
  CDT: zone("America/Chicago"),
  MT: zone("America/Denver"),
  MST: ambiguous("America/Denver", "America/Phoenix"),
  MDT: zone("America/Denver"),
  PT: zone("America/Los_Angeles"),
  PST: zone("America/Los_Angeles"),
  PDT: zone("America/Los_Angeles"),
  AKST: zone("America/Anchorage"),
  AKDT: zone("America/Anchorage"),
  HST: zone("Pacific/Honolulu"),
  AST: ambiguous("America/Halifax", "Asia/Riyadh"),
  ADT: zone("America/Halifax"),
  NST: zone("America/St_Johns"),
  NDT: zone("America/St_Johns"),
  // Europe and Africa
  BST: zone("Europe/London"),
  IST: ambiguous("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
  WET: zone("Europe/Lisbon"),
  WEST: zone("Europe/Lisbon"),
  CET: zone("Europe/Berlin"),
  CEST: zone("Europe/Berlin"),
  EET: zone("Europe/Athens"),
  EEST: zone("Europe/Athens"),
  MSK: zone("Europe/Moscow"),
  SAST: zone("Africa/Johannesburg"),
  WAT: zone("Africa/Lagos"),
  CAT: zone("Africa/Maputo"),
  EAT: zone("Africa/Nairobi"),
  // Asia and the Pacific
  JST: zone("Asia/Tokyo"),
  KST: zone("Asia/Seoul"),
  HKT: zone("Asia/Hong_Kong"),
  SGT: zone("Asia/Singapore"),
  PHT: zone("Asia/Manila"),
  ICT: zone("Asia/Bangkok"),
  WIB: zone("Asia/Jakarta"),
  PKT: zone("Asia/Karachi"),
  NPT: zone("Asia/Kathmandu"),
  SST: ambiguous("Pacific/Pago_Pago", "Asia/Singapore"),
  AEST: ambiguous("Australia/Sydney", "Australia/Brisbane"),
  AEDT: zone("Australia/Sydney"),
  ACST: ambiguous("Australia/Adelaide", "Australia/Darwin"),
  ACDT: zone("Australia/Adelaide"),
  AWST: zone("Australia/Perth"),
  NZST: zone("Pacific/Auckland"),
  NZDT: zone("Pacific/Auckland"),
};

/** What an abbreviation ("est", "JST") means, or undefined when it is not one. */
export const abbreviation = (input: string): Abbreviation | undefined =>
  Object.hasOwn(ABBREVIATIONS, input.toUpperCase()) ? ABBREVIATIONS[input.toUpperCase()] : undefined;
