import { createHash, randomInt } from "node:crypto";

/** Letters and digits that cannot be mistaken for one another when typed from a screen (no 0/O, 1/I/L). */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 8;

/** A fresh one-time code, e.g. "K7QM-3XPA": 31⁸ ≈ 8.5 × 10¹¹ possibilities. */
export function newLinkCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

/** What a typed code means, whatever its case, width or dashes: "ｋ７ｑｍ ３ｘｐａ" → "K7QM3XPA". */
export const normalizeLinkCode = (typed: string): string =>
  typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐−ー_]/g, "");

/** Codes are kept only as this hash, so the database never holds one that could be used. */
export const hashLinkCode = (typed: string): string =>
  createHash("sha256").update(normalizeLinkCode(typed)).digest("hex");
