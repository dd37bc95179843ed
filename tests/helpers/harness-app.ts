import { createApp, type App } from "../../src/app.ts";
import type { Clock } from "../../src/core/clock.ts";
import type { TrainerPort } from "../../src/core/ports/trainer.ts";
import type { Db } from "../../src/db/open.ts";
import { createWebService, type WebService } from "../../src/web/service.ts";
import type { RecordingLogger } from "./logger.ts";

export interface HarnessAppOptions {
  /** A core to share with another platform's harness (then closed by its owner). */
  app?: App;
  trainer?: (db: Db) => TrainerPort;
  clock?: Clock;
  /** Also build the study page on the web (for /web). */
  web?: boolean;
}

/**
 * The core a platform harness drives: the one given, or a fresh one on :memory: with the web service when
 * asked (undefined for a shared core: its owner serves the page).
 */
export function harnessApp(
  options: HarnessAppOptions,
  logger: RecordingLogger,
): { app: App; web: WebService | undefined } {
  let web: WebService | undefined;
  const app =
    options.app ??
    createApp({
      dbPath: ":memory:",
      logger,
      ...(options.trainer ? { trainer: options.trainer } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.web ? { web: (core) => (web = createWebService({ ...core, logger })) } : {}),
    });
  return { app, web };
}
