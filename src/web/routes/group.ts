import { Router, type Request, type Response } from "express";
import type { Platform } from "../../core/conversation.ts";
import type { WebDeps } from "../model/deps.ts";
import { groupPage } from "../model/group-page.ts";
import { requireCsrf, requireSession, sessionOf, type WebSession } from "../http/session.ts";
import type { ChatRef } from "../store/sessions.ts";
import { groupPageHtml } from "../views/group-page.ts";
import { groupUrl } from "../views/learner-page.ts";
import { notFound } from "./not-found.ts";

const PLATFORMS: readonly Platform[] = ["local", "discord", "line"];

/** The chat of the URL, when this session was opened from that chat (else nothing: not a member). */
function chatOf(req: Request, res: Response, deps: WebDeps): ChatRef | undefined {
  const platform = PLATFORMS.find((known) => known === req.params.platform);
  const chatId = typeof req.params.chatId === "string" ? req.params.chatId : "";
  const session = sessionOf(res);
  if (!platform || !chatId || !session) return undefined;
  const chat = { platform, chatId };
  return deps.sessions.canOpenGroup(session.record.id, chat) ? chat : undefined;
}

/** A group chat's page, for members whose sign-in link was asked for in that chat. */
export function groupRoutes(deps: WebDeps): Router {
  const router = Router();
  const session = (res: Response): WebSession => sessionOf(res) as WebSession;

  router.get("/g/:platform/:chatId", requireSession, (req, res) => {
    const chat = chatOf(req, res, deps);
    if (!chat) return notFound(res);
    const { user, locale, csrf } = session(res);
    const model = groupPage(deps, chat, user.id);
    res.send(groupPageHtml(model, locale, deps.stores.timeZones.get(user.id), csrf));
  });

  router.post("/g/:platform/:chatId/visibility", requireSession, requireCsrf, (req, res) => {
    const chat = chatOf(req, res, deps);
    if (!chat) return notFound(res);
    const hidden = (req.body as Record<string, unknown>).hidden === "yes";
    deps.sessions.setHidden(session(res).user.id, chat, hidden, deps.clock.now());
    res.redirect(303, groupUrl(chat));
  });

  return router;
}
