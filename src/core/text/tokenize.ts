/** Splits a command line on white space (ASCII or full-width), keeping "double quoted" parts together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|[^\s\u3000]+/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[1] ?? match[0]);
  return tokens;
}

export interface CommandLine {
  /** The command word without its slash, lower-cased. */
  name: string;
  /** Everything after the command word, trimmed. */
  rest: string;
}

const SLASHES = /^[/／]/;

/** A slash alone, or with nothing but spaces after it. */
export const isBareSlash = (text: string): boolean => /^[/／][\s\u3000]*$/.test(text.trim());

/**
 * Reads "/name rest…" (or "name rest…" when `requireSlash` is false). A space after the slash, as phone
 * keyboards add (「/ quiz」), is passed over.
 */
export function splitCommandLine(text: string, requireSlash: boolean): CommandLine | undefined {
  const trimmed = text.trim();
  const hasSlash = SLASHES.test(trimmed);
  if (requireSlash && !hasSlash) return undefined;
  const body = hasSlash ? trimmed.slice(1).replace(/^[\s\u3000]+/, "") : trimmed;
  const match = /^([^\s\u3000]+)[\s\u3000]*([\s\S]*)$/.exec(body);
  if (!match || !match[1]) return undefined;
  return { name: match[1].normalize("NFKC").toLowerCase(), rest: (match[2] ?? "").trim() };
}
