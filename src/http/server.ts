import express from "express";
import { once } from "node:events";
import { createServer, type Server, type ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../core/logger.ts";
import type { HttpConfig } from "./config.ts";

/**
 * The bot's one HTTP server. It runs in every mode; features mount their routes on `app` (LINE's webhook
 * and media, the web page, the operators' dashboard) before or after it starts listening.
 */
export interface HttpServer {
  readonly app: express.Express;
  readonly server: Server;
  /** Where it listens, e.g. "http://127.0.0.1:3000". */
  readonly url: string;
  /** Where users reach it: PUBLIC_BASE_URL when set, else http://localhost:<port>. */
  readonly baseUrl: string;
  /** PUBLIC_BASE_URL, when set (LINE fetches images only from an https one). */
  readonly publicBaseUrl?: string;
  /** The start of shutdown: /healthz answers 503 from now on. */
  stopIntake(): void;
  /** Stops accepting connections and ends the idle ones; resolves once the server is closed. */
  close(): Promise<void>;
}

/** Starts listening; rejects when the port cannot be taken (EADDRINUSE, say). */
export async function startHttpServer(config: HttpConfig, logger: Logger): Promise<HttpServer> {
  const app = express();
  app.disable("x-powered-by");
  let accepting = true;
  app.get("/healthz", (_req, res) => {
    if (accepting) res.status(200).json({ ok: true });
    else res.status(503).json({ ok: false, stopping: true });
  });

  const server = createServer(serverOptions(config.requestTimeoutMs ?? REQUEST_TIMEOUT_MS), app);
  if (config.host) server.listen(config.port, config.host);
  else server.listen(config.port);
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const baseUrl = config.publicBaseUrl ?? `http://localhost:${address.port}`;
  logger.info({ url, baseUrl }, "HTTP server listening");

  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    url,
    baseUrl,
    ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
    stopIntake: () => {
      accepting = false;
    },
    close: () =>
      (closing ??= (async () => {
        accepting = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        server.closeAllConnections();
        await closed;
      })()),
  };
}

/**
 * LINE sends a webhook whole, within moments, and a browser its form. Node lets a request take five minutes
 * to arrive, so a client trickling bytes could hold a connection (and a body buffer) that long; here it
 * gets this long.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** How long a request's headers and whole body may take to arrive, and how often Node checks. */
function serverOptions(requestTimeoutMs: number): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(10_000, requestTimeoutMs),
    // How often Node checks those limits (every 30 s by default, as long as the limit itself).
    connectionsCheckingInterval: Math.min(1000, Math.max(100, requestTimeoutMs / 4)),
  };
}
