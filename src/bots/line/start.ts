import type { webhook } from "@line/bot-sdk";
import type { Bot } from "../../core/bot.ts";
import { systemClock, type Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { StoreContract, Stores } from "../../core/store/stores.ts";
import type { HttpServer } from "../../http/server.ts";
import type { PlatformAdapter } from "../adapter.ts";
import { LogThrottle } from "../shared/log-throttle.ts";
import { createClientFactory } from "./abortable-client.ts";
import { createRecipientFinder, knownLineUsers } from "./addressee.ts";
import type { LineConfig } from "./config.ts";
import { CHAT_BACKLOG_LIMIT, ChatQueue } from "./chat-queue.ts";
import type { EventLedger } from "./store.ts";
import { LineDelivery } from "./delivery.ts";
import { createEventHandler } from "./events.ts";
import { InFlight } from "./in-flight.ts";
import { isHostableBaseUrl, MediaStore } from "./media.ts";
import { PROFILE_CACHE_SIZE, PROFILE_TIMEOUT_MS, ProfileCache } from "./profiles.ts";
import { createLinePoster } from "./poster.ts";
import { createLinePusher } from "./pusher.ts";
import { createRenderer } from "./render.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry.ts";
import { createLineRoutes } from "./server.ts";
import { targetOf } from "./incoming.ts";

export interface LineAdapterOptions {
  bot: Bot;
  logger: Logger;
  config: LineConfig;
  /** The webhook events already handled, so redeliveries are skipped. */
  ledger: StoreContract<EventLedger>;
  /** What earlier messages told of LINE users (their names and languages), for pushes to groups. */
  users: Pick<Stores["users"], "find">;
  /** The bot's HTTP server, on which the webhook and the hosted images are mounted. */
  http: HttpServer;
  clock?: Clock;
  /** Overrides of the retry policy for Messaging API calls (tests pass a recording `sleep`). */
  retry?: Partial<RetryPolicy>;
  /** How long an event waits for its sender's name (default `PROFILE_TIMEOUT_MS`). */
  profileTimeoutMs?: number;
  /** How many member profiles are kept (default `PROFILE_CACHE_SIZE`). */
  profileCacheSize?: number;
  /** Events one chat may have waiting (default `CHAT_BACKLOG_LIMIT`); more are dropped and logged. */
  chatBacklogLimit?: number;
}

/**
 * The LINE adapter. It is idle once no webhook event is being handled and no message is being sent. While
 * shutting down, webhooks are refused with 503 (LINE redelivers them later when webhook redelivery is on);
 * closing also stops the media cleanup (the HTTP server is closed by its owner).
 */
export type LineAdapter = PlatformAdapter;

/** How long handled event ids are remembered: longer than an event may be old (MAX_EVENT_AGE_MS). */
export const EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** Events of one chat are handled in order; those without a known chat each on their own. */
const chatKeyOf = (event: webhook.Event): string =>
  (event.source && targetOf(event.source)?.to) ?? `event:${event.webhookEventId}`;

/** Mounts the LINE webhook and media routes on the bot's HTTP server and starts handling events. */
export async function startLine(options: LineAdapterOptions): Promise<LineAdapter> {
  const { bot, logger, config, ledger, http } = options;
  const publicBaseUrl = http.publicBaseUrl;
  const clock = options.clock ?? systemClock;
  const client = createClientFactory({
    channelAccessToken: config.channelAccessToken,
    baseURL: config.apiBaseUrl,
  });
  const media = new MediaStore(config.mediaDir, publicBaseUrl, logger);
  const inFlight = new InFlight();
  const outage = new LogThrottle(logger);
  const delivery = new LineDelivery(client, { ...defaultRetryPolicy, ...options.retry }, logger, outage);
  const isPrivateTap = (action: string) => bot.rulesOf(action)?.privateInGroups === true;
  const render = createRenderer(media, logger, isPrivateTap);
  const sessionDeps = { delivery, render, inFlight, clock, logger };
  const profiles = new ProfileCache(
    client,
    logger,
    options.profileTimeoutMs ?? PROFILE_TIMEOUT_MS,
    options.profileCacheSize ?? PROFILE_CACHE_SIZE,
  );
  const refusals = new LogThrottle(logger);
  const handleEvent = createEventHandler({ ...sessionDeps, bot, ledger, profiles, refusals });
  const findRecipient = createRecipientFinder(profiles, knownLineUsers(options.users), logger);
  let accepting = true;

  const chats = new ChatQueue(options.chatBacklogLimit ?? CHAT_BACKLOG_LIMIT);
  const routes = createLineRoutes({
    channelSecret: config.channelSecret,
    media,
    logger,
    refusals,
    isAccepting: () => accepting,
    onEvents: (events) => {
      for (const event of events) {
        const chat = chatKeyOf(event);
        const queued = chats.run(chat, () => handleEvent(event));
        if (queued) void inFlight.track(queued);
        else
          refusals.warn(
            "chat-backlog",
            { chat, eventId: event.webhookEventId, type: event.type, waiting: chats.backlog(chat) },
            "LINE: event dropped: its chat has too many waiting",
          );
      }
    },
  });

  if (!publicBaseUrl) {
    logger.warn({}, "LINE: PUBLIC_BASE_URL is not set; charts are sent as text descriptions");
  } else if (!isHostableBaseUrl(publicBaseUrl)) {
    logger.warn(
      { publicBaseUrl },
      "LINE: PUBLIC_BASE_URL is not HTTPS, and LINE refuses any message with a non-HTTPS image (its text too); charts are sent as text descriptions",
    );
  }

  const cleanUp = async () => {
    const now = clock.now().getTime();
    try {
      const images = await media.removeOlderThan(new Date(now - config.mediaMaxAgeMs));
      const events = ledger.forgetBefore(new Date(now - EVENT_MEMORY_MS));
      if (images + events > 0) logger.info({ images, events }, "LINE: old media and event ids removed");
    } catch (error) {
      logger.error({ err: error, dir: config.mediaDir }, "LINE: cleanup failed");
    }
  };
  await cleanUp();
  const cleanupTimer = setInterval(() => void cleanUp(), CLEANUP_EVERY_MS);
  cleanupTimer.unref();

  http.app.use(routes);
  logger.info({ webhook: `${publicBaseUrl ?? http.url}/line/webhook` }, "LINE: webhook mounted");

  return {
    platform: "line",
    pusher: createLinePusher(sessionDeps, findRecipient),
    poster: createLinePoster(sessionDeps),
    // Nothing ends LINE by itself: the webhook takes events for as long as the server runs.
    ended: new Promise(() => {}),
    idle: () => inFlight.whenIdle(),
    async stopIntake() {
      accepting = false;
      await inFlight.whenIdle();
    },
    async close() {
      accepting = false;
      clearInterval(cleanupTimer);
      await inFlight.whenIdle();
      refusals.flush();
      outage.flush();
    },
  };
}
