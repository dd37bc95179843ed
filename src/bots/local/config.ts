import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { readPlatformEnv } from "../../config.ts";
import type { Platform } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";

/** Settings of the local chat: the terminal it talks through, and where it saves images. */
export interface LocalConfig {
  input: Readable;
  output: Writable;
  /** Where images (charts) are saved; their paths are printed. */
  outDir: string;
  /** A TTY gets a prompt and progress redrawn in place; a pipe gets one line per update and echoes commands. */
  interactive: boolean;
}

const envSchema = z.object({
  /** "1": run the local chat even when other platforms are configured. */
  MANABOT_LOCAL: z.enum(["0", "1"]).optional(),
  MANABOT_OUT_DIR: z.string().min(1).default("data/out"),
});

/**
 * The local chat runs in the process's terminal when no other platform does, or when MANABOT_LOCAL=1. A bad
 * MANABOT_LOCAL stops start-up.
 */
export function readLocalConfig(
  env: NodeJS.ProcessEnv,
  logger: Pick<Logger, "warn">,
  others: readonly Platform[],
): LocalConfig | undefined {
  const settings = readPlatformEnv(
    { name: "local chat", schema: envSchema, configured: () => true, notConfigured: "" },
    env,
    logger,
  );
  if (!settings || (others.length > 0 && settings.MANABOT_LOCAL !== "1")) return undefined;
  return {
    input: process.stdin,
    output: process.stdout,
    outDir: settings.MANABOT_OUT_DIR,
    interactive: Boolean(process.stdin.isTTY),
  };
}
