import type { App } from "./app.ts";
import type { PlatformAdapter, PlatformEnd, PlatformFactory } from "./bots/adapter.ts";
import { discordPlatform } from "./bots/discord/index.ts";
import { linePlatform } from "./bots/line/index.ts";
import { localPlatform } from "./bots/local/index.ts";
import type { ChatPoster, Platform, Pusher } from "./core/conversation.ts";
import type { Logger } from "./core/logger.ts";
import type { HttpServer } from "./http/server.ts";

/**
 * Every platform manabot can run on, in start order. A new platform is one more entry (its folder under
 * src/bots/ exports the factory); the local chat comes last, as it runs only when none before it does
 * (or MANABOT_LOCAL=1).
 */
export const PLATFORMS: readonly PlatformFactory<unknown>[] = [discordPlatform, linePlatform, localPlatform];

/** A platform that stopped by itself, and why. */
export interface PlatformStop extends PlatformEnd {
  platform: Platform;
}

export interface StartedPlatforms {
  /** The platforms the environment asked for, now running. */
  names: Platform[];
  adapters: PlatformAdapter[];
  pushers: Partial<Record<Platform, Pusher>>;
  posters: Partial<Record<Platform, ChatPoster>>;
  /** Resolves with the first platform that stops by itself (with an error when it failed for good). */
  ended: Promise<PlatformStop>;
  /**
   * The start of shutdown: every platform stops taking new messages (telling users, or asking LINE to
   * redeliver later) and finishes those already taken. Work they start must still be running for that.
   */
  stopIntake(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts every platform the environment asks for. All settings are read before any platform starts, so a
 * bad one stops start-up before anything connects; invalid settings of a platform without credentials are
 * only warned about, so the others run.
 */
export async function startPlatforms(
  app: App,
  logger: Logger,
  http: HttpServer | undefined,
  env: NodeJS.ProcessEnv = process.env,
  factories: readonly PlatformFactory<unknown>[] = PLATFORMS,
): Promise<StartedPlatforms> {
  const chosen: { factory: PlatformFactory<unknown>; config: unknown }[] = [];
  for (const factory of factories) {
    const config = factory.configure(
      env,
      logger,
      chosen.map((entry) => entry.factory.platform),
    );
    if (config !== undefined) chosen.push({ factory, config });
  }
  const deps = {
    bot: app.bot,
    logger,
    http,
    db: app.db,
    whenIdle: () => app.trainer?.whenIdle() ?? Promise.resolve(),
  };
  const adapters: PlatformAdapter[] = [];
  const close = async () => {
    for (const adapter of [...adapters].reverse()) await adapter.close();
  };
  try {
    for (const { factory, config } of chosen) adapters.push(await factory.start(config, deps));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    names: adapters.map((adapter) => adapter.platform),
    adapters,
    pushers: Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.pusher])),
    posters: Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.poster])),
    ended: Promise.race(
      adapters.map((adapter) => adapter.ended.then((end) => ({ platform: adapter.platform, ...end }))),
    ),
    stopIntake: async () => {
      await Promise.all(adapters.map((adapter) => adapter.stopIntake()));
    },
    close,
  };
}
