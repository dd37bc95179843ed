import { REST, Routes } from "discord.js";
import type { Command } from "../../core/commands/types.ts";
import { buildCommandJson } from "./commands.ts";
import type { DiscordConfig } from "./config.ts";

export interface RegisterResult {
  scope: "guild" | "global";
  names: string[];
}

/**
 * Replaces the application's slash commands with the registry's (one bulk PUT): in one server when a guild id
 * is configured (changes show at once), else globally.
 */
export async function registerCommands(
  config: DiscordConfig,
  commands: readonly Command[],
): Promise<RegisterResult> {
  const rest = new REST({ api: config.apiBaseUrl }).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const saved = (await rest.put(route, { body: buildCommandJson(commands) })) as { name: string }[];
  return { scope: config.guildId ? "guild" : "global", names: saved.map((command) => command.name) };
}
