import { mkdirSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import type { Conversation, Locale } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { Choice, ImageReply, Reply } from "../../core/reply.ts";
import { progressLine } from "../../core/text/progress-bar.ts";
import { imageNotSaved } from "./messages.ts";
import { renderReply } from "./render.ts";
import type { Screen } from "./screen.ts";

/**
 * The way back to the terminal, for the immediate replies and for later ones alike: text printed, images
 * saved under `outDir` with their path printed, progress redrawn. While a command is being answered, later
 * replies (a job's first progress) wait for its answer, so the answer comes first as on every platform.
 * The choices shown last are kept, so a typed number can pick one.
 */
export class TerminalConversation implements Conversation {
  lastChoices: Choice[] = [];
  /** Later replies waiting for the answer being prepared, or undefined when none is. */
  private held: (readonly Reply[])[] | undefined;

  constructor(
    private readonly screen: Screen,
    private readonly outDir: string,
    /** The user's language now (their `/lang`), for what the terminal says itself. */
    private readonly locale: () => Locale,
    /** Where a failure to save an image is logged (the user is told in plain words). */
    private readonly logger?: Pick<Logger, "error">,
  ) {}

  async send(replies: Reply[]): Promise<void> {
    if (this.held) this.held.push(replies);
    else this.show(replies);
  }

  /** A command is being answered: later replies wait for `answer`. */
  holdForAnswer(): void {
    this.held ??= [];
  }

  /** Shows a command's answer, then whatever arrived meanwhile. */
  answer(replies: readonly Reply[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const batch of [replies, ...held]) this.show(batch);
  }

  private show(replies: readonly Reply[]): void {
    let previous: Reply["kind"] | undefined;
    for (const reply of replies) {
      const before = previous;
      previous = reply.kind;
      if (reply.kind === "progress") {
        this.screen.progress(progressLine(reply), reply.done);
        continue;
      }
      if (reply.kind === "image") {
        this.screen.print(this.saveImage(reply));
        continue;
      }
      const rendered = renderReply(reply, before);
      this.screen.print(rendered.text);
      if (rendered.choices) this.lastChoices = rendered.choices;
    }
  }

  /**
   * Saves a chart where the user can open it and says where; a failure is logged, not thrown at them. The
   * name is the reply's own with the time it was saved, never one already there: job ids start again in
   * another database (or after a reset), and an earlier chart is kept.
   */
  private saveImage(reply: ImageReply): string {
    try {
      mkdirSync(this.outDir, { recursive: true });
      const path = writeNew(this.outDir, stampedName(reply.filename, new Date()), reply.png);
      return `🖼️  ${reply.alt}\n    → ${path}`;
    } catch (error) {
      this.logger?.error({ err: error, outDir: this.outDir }, "local chat: could not save an image");
      return `🖼️  ${reply.alt}\n    ${imageNotSaved(this.locale())}`;
    }
  }
}

/** 「train-42.png」 saved at 2026-12-02 05:36:12 UTC → 「train-42-20261202T053612Z.png」. */
export function stampedName(filename: string, at: Date): string {
  const extension = extname(filename);
  const stem = filename.slice(0, filename.length - extension.length);
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  return `${stem}-${stamp}${extension}`;
}

/** Writes `data` under a name no file has yet (「…Z.png」, then 「…Z-2.png」…) and returns its absolute path. */
function writeNew(dir: string, filename: string, data: Uint8Array): string {
  const extension = extname(filename);
  const stem = filename.slice(0, filename.length - extension.length);
  for (let copy = 1; ; copy += 1) {
    const path = resolve(join(dir, copy === 1 ? filename : `${stem}-${copy}${extension}`));
    try {
      writeFileSync(path, data, { flag: "wx" });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
