import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.ts";
import type { IncomingMessage, Platform, Pusher } from "../../src/core/conversation.ts";
import type { Reply } from "../../src/core/reply.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import type { TrainParams } from "../../src/trainer/params.ts";
import type { RunHistory, TrainResult } from "../../src/trainer/types.ts";
import { createWebService, type WebService } from "../../src/web/service.ts";
import { FakeClock, RecordingConversation, textOf } from "../helpers/core.ts";
import { RecordingLogger } from "../helpers/logger.ts";

export interface WebHarness {
  app: App;
  web: WebService;
  http: HttpServer;
  clock: FakeClock;
  logger: RecordingLogger;
  /** What pushers were asked to send (links to 1:1 chats). */
  pushed: { to: string; platform: Platform; replies: Reply[] }[];
  /** Sends a message as `userId` (default "alice") in a 1:1 local chat unless `from` says otherwise. */
  say(text: string, from?: Partial<IncomingMessage>): Promise<Reply[]>;
  /** `/web` as that user; returns the sign-in link it printed, or sent to their 1:1 chat. */
  signInLink(from?: Partial<IncomingMessage>): Promise<string>;
  /** Inserts a finished training run owned by that local user. */
  addRun(userId: string, params: Partial<TrainParams>, runs: RunHistory[], backend?: string): number;
  close(): Promise<void>;
}

export const LINK_PATTERN = /https?:\/\/\S+\/web\/signin\/[A-Za-z0-9_-]{43}/;

export const linkIn = (replies: readonly Reply[]): string | undefined =>
  LINK_PATTERN.exec(textOf(replies))?.[0];

/** The bot with its HTTP server on a free port and the study page mounted, as `npm start` runs them. */
export async function startWebHarness(
  options: { signInLimit?: number; publicBaseUrl?: string; pushers?: Partial<Record<Platform, Pusher>> } = {},
): Promise<WebHarness> {
  const dir = mkdtempSync(join(tmpdir(), "manabot-web-"));
  const clock = new FakeClock(new Date("2026-11-28T09:00:00Z"));
  const logger = new RecordingLogger();
  let web: WebService | undefined;
  const app = createApp({
    dbPath: join(dir, "manabot.db"),
    logger,
    clock,
    web: (core) => (web = createWebService({ ...core, logger })),
  });
  if (!web) throw new Error("the web service was not built");
  const http = await startHttpServer(
    { port: 0, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) },
    logger,
  );
  web.mount(http, options.signInLimit !== undefined ? { signInLimit: options.signInLimit } : {});
  const pushed: WebHarness["pushed"] = [];
  const recorder: Pusher = {
    async push(to, replies) {
      pushed.push({ to: to.chatId, platform: to.platform, replies });
    },
  };
  web.usePushers(options.pushers ?? { local: recorder, line: recorder, discord: recorder });
  const conversation = new RecordingConversation();
  const say = (text: string, from: Partial<IncomingMessage> = {}) =>
    app.bot.receive(
      {
        platform: "local",
        chatId: from.userId ?? "alice",
        userId: "alice",
        chatKind: "direct",
        displayName: from.userId ?? "Alice",
        text,
        ...from,
      },
      conversation,
    );
  const jobs = new JobStore(app.db, () => clock.now());
  const built = web;
  return {
    app,
    web: built,
    http,
    clock,
    logger,
    pushed,
    say,
    async signInLink(from = {}) {
      const before = pushed.length;
      const replies = await say("/web", from);
      // From a group that cannot be answered privately (LINE), the link goes to the sender's 1:1 chat.
      const link = linkIn(replies) ?? linkIn(pushed.slice(before).flatMap((push) => push.replies));
      if (!link) throw new Error(`no link in: ${textOf(replies)}`);
      return link;
    },
    addRun(userId, params, runs, backend = "wasm") {
      const full: TrainParams = {
        dropout: [0.3, 0.3, 0.3],
        epochs: runs[0]?.epochs.length ?? 1,
        batch: 128,
        samples: 10_000,
        optimizer: "adam",
        lr: 0.001,
        batchnorm: false,
        compare: runs.length > 1,
        seed: null,
        ...params,
      };
      const owner = { platform: "local" as const, chatId: userId, userId, chatKind: "direct" as const };
      const job = jobs.insert(owner, "ja", full, null, "test-instance");
      jobs.markRunning(job.id);
      const trainSeconds = runs.reduce((sum, run) => sum + run.epochs.reduce((s, e) => s + e.seconds, 0), 0);
      const result: TrainResult = {
        params: full,
        runs,
        backend,
        trainSamples: 8000,
        validationSamples: 2000,
        testSamples: 10_000,
        trainSeconds,
        samplesPerSecond: 5000,
      };
      jobs.markDone(job.id, result, join(dir, `chart-${job.id}.png`), "test-instance");
      return job.id;
    },
    async close() {
      await http.close();
      await app.close();
    },
  };
}

/** A run's curves: accuracy rising by `step` an epoch from `start`, validation a little below. */
export function curves(
  kind: "dropout" | "baseline",
  epochs: number,
  start: number,
  step: number,
): RunHistory {
  return {
    kind,
    dropout: kind === "dropout" ? [0.3, 0.3, 0.3] : [0, 0, 0],
    epochs: Array.from({ length: epochs }, (_, index) => ({
      epoch: index + 1,
      acc: Math.min(0.999, start + step * index),
      valAcc: Math.min(0.999, start + step * index - 0.01),
      loss: 0.8 / (index + 1),
      valLoss: 0.85 / (index + 1),
      seconds: 1.5,
    })),
    testAcc: Math.min(0.999, start + step * (epochs - 1) - 0.005),
    testLoss: 0.1,
  };
}
