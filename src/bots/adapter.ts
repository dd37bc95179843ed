import type { Bot } from "../core/bot.ts";
import type { ChatPoster, Platform, Pusher } from "../core/conversation.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../db/open.ts";
import type { HttpServer } from "../http/server.ts";

/**
 * What every platform adapter owes the core and main. An adapter verifies what its platform sends,
 * translates it into an `IncomingMessage` (`incoming.ts`), has the core read and answer it (`Bot.read`,
 * `Bot.answer`, following the command's rules), and maps the replies back (`render.ts`, through its
 * `Conversation` in `conversation.ts`); its `Pusher` (`pusher.ts`) sends to a person with nothing to
 * answer, and its `ChatPoster` (`poster.ts`) to a whole chat. It is done
 * when it passes the contract suite (tests/bots/contract.test.ts).
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Sends to this platform's addresses with nothing to answer (reminders, notices). */
  readonly pusher: Pusher;
  /** Posts to a chat for everyone in it (scheduled quizzes, standings). */
  readonly poster: ChatPoster;
  /**
   * Resolves when the platform stops by itself: for good, with an error (Discord closed the gateway), or
   * because its work is done (the local chat's input ended). Never resolves while it works; never rejects.
   */
  readonly ended: Promise<PlatformEnd>;
  /** Resolves when every message taken so far has been answered (later progress may still come). */
  idle(): Promise<void>;
  /**
   * The start of shutdown: new messages are no longer taken (users are told, or the platform is asked to
   * redeliver later); resolves once those already taken are answered. Work they started still runs.
   */
  stopIntake(): Promise<void>;
  /** Stops for good: stops taking messages, waits for those being handled, disconnects. */
  close(): Promise<void>;
}

export interface PlatformEnd {
  /** Why the platform stopped working; absent when its work was simply done. */
  error?: Error;
}

/** What main gives a platform's factory. */
export interface PlatformDeps {
  bot: Bot;
  logger: Logger;
  /** The bot's HTTP server, when it started: a platform with webhooks mounts its routes on it. */
  http: HttpServer | undefined;
  /** The bot's database, on which a platform opens its own store (LINE's webhook event ledger). */
  db: Db;
  /** Background work (training) a chat that ends by itself waits for before it ends (the piped local chat). */
  whenIdle: () => Promise<void>;
}

/** One platform in `src/platforms.ts`'s list: whether the environment asks for it, and how to start it. */
export interface PlatformFactory<Config> {
  platform: Platform;
  /**
   * Its settings from the environment, or undefined when it is not to run. Bad settings stop start-up
   * (a ConfigError) when its credentials are set, and are only warned about otherwise. `others` are the
   * platforms of the list before it that will run.
   */
  configure(env: NodeJS.ProcessEnv, logger: Logger, others: readonly Platform[]): Config | undefined;
  /** Connects and takes messages from then on; rejects when it cannot. */
  start(config: Config, deps: PlatformDeps): Promise<PlatformAdapter>;
}
