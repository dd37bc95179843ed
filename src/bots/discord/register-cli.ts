import { pino } from "pino";
import { createApp } from "../../app.ts";
import { readDiscordConfig } from "./config.ts";
import { registerCommands } from "./register.ts";

/** `npm run discord:register`: registers the running bot's commands (the same registry `npm start` builds). */
async function main(): Promise<void> {
  const config = readDiscordConfig();
  if (!config) throw new Error("DISCORD_TOKEN is not set");
  const logger = pino({ level: "warn", base: undefined }, pino.destination(2));
  const app = createApp({ dbPath: ":memory:", logger });
  try {
    const result = await registerCommands(config, app.bot.registry.commands);
    const where =
      result.scope === "guild" ? `in guild ${config.guildId}` : "globally (may take a while to show)";
    process.stdout.write(
      `Registered ${result.names.length} commands ${where}: /${result.names.join(", /")}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `discord:register failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
