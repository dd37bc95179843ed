import { Router, type Request, type Response } from "express";
import type { WebDeps } from "../model/deps.ts";
import { html } from "../html.ts";
import type { RateLimiter } from "../http/rate-limit.ts";
import { isSameOrigin } from "../http/security.ts";
import { SESSION_TTL_MS, setSessionCookie } from "../http/session.ts";
import { hashToken, looksLikeToken, newToken } from "../http/tokens.ts";
import { groupUrl } from "../views/learner-page.ts";
import { noticePage } from "../views/layout.ts";

export interface SignInOptions {
  deps: WebDeps;
  limiter: RateLimiter;
  secureCookies: boolean;
}

/**
 * GET /web/signin/<token> only asks the browser to sign in (our script submits the form at once; without
 * script the learner presses the button): link previews of chat apps fetch the address too, and must not
 * use up the link. POST /web/signin uses it once and starts the session.
 */
export function signInRoutes(options: SignInOptions): Router {
  const { deps, limiter, secureCookies } = options;
  const router = Router();

  const limited = (req: Request, res: Response): boolean => {
    if (limiter.take(req.ip ?? "unknown")) return false;
    res
      .status(429)
      .setHeader("Retry-After", "600")
      .send(
        noticePage({
          title: { ja: "しばらくお待ちください", en: "Please wait a while" },
          lines: [
            {
              ja: "サインインの試行が多すぎます。10 分ほど待ってから、チャットで /web と送り直してください。",
              en: "Too many sign-in attempts. Wait about ten minutes, then send /web in the chat again.",
            },
          ],
        }),
      );
    return true;
  };

  router.get("/signin/:token", (req, res) => {
    if (limited(req, res)) return;
    const token = req.params.token;
    const state = looksLikeToken(token)
      ? deps.sessions.linkState(hashToken(token), deps.clock.now())
      : "unknown";
    if (state !== "valid") return refuse(res);
    res.send(
      noticePage({
        title: { ja: "サインイン", en: "Sign in" },
        lines: [{ ja: "学習ページを開いています…", en: "Opening your study page…" }],
        extra: html`<form method="post" action="/web/signin" id="signin">
          <input type="hidden" name="token" value="${token}" />
          <button type="submit">サインイン / Sign in</button>
        </form>`,
        scripts: ["signin.js"],
      }),
    );
  });

  router.post("/signin", (req, res) => {
    if (limited(req, res)) return;
    const body = req.body as Record<string, unknown> | undefined;
    const token = typeof body?.token === "string" ? body.token : "";
    if (!isSameOrigin(req) || !looksLikeToken(token)) return refuse(res);
    const now = deps.clock.now();
    const used = deps.sessions.useSignInToken(hashToken(token), now);
    if (!used) return refuse(res);
    const sessionToken = newToken();
    const session = deps.sessions.addSession(hashToken(sessionToken), used.userId, now, SESSION_TTL_MS);
    if (used.chat) deps.sessions.grantGroup(session.id, used.chat, now);
    setSessionCookie(res, sessionToken, secureCookies);
    deps.logger.info({ userId: used.userId, group: used.chat !== undefined }, "web: signed in");
    res.redirect(303, used.chat ? groupUrl(used.chat) : "/web");
  });

  return router;
}

/** A used, expired, unknown or forged link: one page for all, so none can be told from another. */
function refuse(res: Response): void {
  res.status(410).send(
    noticePage({
      title: { ja: "このリンクは使えません", en: "This link no longer works" },
      lines: [
        {
          ja: "サインイン用のリンクは 1 回だけ、10 分間だけ使えます。チャットでもう一度 /web と送って、新しいリンクを受け取ってください。",
          en: "A sign-in link works once, for ten minutes. Send /web in the chat again to get a new one.",
        },
      ],
    }),
  );
}
