/**
 * HTML built from templates in which every interpolated value is escaped, unless it is itself HTML made
 * by `html` (so nesting works) — a memo containing `<script>` is shown as text, never run.
 */
const SAFE = Symbol("safe-html");

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

const isSafe = (value: unknown): value is SafeHtml =>
  typeof value === "object" && value !== null && SAFE in value;

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join("");
  if (isSafe(value)) return value.value;
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return { [SAFE]: true, value: out };
}

/** The finished document's text. */
export const toText = (value: SafeHtml): string => value.value;
