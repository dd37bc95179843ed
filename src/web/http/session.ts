import type { NextFunction, Request, Response } from "express";
import type { Locale } from "../../core/conversation.ts";
import type { UserRecord } from "../../core/store/users.ts";
import type { WebDeps } from "../model/deps.ts";
import type { SessionRecord } from "../store/sessions.ts";
import { noticePage } from "../views/layout.ts";
import { cookiesOf, isSameOrigin } from "./security.ts";
import { csrfFor, hashToken, sameSecret } from "./tokens.ts";

export const SESSION_COOKIE = "manabot_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface WebSession {
  record: SessionRecord;
  user: UserRecord;
  locale: Locale;
  csrf: string;
}

/** The signed-in learner of this request, if any (set by `loadSession`). */
export const sessionOf = (res: Response): WebSession | undefined =>
  res.locals.session as WebSession | undefined;

/** Reads the session cookie and finds its live session (the database holds only its hash). */
export function loadSession(deps: WebDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = cookiesOf(req).get(SESSION_COOKIE);
    if (token) {
      const record = deps.sessions.session(hashToken(token), deps.clock.now());
      const user = record && deps.stores.users.get(record.userId);
      if (record && user) {
        const session: WebSession = { record, user, locale: user.locale ?? "ja", csrf: csrfFor(token) };
        res.locals.session = session;
      }
    }
    next();
  };
}

/** Without a session: no data, only how to get a link (JSON for the API). */
export function requireSession(req: Request, res: Response, next: NextFunction): void {
  if (sessionOf(res)) return next();
  if (req.path.startsWith("/api/")) {
    res.status(401).json({ error: "not signed in" });
    return;
  }
  res.status(401).send(
    noticePage({
      title: { ja: "サインインしていません", en: "You are not signed in" },
      lines: [
        {
          ja: "チャットでボットに /web と送ると、サインイン用のリンクが届きます。",
          en: "Send /web to the bot in the chat to get a sign-in link.",
        },
      ],
    }),
  );
}

/** Every change needs our page's origin and the session's CSRF token (a form field or a header). */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const session = sessionOf(res);
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === "string" ? body._csrf : (req.get("x-csrf-token") ?? "");
  if (session && isSameOrigin(req) && sameSecret(sent, session.csrf)) return next();
  res.status(403).send(
    noticePage({
      ...(session ? { locale: session.locale } : {}),
      title: { ja: "この操作はできません", en: "This request was refused" },
      lines: [
        {
          ja: "ページの期限が切れたか、ほかのサイトからの送信です。ページを開き直してから、もう一度お試しください。",
          en: "The page has expired or the request came from another site. Reload the page and try again.",
        },
      ],
    }),
  );
}

export function setSessionCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/web",
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure, path: "/web" });
}
