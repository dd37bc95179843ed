import { afterAll, beforeAll, expect } from "vitest";
import { createApp, type App } from "../../../src/app.ts";
import type { DiscordConfig } from "../../../src/bots/discord/config.ts";
import { startDiscord, type DiscordAdapter } from "../../../src/bots/discord/start.ts";
import type { Clock } from "../../../src/core/clock.ts";
import { builtinCommands } from "../../../src/core/commands/index.ts";
import { parseArgs } from "../../../src/core/commands/parse-args.ts";
import type { TrainerPort } from "../../../src/core/ports/trainer.ts";
import { splitCommandLine } from "../../../src/core/text/tokenize.ts";
import type { Db } from "../../../src/db/open.ts";
import { startHttpServer, type HttpServer } from "../../../src/http/server.ts";
import { harnessApp } from "../../helpers/harness-app.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import {
  alice,
  APPLICATION_ID,
  BOT_TOKEN,
  chatInputCommand,
  FakeDiscord,
  OptionType,
  type CommandOption,
  type FakeDiscordOptions,
  type FakeMessage,
  type FakeUser,
  type RecordedCall,
  type Where,
} from "../../fakes/discord/index.ts";

export { RecordingLogger } from "../../helpers/logger.ts";

export interface Harness {
  fake: FakeDiscord;
  app: App;
  adapter: DiscordAdapter;
  logger: RecordingLogger;
  /** The HTTP server with the study page, when started with `web: true`. */
  http?: HttpServer;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Settings of the adapter over the fake's (a wrong token, say). */
  config?: Partial<DiscordConfig>;
  trainer?: (db: Db) => TrainerPort;
  now?: () => number;
  fake?: FakeDiscordOptions;
  deferAfterMs?: number;
  deferAtOnce?: boolean;
  /** The core's clock (the system's by default). */
  clock?: Clock;
  /** A core to share with another platform's harness (then closed by its owner, not here). */
  app?: App;
  /** Also serve the study page on the web (for /web). */
  web?: boolean;
}

/** A real core on :memory: and the real discord.js client, logged in to a fake Discord on 127.0.0.1. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.fake);
  const logger = new RecordingLogger();
  const { app, web } = harnessApp(options, logger);
  const http = web ? await startHttpServer({ port: 0, host: "127.0.0.1" }, logger) : undefined;
  if (http) web?.mount(http);
  let adapter: DiscordAdapter;
  try {
    adapter = await startDiscord({
      bot: app.bot,
      logger,
      config: {
        token: BOT_TOKEN,
        applicationId: APPLICATION_ID,
        apiBaseUrl: fake.apiBaseUrl,
        ...options.config,
      },
      ...(options.now ? { now: options.now } : {}),
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      ...(options.deferAtOnce !== undefined ? { deferAtOnce: options.deferAtOnce } : {}),
    });
  } catch (error) {
    await http?.close();
    if (!options.app) await app.close();
    await fake.close();
    throw error;
  }
  return {
    fake,
    app,
    adapter,
    logger,
    ...(http ? { http } : {}),
    async close() {
      await adapter.close();
      await http?.close();
      if (!options.app) await app.close();
      await fake.close();
    },
  };
}

/** Interaction callbacks (POST /interactions/{id}/{token}/callback) of one interaction. */
export const isCallbackOf =
  (interaction: { id: string; token: string }) =>
  (call: RecordedCall): boolean =>
    call.method === "POST" && call.path === `/interactions/${interaction.id}/${interaction.token}/callback`;

/** Webhook calls (follow-ups, edits) made with one interaction's token. */
export const isWebhookOf =
  (interaction: { token: string }) =>
  (call: RecordedCall): boolean =>
    call.path.startsWith(`/webhooks/${APPLICATION_ID}/${interaction.token}`);

export interface CallbackBody {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: { description?: string }[];
    components?: {
      type: number;
      components: { type: number; custom_id: string; label: string; style: number; disabled?: boolean }[];
    }[];
    choices?: { name: string; value: number | string }[];
  };
}

