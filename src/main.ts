import { pino } from "pino";
import { createApp } from "./app.ts";
import { runLocalChat } from "./bots/local/index.ts";
import { readConfig } from "./config.ts";

/**
 * Starts manabot: the platform adapters whose credentials are set, or else the local terminal chat.
 */
async function main(): Promise<void> {
  const config = readConfig();
  // Logs go to stderr so the local chat's stdout stays a clean transcript.
  const logger = pino({ level: config.LOG_LEVEL, base: undefined }, pino.destination(2));
  const app = createApp({ dbPath: config.MANABOT_DB, logger });
  const shutdown = async () => {
    await app.close();
  };
  process.once("SIGINT", () => void shutdown().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void shutdown().finally(() => process.exit(143)));

  await runLocalChat({
    bot: app.bot,
    input: process.stdin,
    output: process.stdout,
    outDir: config.MANABOT_OUT_DIR,
    interactive: Boolean(process.stdin.isTTY),
    ...(app.trainer ? { whenIdle: () => app.trainer?.whenIdle() ?? Promise.resolve() } : {}),
  });
  await shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `manabot could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
