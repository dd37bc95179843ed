import { JSONParseError, SignatureValidationFailed, type webhook } from "@line/bot-sdk";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../../core/logger.ts";
import type { LogThrottle } from "../shared/log-throttle.ts";
import { readEvents } from "./event-schema.ts";
import type { MediaStore } from "./media.ts";
import { verifyLineSignature } from "./signature.ts";

export interface ServerDeps {
  channelSecret: string;
  media: MediaStore;
  logger: Logger;
  /** Where refusals are logged: anyone can post, so a flood of bad posts must not become a flood of lines. */
  refusals: LogThrottle;
  /** Handles a verified webhook's events; called after the response is sent. */
  onEvents: (events: webhook.Event[]) => void;
  /** False once shutdown has begun: webhooks are then refused with 503 (LINE redelivers them if set to). */
  isAccepting: () => boolean;
}

/**
 * LINE's routes, mounted on the bot's HTTP server: `POST /line/webhook` (signature checked on that route
 * only, over the raw body) and `GET /media/<id>.png` for hosted charts.
 * A verified webhook is answered 200 at once and its events are handled afterwards, as LINE advises.
 * While shutting down, webhooks answer 503 instead; images are still served.
 */
export function createLineRoutes(deps: ServerDeps): express.Router {
  const routes = express.Router();

  routes.get("/media/:file", deps.media.serve);

  routes.post(
    "/line/webhook",
    (req: Request, res: Response, next: NextFunction) => {
      if (deps.isAccepting()) {
        next();
        return;
      }
      // Handling it now would meet stopped work (no training queue, no quiz timers): refuse it instead.
      deps.refusals.info(
        "stopping",
        { path: req.path },
        "LINE: webhook refused with 503 while shutting down",
      );
      res.status(503).set("Retry-After", "60").json({ message: "shutting down" });
    },
    // The whole body is read before its signature can be checked: cap what may be read.
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    verifyLineSignature(deps.channelSecret),
    (req: Request, res: Response) => {
      const read = readEvents(req.body);
      if (!read) {
        deps.refusals.warn("no-events", { path: req.path }, "LINE: webhook refused (no events array)");
        res.status(400).json({ message: "expected a webhook body with an events array" });
        return;
      }
      // LINE gets its 200 either way: a malformed event would be malformed again when redelivered.
      res.status(200).json({});
      for (const dropped of read.dropped)
        deps.refusals.warn("malformed-event", { ...dropped }, "LINE: malformed event dropped");
      if (read.events.length > 0) deps.onEvents(read.events);
    },
  );

  routes.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof SignatureValidationFailed) {
      deps.refusals.warn(
        `signature:${error.message}`,
        { path: req.path, reason: error.message },
        "LINE: webhook refused (signature)",
      );
      res.status(401).json({ message: "invalid signature" });
      return;
    }
    if (error instanceof JSONParseError) {
      deps.refusals.warn("json", { path: req.path }, "LINE: webhook refused (body is not JSON)");
      res.status(400).json({ message: "invalid JSON body" });
      return;
    }
    const status = clientErrorStatus(error);
    if (status) {
      deps.refusals.warn(`status:${status}`, { path: req.path, status }, "LINE: request refused");
      res.status(status).json({ message: status === 413 ? "body too large" : "bad request" });
      return;
    }
    deps.logger.error({ err: error, path: req.path }, "LINE: request failed");
    res.status(500).json({ message: "internal error" });
  });

  return routes;
}

/** LINE's webhooks are a few KB; anything near this is not from LINE. */
export const WEBHOOK_BODY_LIMIT = "1mb";

/** The 4xx status a body-parser error carries (too large, aborted, bad encoding), if any. */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}
