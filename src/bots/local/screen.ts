import { clearLine, cursorTo, moveCursor, type Interface } from "node:readline";
import type { Writable } from "node:stream";
import { displayWidth } from "../../core/text/graphemes.ts";

/** Where the local chat writes: a plain stream for pipes, or a terminal with a prompt kept at the bottom. */
export interface Screen {
  /** Prints text (several lines allowed). */
  print(text: string): void;
  /** Draws a progress line; the next one replaces it unless something else was printed in between. */
  progress(line: string, done: boolean): void;
  /** Shows the prompt again, after a command's replies. */
  prompt(): void;
}

/** Pipes and files: every line is kept, one per progress update, and no prompt. */
export function plainScreen(output: Writable): Screen {
  return {
    print: (text) => void output.write(`${text}\n`),
    progress: (line) => void output.write(`${line}\n`),
    prompt: () => undefined,
  };
}

/** The rows a line takes on a terminal this wide (full-width characters take two columns). */
const rowsOf = (line: string, columns: number): number =>
  Math.max(1, Math.ceil(displayWidth(line) / columns));

/**
 * A terminal: whatever arrives while the user is typing (a reminder, training progress) is printed above
 * the prompt, and readline redraws the prompt with the half-typed line under it. Training progress redraws
 * its own rows in place, and only while they are the last thing above the prompt: a command the user sent
 * (or any other output) since then is never drawn over.
 */
export function terminalScreen(output: Writable, lines: Interface): Screen {
  /** The rows just above the prompt held by an unfinished progress line, to be replaced by the next one. */
  let progressRows = 0;
  // After Ctrl+D the chat waits for training to finish: its progress and result print as plain lines.
  let closed = false;
  lines.once("close", () => {
    closed = true;
    output.write("\n");
  });
  // Enter moved the cursor below the typed command: the progress line is no longer the one above it.
  lines.on("line", () => {
    progressRows = 0;
  });
  const columns = () => (output as Writable & { columns?: number }).columns ?? 80;
  const abovePrompt = (text: string, replacing: number): void => {
    if (closed) {
      output.write(`${text}\n`);
      return;
    }
    cursorTo(output, 0);
    clearLine(output, 0);
    for (let row = 0; row < replacing; row++) {
      moveCursor(output, 0, -1);
      clearLine(output, 0);
    }
    output.write(`${text}\n`);
    lines.prompt(true);
  };
  return {
    print(text) {
      abovePrompt(text, 0);
      progressRows = 0;
    },
    progress(line, done) {
      abovePrompt(line, progressRows);
      progressRows = done ? 0 : rowsOf(line, columns());
    },
    prompt: () => {
      if (!closed) lines.prompt(true);
    },
  };
}
