import type { App } from "./app.ts";
import { readDiscordConfig, startDiscord, type DiscordAdapter } from "./bots/discord/index.ts";
import { readLineConfig, startLine, type LineAdapter } from "./bots/line/start.ts";
import type { Platform, Pusher } from "./core/conversation.ts";
import type { Logger } from "./core/logger.ts";
import { ConfigError } from "./config.ts";
import type { HttpServer } from "./http/server.ts";

/** A platform that stopped working for good after it started (Discord closed the gateway: a reset token). */
export interface PlatformFailure {
  platform: Platform;
  error: Error;
}

export interface StartedPlatforms {
  /** The platforms whose credentials were set and that are now connected. */
  names: Platform[];
  pushers: Partial<Record<Platform, Pusher>>;
  discord?: DiscordAdapter;
  line?: LineAdapter;
  /** Resolves with the first platform that fails for good; never resolves while all keep working. */
  failure: Promise<PlatformFailure>;
  /**
   * The start of shutdown: every platform stops taking new messages (telling users, or asking LINE to
   * redeliver later) and finishes those already taken. Work they start must still be running for that.
   */
  stopIntake(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts every platform adapter whose credentials are in the environment (none is fine). Invalid settings
 * of a platform without credentials are logged as warnings, not fatal, so the others (or the local chat) run.
 */
export async function startPlatforms(
  app: App,
  logger: Logger,
  http: HttpServer | undefined,
  env = process.env,
): Promise<StartedPlatforms> {
  const pushers: Partial<Record<Platform, Pusher>> = {};
  const closers: (() => Promise<void>)[] = [];
  const intakes: (() => Promise<void>)[] = [];
  const failures: Promise<PlatformFailure>[] = [];
  const names: Platform[] = [];
  const started: Pick<StartedPlatforms, "discord" | "line"> = {};
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    const discordConfig = readDiscordConfig(env, logger);
    const lineConfig = readLineConfig(env, logger);
    if (discordConfig) {
      const discord = await startDiscord({ bot: app.bot, logger, config: discordConfig });
      started.discord = discord;
      pushers.discord = discord.pusher;
      closers.push(() => discord.close());
      intakes.push(() => discord.stopIntake());
      failures.push(discord.failed.then((error) => ({ platform: "discord", error })));
      names.push("discord");
    }
    if (lineConfig) {
      if (!http)
        throw new ConfigError(
          "LINE needs the HTTP server for its webhook, and it did not start (see the warning before this)",
        );
      const line = await startLine({ bot: app.bot, logger, config: lineConfig, db: app.db, http });
      started.line = line;
      pushers.line = line.pusher;
      closers.push(() => line.close());
      intakes.push(() => line.stopIntake());
      names.push("line");
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    names,
    pushers,
    ...started,
    failure: Promise.race([...failures, new Promise<never>(() => {})]),
    stopIntake: async () => {
      await Promise.all(intakes.map((stop) => stop()));
    },
    close,
  };
}
