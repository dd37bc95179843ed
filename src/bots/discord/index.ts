export { readDiscordConfig, type DiscordConfig } from "./config.ts";
export { registerCommands } from "./register.ts";
export { startDiscord, type DiscordAdapter, type StartDiscordOptions } from "./start.ts";
