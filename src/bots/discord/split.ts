import { splitLines, splitProse } from "../shared/text.ts";

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
      ? splitProse(inertFences(segment.text).trim(), limit)
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
