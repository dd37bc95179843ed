import type { PlatformFactory } from "../adapter.ts";
import { readDiscordConfig, type DiscordConfig } from "./config.ts";
import { startDiscord } from "./start.ts";

export { readDiscordConfig, type DiscordConfig } from "./config.ts";
export { registerCommands } from "./register.ts";
export { startDiscord, type DiscordAdapter, type StartDiscordOptions } from "./start.ts";

/** Discord runs when DISCORD_TOKEN is set. */
export const discordPlatform: PlatformFactory<DiscordConfig> = {
  platform: "discord",
  configure: (env, logger) => readDiscordConfig(env, logger),
  start: (config, { bot, logger }) => startDiscord({ bot, logger, config }),
};
