/**
 * Characters as people count them: one emoji, one kana with its voicing mark, one flag each count as one,
 * whatever their UTF-16 length. Every user-facing limit is checked with this.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** The first `limit` characters of `text` (whole grapheme clusters), with "…" when something was cut. */
export function clipGraphemes(text: string, limit: number): string {
  let taken = 0;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (taken === limit) return `${text.slice(0, index)}…`;
    taken++;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** Full-width characters (kana, kanji, full-width forms) and emoji take two columns of a terminal. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;

/** The columns `text` takes in a monospace terminal or code block. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += WIDE.test(segment) ? 2 : 1;
  return width;
}

/** `padEnd` by columns, so a row with 「なし」 lines up with one with "none". */
export const padColumns = (text: string, width: number): string =>
  text + " ".repeat(Math.max(0, width - displayWidth(text)));
