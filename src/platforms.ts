import type { App } from "./app.ts";
import { readDiscordConfig, startDiscord, type DiscordAdapter } from "./bots/discord/index.ts";
import { readLineConfig, startLine, type LineAdapter } from "./bots/line/index.ts";
import type { Platform, Pusher } from "./core/conversation.ts";
import type { Logger } from "./core/logger.ts";

export interface StartedPlatforms {
  /** The platforms whose credentials were set and that are now connected. */
  names: Platform[];
  pushers: Partial<Record<Platform, Pusher>>;
  discord?: DiscordAdapter;
  line?: LineAdapter;
  close(): Promise<void>;
}

/** Starts every platform adapter whose credentials are in the environment (none is fine). */
export async function startPlatforms(app: App, logger: Logger, env = process.env): Promise<StartedPlatforms> {
  const pushers: Partial<Record<Platform, Pusher>> = {};
  const closers: (() => Promise<void>)[] = [];
  const names: Platform[] = [];
  const started: Pick<StartedPlatforms, "discord" | "line"> = {};
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    const discordConfig = readDiscordConfig(env);
    if (discordConfig) {
      const discord = await startDiscord({ bot: app.bot, logger, config: discordConfig });
      started.discord = discord;
      pushers.discord = discord.pusher;
      closers.push(() => discord.close());
      names.push("discord");
    }
    const lineConfig = readLineConfig(env);
    if (lineConfig) {
      const line = await startLine({ bot: app.bot, logger, config: lineConfig, db: app.db });
      started.line = line;
      pushers.line = line.pusher;
      closers.push(() => line.close());
      names.push("line");
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { names, pushers, ...started, close };
}
