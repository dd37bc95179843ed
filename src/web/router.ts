import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { WebDeps } from "./model/deps.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { noStore, securityHeaders } from "./http/security.ts";
import { loadSession } from "./http/session.ts";
import { apiRoutes } from "./routes/api.ts";
import { groupRoutes } from "./routes/group.ts";
import { learnerRoutes } from "./routes/learner.ts";
import { notFound } from "./routes/not-found.ts";
import { signInRoutes } from "./routes/signin.ts";
import { staticRoutes } from "./routes/static.ts";
import { noticePage } from "./views/layout.ts";

export interface WebRouterOptions {
  deps: WebDeps;
  /** Cookies get `Secure` when users reach the server over https. */
  secureCookies: boolean;
  /** Sign-in attempts allowed per client address in `signInWindowMs` (default 20 in 10 minutes). */
  signInLimit?: number;
  signInWindowMs?: number;
}

/** Everything under /web: mounted on the bot's one HTTP server, with its own body parser and headers. */
export function createWebRouter(options: WebRouterOptions): Router {
  const { deps, secureCookies } = options;
  const router = Router();
  const limiter = new RateLimiter(options.signInLimit ?? 20, options.signInWindowMs ?? 10 * 60 * 1000, () =>
    deps.clock.now().getTime(),
  );
  router.use(securityHeaders);
  router.use(staticRoutes());
  router.use(noStore);
  // Only the web's routes parse forms; the LINE webhook elsewhere needs its raw body.
  router.use(express.urlencoded({ extended: false, limit: "32kb" }));
  router.use(loadSession(deps));
  router.use(signInRoutes({ deps, limiter, secureCookies }));
  router.use(learnerRoutes({ deps, secureCookies }));
  router.use(groupRoutes(deps));
  router.use(apiRoutes(deps));
  router.use((_req: Request, res: Response) => notFound(res));
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 500) deps.logger.error({ err: error, path: req.path }, "web: request failed");
    if (res.headersSent) return;
    res.status(status >= 400 && status < 600 ? status : 500).send(
      noticePage({
        title: { ja: "エラーが起きました", en: "Something went wrong" },
        lines: [{ ja: "もう一度お試しください。", en: "Please try again." }],
      }),
    );
  });
  return router;
}
