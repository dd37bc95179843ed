import type { Bot } from "../../core/bot.ts";
import { TRAIN_ACTIONS } from "../../core/commands/train.ts";
import { isUserError } from "../../core/errors.ts";
import { parseTrainArgs } from "../../trainer/params.ts";

const TRAIN_WORDS: ReadonlySet<string> = new Set(TRAIN_ACTIONS);

/**
 * Whether the core will refuse this command line at once — a mistake in `/train`'s parameters, or training
 * not enabled. Such a command is not deferred ("thinking…" is public), so the explanation goes to the sender
 * alone. The parameters are read by the trainer's own parser, exactly as the core will read them.
 */
export function isRefusedAtOnce(bot: Bot, commandName: string, commandLine: string): boolean {
  if (commandName !== "train") return false;
  if (!bot.services.trainer) return true;
  const params = commandLine.trim().replace(/^\S+\s*/, "");
  if (TRAIN_WORDS.has(params.toLowerCase())) return false;
  try {
    parseTrainArgs(params);
    return false;
  } catch (error) {
    if (isUserError(error)) return true;
    throw error;
  }
}
