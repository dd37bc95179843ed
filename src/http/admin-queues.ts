import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Queue } from "bullmq";
import type { NextFunction, Request, Response } from "express";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Logger } from "../core/logger.ts";
import { connectRedis, QUEUE_NAME, throttled, type RedisSettings } from "../trainer/remote/connection.ts";
import type { HttpServer } from "./server.ts";

export const ADMIN_QUEUES_PATH = "/admin/queues";

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** The token of an `Authorization: Bearer <token>` header, or the password of a Basic one (browsers). */
function tokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value;
  if (scheme?.toLowerCase() !== "basic") return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** 401 unless the request carries the token (compared in constant time, whatever its length). */
export function requireToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = tokenOf(req.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res.setHeader("WWW-Authenticate", 'Basic realm="manabot admin", charset="UTF-8"');
    res.status(401).type("text/plain").send("401 Unauthorized\n");
  };
}

export interface QueueDashboard {
  close(): Promise<void>;
}

/**
 * Bull Board for the training queue at /admin/queues, behind MANABOT_ADMIN_TOKEN (a browser asks for it:
 * any user name, the token as the password; scripts send `Authorization: Bearer <token>`).
 */
export function mountQueueDashboard(
  http: HttpServer,
  options: { token: string; redis: RedisSettings; logger: Logger },
): QueueDashboard {
  const connection = connectRedis(options.redis.url, true);
  connection.on(
    "error",
    throttled(60_000, (error) => options.logger.warn({ err: error }, "queue dashboard: Redis unreachable")),
  );
  const queue = new Queue(QUEUE_NAME, { connection, prefix: options.redis.prefix });
  queue.on("error", () => undefined);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter });
  http.app.use(ADMIN_QUEUES_PATH, requireToken(options.token), serverAdapter.getRouter());
  options.logger.info({ path: ADMIN_QUEUES_PATH }, "queue dashboard mounted (MANABOT_ADMIN_TOKEN)");
  return {
    async close() {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/**
 * The dashboard when MANABOT_ADMIN_TOKEN is set (and REDIS_URL: without it there is no queue to show);
 * otherwise /admin/queues does not exist.
 */
export function dashboardFromSettings(
  http: HttpServer,
  settings: { token: string | undefined; redis: RedisSettings | undefined; logger: Logger },
): QueueDashboard | undefined {
  const { token, redis, logger } = settings;
  if (token === undefined) return undefined;
  if (redis === undefined) {
    logger.warn({}, "MANABOT_ADMIN_TOKEN is set but REDIS_URL is not: there is no queue dashboard to show");
    return undefined;
  }
  return mountQueueDashboard(http, { token, redis, logger });
}
