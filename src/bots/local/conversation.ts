import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Conversation } from "../../core/conversation.ts";
import type { Choice, Reply } from "../../core/reply.ts";
import { progressLine } from "../../core/text/progress-bar.ts";
import { renderReply } from "./render.ts";
import type { Screen } from "./screen.ts";

/**
 * The way back to the terminal, for the immediate replies and for later ones alike: text printed, images
 * saved under `outDir` with their path printed, progress redrawn. The choices shown last are kept, so a
 * typed number can pick one.
 */
export class TerminalConversation implements Conversation {
  lastChoices: Choice[] = [];

  constructor(
    private readonly screen: Screen,
    private readonly outDir: string,
  ) {}

  async send(replies: Reply[]): Promise<void> {
    this.show(replies);
  }

  show(replies: readonly Reply[]): void {
    for (const reply of replies) {
      if (reply.kind === "progress") {
        this.screen.progress(progressLine(reply), reply.done);
        continue;
      }
      if (reply.kind === "image") {
        mkdirSync(this.outDir, { recursive: true });
        const path = resolve(join(this.outDir, reply.filename));
        writeFileSync(path, reply.png);
        this.screen.print(`🖼️  ${reply.alt}\n    → ${path}`);
        continue;
      }
      const rendered = renderReply(reply);
      this.screen.print(rendered.text);
      if (rendered.choices) this.lastChoices = rendered.choices;
    }
  }
}
