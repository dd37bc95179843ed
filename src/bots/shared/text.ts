/**
 * Text helpers every adapter needs at its platform's limits. Lengths are UTF-16 code units
 * (`string.length`), never less than what a platform counts, and no cut ever falls inside a surrogate
 * pair (an emoji).
 */

export const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Cuts `text` to at most `max` code units, marking the cut with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Splits text into pieces of at most `limit` characters that join back to exactly the text: each piece
 * ends after a line break when one falls in its second half, else at the limit. For platforms that send
 * the pieces as separate plain messages (LINE).
 */
export function splitText(text: string, limit: number): string[] {
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

/**
 * Prose for markdown chunks (Discord): split at paragraph ends, else line ends, else anywhere. The breaks
 * at the cuts are dropped, since the chunks become messages or blocks of their own.
 */
export function splitProse(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = "";
  for (const paragraph of text.split(/\n{2,}/)) {
    const pieces = paragraph.length <= limit ? [paragraph] : splitLines(paragraph, limit);
    for (const piece of pieces) {
      if (!current) current = piece;
      else if (current.length + 2 + piece.length <= limit) current = `${current}\n\n${piece}`;
      else {
        parts.push(current);
        current = piece;
      }
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Lines packed into parts of at most `limit` characters; a line longer than that is cut into pieces. */
export function splitLines(text: string, limit: number): string[] {
  const parts: string[] = [];
  let current: string | undefined;
  for (const line of text.split("\n").flatMap((whole) => hardSplit(whole, limit))) {
    if (current === undefined) current = line;
    else if (current.length + 1 + line.length <= limit) current = `${current}\n${line}`;
    else {
      parts.push(current);
      current = line;
    }
  }
  if (current !== undefined) parts.push(current);
  return parts;
}

function hardSplit(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const end = isHighSurrogate(rest.charCodeAt(limit - 1)) ? limit - 1 : limit;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  pieces.push(rest);
  return pieces;
}
