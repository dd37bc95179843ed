import { closest } from "../text/suggest.ts";
import type { Command } from "./types.ts";

/** Finds commands by name or alias. */
export class CommandRegistry {
  private readonly byWord = new Map<string, Command>();

  constructor(readonly commands: readonly Command[]) {
    for (const command of commands) {
      const words = [command.name, ...(command.aliases ?? []), ...Object.keys(command.wordSubcommands ?? {})];
      for (const word of words) {
        const key = word.toLowerCase();
        const taken = this.byWord.get(key);
        if (taken)
          throw new Error(`command word "${word}" is used by both /${taken.name} and /${command.name}`);
        this.byWord.set(key, command);
      }
    }
  }

  find(word: string): Command | undefined {
    return this.byWord.get(word.toLowerCase());
  }

  /** The command name closest to a mistyped word. */
  suggest(word: string): string | undefined {
    return closest(
      word,
      this.commands.map((command) => command.name),
    );
  }
}
