import type { webhook } from "@line/bot-sdk";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../../../src/app.ts";
import { startLine, type LineAdapter } from "../../../src/bots/line/start.ts";
import { EventLedger } from "../../../src/bots/line/store.ts";
import type { LineConfig } from "../../../src/bots/line/config.ts";
import type { RetryPolicy } from "../../../src/bots/line/retry.ts";
import type { Clock } from "../../../src/core/clock.ts";
import type { TrainerPort } from "../../../src/core/ports/trainer.ts";
import type { Db } from "../../../src/db/open.ts";
import { startHttpServer, type HttpServer } from "../../../src/http/server.ts";
import { harnessApp } from "../../helpers/harness-app.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import { FakeMessagingApi } from "../../fakes/line/fake-messaging-api.ts";
import { postWebhook, type PostOptions } from "../../fakes/line/webhook-client.ts";

export const CHANNEL_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8";
export const ACCESS_TOKEN = "fake-channel-access-token";
/** LINE needs HTTPS image URLs: the bot sits behind a TLS proxy at this address (tests fetch the paths directly). */
export const PUBLIC_BASE_URL = "https://manabot.example.test";

export interface HarnessOptions {
  trainer?: (db: Db) => TrainerPort;
  publicBaseUrl?: string | null;
  /** Retry policy overrides (waits are always recorded instead of slept). */
  retry?: Partial<RetryPolicy>;
  profileTimeoutMs?: number;
  /** How many member profiles the adapter keeps (default: the adapter's own). */
  profileCacheSize?: number;
  /** How many events one chat may have waiting (default: the adapter's own). */
  chatBacklogLimit?: number;
  /** How long a request may take to arrive in full (default: the adapter's own). */
  requestTimeoutMs?: number;
  /** The core's clock (the system's by default). */
  clock?: Clock;
  /** A core to share with another platform's harness (then closed by its owner, not here). */
  app?: App;
  /** Also serve the study page on the web (for /web), on the same HTTP server as the webhook. */
  web?: boolean;
}

/**
 * The real core (createApp on :memory:), the real express app on 127.0.0.1 and the real MessagingApiClient
 * (each call's requests carrying its deadline's signal) talking to a fake Messaging API. Retry waits are
 * recorded instead of slept.
 */
export class LineHarness {
  private constructor(
    /** The waits the retry policy asked for, in order. */
    readonly sleeps: number[],
    readonly app: App,
    readonly line: LineAdapter,
    readonly api: FakeMessagingApi,
    readonly logger: RecordingLogger,
    readonly mediaDir: string,
    readonly http: HttpServer,
    private readonly ownsApp: boolean,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<LineHarness> {
    const logger = new RecordingLogger();
    const api = await FakeMessagingApi.start(ACCESS_TOKEN);
    const { app, web } = harnessApp(options, logger);
    const mediaDir = mkdtempSync(join(tmpdir(), "manabot-line-media-"));
    const publicBaseUrl = options.publicBaseUrl === undefined ? PUBLIC_BASE_URL : options.publicBaseUrl;
    const http = await startHttpServer(
      {
        port: 0,
        host: "127.0.0.1",
        ...(publicBaseUrl ? { publicBaseUrl } : {}),
        ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      },
      logger,
    );
    const config: LineConfig = {
      channelSecret: CHANNEL_SECRET,
      channelAccessToken: ACCESS_TOKEN,
      apiBaseUrl: api.url,
      mediaDir,
      mediaMaxAgeMs: 60 * 60 * 1000,
    };
    const sleeps: number[] = [];
    const line = await startLine({
      bot: app.bot,
      logger,
      config,
      http,
      ledger: new EventLedger(app.db),
      users: app.bot.services.stores.users,
      retry: {
        ...options.retry,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
      ...(options.profileTimeoutMs !== undefined ? { profileTimeoutMs: options.profileTimeoutMs } : {}),
      ...(options.profileCacheSize !== undefined ? { profileCacheSize: options.profileCacheSize } : {}),
      ...(options.chatBacklogLimit !== undefined ? { chatBacklogLimit: options.chatBacklogLimit } : {}),
    });
    web?.mount(http);
    web?.usePushers({ line: line.pusher });
    return new LineHarness(sleeps, app, line, api, logger, mediaDir, http, !options.app);
  }

  /** Posts a signed webhook and waits until its events are handled and every message is sent. */
  async send(events: webhook.Event[], options: PostOptions = {}): Promise<Response> {
    const response = await this.post(events, options);
    await this.line.idle();
    return response;
  }

  post(body: string | webhook.Event[], options: PostOptions = {}): Promise<Response> {
    return postWebhook(this.http.url, body, CHANNEL_SECRET, options);
  }

  /** Fetches a path of the express server (e.g. a hosted image's). */
  fetchPath(url: string): Promise<Response> {
    return fetch(`${this.http.url}${new URL(url).pathname}`);
  }

  /** How many users the core has stored (a refused event stores none). */
  userCount(): number {
    return (this.app.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  async close(): Promise<void> {
    await this.line.close();
    await this.http.close();
    if (this.ownsApp) await this.app.close();
    await this.api.close();
    rmSync(this.mediaDir, { recursive: true, force: true });
  }
}

/** The text of every message in a list, joined. */
export const textsOf = (messages: readonly { text?: string }[]): string =>
  messages.map((message) => message.text ?? "").join("\n");
