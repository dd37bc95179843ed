import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
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

  /** Saves a chart where the user can open it and says where; a failure is logged, not thrown at them. */
  private saveImage(reply: ImageReply): string {
    try {
      mkdirSync(this.outDir, { recursive: true });
      const path = resolve(join(this.outDir, reply.filename));
      writeFileSync(path, reply.png);
      return `🖼️  ${reply.alt}\n    → ${path}`;
    } catch (error) {
      this.logger?.error({ err: error, outDir: this.outDir }, "local chat: could not save an image");
      return `🖼️  ${reply.alt}\n    ${imageNotSaved(this.locale())}`;
    }
  }
}
