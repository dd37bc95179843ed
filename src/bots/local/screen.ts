import { clearLine, cursorTo, moveCursor, type Interface } from "node:readline";
import type { Writable } from "node:stream";

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

/**
 * A terminal: whatever arrives while the user is typing (a reminder, training progress) is printed above
 * the prompt, and readline redraws the prompt with the half-typed line under it. Training progress redraws
 * one line in place.
 */
export function terminalScreen(output: Writable, lines: Interface): Screen {
  /** The line just above the prompt is an unfinished progress line, to be replaced by the next one. */
  let progressAbove = false;
  // After Ctrl+D the chat waits for training to finish: its progress and result print as plain lines.
  let closed = false;
  lines.once("close", () => {
    closed = true;
    output.write("\n");
  });
  const abovePrompt = (text: string, replacesProgress: boolean): void => {
    if (closed) {
      output.write(`${text}\n`);
      return;
    }
    cursorTo(output, 0);
    clearLine(output, 0);
    if (replacesProgress) {
      moveCursor(output, 0, -1);
      clearLine(output, 0);
    }
    output.write(`${text}\n`);
    lines.prompt(true);
  };
  return {
    print(text) {
      abovePrompt(text, false);
      progressAbove = false;
    },
    progress(line, done) {
      abovePrompt(line, progressAbove);
      progressAbove = !done;
    },
    prompt: () => {
      if (!closed) lines.prompt(true);
    },
  };
}