/** Dispatches an interaction and waits until the bot has answered it completely; returns its REST calls. */
export async function exchange(
  harness: Harness,
  payload: { id: string; token: string; channel_id?: string; message?: { id: string } },
): Promise<{ callback: CallbackBody; calls: RecordedCall[] }> {
  const mark = harness.fake.mark();
  harness.fake.dispatchInteraction(payload);
  const callback = await harness.fake.waitForCall(isCallbackOf(payload), mark);
  await harness.adapter.idle();
  const calls = harness.fake.callsAfter(
    mark,
    (call) => isCallbackOf(payload)(call) || isWebhookOf(payload)(call),
  );
  return { callback: callback.body as CallbackBody, calls };
}

/** The message the bot's reply to an interaction became (as the fake stores it), e.g. to tap its buttons. */
export function replyMessageOf(harness: Harness, interaction: { token: string }): FakeMessage {
  const id = harness.fake.state.interactions.get(interaction.token)?.originalId;
  const message = id ? harness.fake.state.messages.get(id) : undefined;
  if (!message) throw new Error("the interaction has no reply message");
  return message;
}

/** Everything the user would read in a message body: content and embed descriptions. */
export function textOfBody(body: unknown): string {
  const data = (body ?? {}) as CallbackBody["data"] & object;
  return [data.content ?? "", ...(data.embeds ?? []).map((embed) => embed.description ?? "")].join("\n");
}

/** The custom ids of a message body's buttons. */
export function buttonsOf(
  body: unknown,
): { custom_id: string; label: string; disabled?: boolean; style: number }[] {
  const data = (body ?? {}) as CallbackBody["data"] & object;
  return (data.components ?? []).flatMap((row) => row.components);
}

/** One harness for the tests of a file: started before them, closed after them. */
export function useHarness(options: HarnessOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error("the harness has not started");
    return harness;
  };
}

/** Expects the adapter to refuse to start (its fake and core are closed again); `prepare` sets the fake up. */
export async function expectStartRefused(
  reason: RegExp,
  options: HarnessOptions & { prepare?: (fake: FakeDiscord) => void } = {},
): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options.fake);
  options.prepare?.(fake);
  const app = createApp({ dbPath: ":memory:", logger: new RecordingLogger() });
  try {
    const config = { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiBaseUrl: fake.apiBaseUrl };
    await expect(
      startDiscord({ bot: app.bot, logger: new RecordingLogger(), config: { ...config, ...options.config } }),
    ).rejects.toThrow(reason);
    return fake;
  } finally {
    await app.close();
    await fake.close();
  }
}

/** A subcommand with its options, as Discord nests them. */
export const subcommand = (name: string, options: CommandOption[] = []): CommandOption[] => [
  { name, type: OptionType.Subcommand, options },
];

/** One option's value: integers for numbers, strings otherwise. */
export const option = (name: string, value: string | number): CommandOption => ({
  name,
  type: typeof value === "number" ? OptionType.Integer : OptionType.String,
  value,
});

/** Runs a slash command as `user` (alice in the server's channel by default) and waits for its answer. */
export const runner =
  (harness: () => Harness) =>
  (name: string, options: CommandOption[] = [], user: FakeUser = alice, where: Where = {}) =>
    exchange(harness(), chatInputCommand(name, options, user, where));

/**
 * The slash command a member fills in for a typed command line (`/memo add テスト`, `/lesson 14 next`):
 * the core's own parser reads the line, and its values become the command's options.
 */
export function commandFor(line: string, user: FakeUser = alice, where: Where = {}) {
  const split = splitCommandLine(line, true);
  const command = split && builtinCommands.find((candidate) => candidate.name === split.name);
  if (!split) throw new Error(`not a command line: ${line}`);
  if (!command) return chatInputCommand(split.name, [], user, where);
  const args = parseArgs(command, split.rest);
  const values = Object.entries(args.values).flatMap(([name, value]) =>
    value === undefined ? [] : [option(name, value)],
  );
  const options = args.subcommand ? subcommand(args.subcommand, values) : values;
  return chatInputCommand(command.name, options, user, where);
}
