import { createApp, type App } from "../../../src/app.ts";
import { startDiscord, type DiscordAdapter } from "../../../src/bots/discord/start.ts";
import type { TrainerPort } from "../../../src/core/ports/trainer.ts";
import type { Db } from "../../../src/db/open.ts";
import { startHttpServer, type HttpServer } from "../../../src/http/server.ts";
import { createWebService, type WebService } from "../../../src/web/service.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import {
  APPLICATION_ID,
  BOT_TOKEN,
  FakeDiscord,
  type FakeDiscordOptions,
  type FakeMessage,
  type RecordedCall,
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
  trainer?: (db: Db) => TrainerPort;
  now?: () => number;
  fake?: FakeDiscordOptions;
  deferAfterMs?: number;
  deferredCommands?: ReadonlySet<string>;
  /** Also serve the study page on the web (for /web). */
  web?: boolean;
}

/** A real core on :memory: and the real discord.js client, logged in to a fake Discord on 127.0.0.1. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.fake);
  const logger = new RecordingLogger();
  let web: WebService | undefined;
  const app = createApp({
    dbPath: ":memory:",
    logger,
    ...(options.trainer ? { trainer: options.trainer } : {}),
    ...(options.web ? { web: (core) => (web = createWebService({ ...core, logger })) } : {}),
  });
  const http = web ? await startHttpServer({ port: 0, host: "127.0.0.1" }, logger) : undefined;
  if (http) web?.mount(http);
  const adapter = await startDiscord({
    bot: app.bot,
    logger,
    config: { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiBaseUrl: fake.apiBaseUrl },
    ...(options.now ? { now: options.now } : {}),
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.deferredCommands ? { deferredCommands: options.deferredCommands } : {}),
  });
  return {
    fake,
    app,
    adapter,
    logger,
    ...(http ? { http } : {}),
    async close() {
      await adapter.close();
      await http?.close();
      await app.close();
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
