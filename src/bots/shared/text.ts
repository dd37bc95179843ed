import { LINE_LIMITS } from "../line/limits.ts";

/**
 * Splits text into pieces of at most `limit` characters, preferring to break after a line break, never
 * inside a surrogate pair.
 */
export function splitText(text: string, limit: number = LINE_LIMITS.textLength): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit - 1) + 1;
    if (cut <= limit / 2) cut = limit;
    if (isLowSurrogate(rest.charCodeAt(cut))) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Shortens text to `limit` characters with a trailing ellipsis, never inside a surrogate pair. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = limit - 1;
  if (isLowSurrogate(text.charCodeAt(cut))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
