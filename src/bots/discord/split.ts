import { isHighSurrogate } from "./limits.ts";

/** Prose or a code block, as it will be written in Discord markdown. */
export type Segment = { kind: "text"; text: string } | { kind: "code"; language: string; code: string };

/**
 * Writes segments as markdown chunks of at most `limit` characters. Segments are packed whole where they fit;
 * a long one is split at paragraph or line ends, and a long code block becomes several complete blocks, so
 * no chunk ever ends inside a code block.
 */
export function chunkMarkdown(segments: readonly Segment[], limit: number): string[] {
  const pieces = segments.flatMap((segment) =>
    segment.kind === "text"
      ? splitText(inertFences(segment.text).trim(), limit)
      : splitCode(segment.language, segment.code, limit),
  );
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (!piece) continue;
    if (!current) current = piece;
    else if (current.length + 1 + piece.length <= limit) current = `${current}\n${piece}`;
    else {
      chunks.push(current);
      current = piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** A code block split into complete ``` blocks, each at most `limit` characters with its fences. */
export function splitCode(language: string, code: string, limit: number): string[] {
  const open = `\`\`\`${language.replace(/[^\w+-]/g, "")}\n`;
  const close = "\n```";
  const budget = limit - open.length - close.length;
  if (budget < 1) throw new Error(`limit ${limit} leaves no room for code`);
  const safe = inertFences(code).replace(/\s+$/, "");
  return splitLines(safe, budget).map((part) => `${open}${part}${close}`);
}

/** A stray ``` would open or end a code block early; a zero-width space keeps it visible but inert. */
const inertFences = (text: string): string => text.replace(/`{3,}/g, (run) => [...run].join("\u200b"));

/** Prose split at paragraph ends, else line ends, else anywhere (never inside a surrogate pair). */
export function splitText(text: string, limit: number): string[] {
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
function splitLines(text: string, limit: number): string[] {
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
