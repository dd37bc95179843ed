import { unlink } from "node:fs/promises";
import { Router, type Request, type Response } from "express";
import { MEMO_MAX_LENGTH } from "../../core/commands/memo.ts";
import type { WebDeps } from "../model/deps.ts";
import { exportLearnerData } from "../model/export.ts";
import { learnerPage } from "../model/learner-page.ts";
import {
  clearSessionCookie,
  requireCsrf,
  requireSession,
  sessionOf,
  type WebSession,
} from "../http/session.ts";
import { deleteConfirmHtml, learnerPageHtml } from "../views/learner-page.ts";
import { noticePage } from "../views/layout.ts";
import { notFound } from "./not-found.ts";

export interface LearnerRouteOptions {
  deps: WebDeps;
  secureCookies: boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");
const memoId = (req: Request): number | undefined => {
  const id = Number(req.params.id);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/** Back to the memo list the learner came from; only our own page is a valid place to return to. */
const backTo = (value: unknown): string => {
  const back = text(value);
  return /^\/web(\?[A-Za-z0-9=&%._~+-]*)?(#memos)?$/.test(back) ? back : "/web#memos";
};

/** The learner's page, their memos, their data download and the deletion of their data. */
export function learnerRoutes(options: LearnerRouteOptions): Router {
  const { deps, secureCookies } = options;
  const router = Router();
  const session = (res: Response): WebSession => sessionOf(res) as WebSession;

  router.get("/", requireSession, (req, res) => {
    const { record, user, csrf } = session(res);
    const page = Number(text(req.query.page));
    const model = learnerPage(deps, {
      userId: user.id,
      sessionId: record.id,
      memoQuery: text(req.query.q).trim().slice(0, 100),
      memoPage: Number.isSafeInteger(page) && page > 0 ? page : 1,
    });
    if (!model) return notFound(res);
    res.send(learnerPageHtml(model, csrf));
  });

  router.post("/logout", requireSession, requireCsrf, (_req, res) => {
    const { record, locale } = session(res);
    deps.sessions.revokeSession(record.id, deps.clock.now());
    clearSessionCookie(res, secureCookies);
    res.send(
      noticePage({
        locale,
        title: { ja: "サインアウトしました", en: "Signed out" },
        lines: [{ ja: "またチャットで /web と送れば開けます。", en: "Send /web in the chat to come back." }],
      }),
    );
  });

  router.post("/memos/:id", requireSession, requireCsrf, (req, res) => {
    const id = memoId(req);
    const body = text((req.body as Record<string, unknown>).body).trim();
    if (id === undefined) return notFound(res);
    if (!body || [...body].length > MEMO_MAX_LENGTH) {
      res.status(400).send(
        noticePage({
          locale: session(res).locale,
          title: { ja: "保存できません", en: "Not saved" },
          lines: [
            {
              ja: `メモは 1〜${MEMO_MAX_LENGTH} 文字で書いてください。`,
              en: `A memo takes 1 to ${MEMO_MAX_LENGTH} characters.`,
            },
          ],
        }),
      );
      return;
    }
    if (!deps.stores.memos.edit(session(res).user.id, id, body)) return notFound(res);
    res.redirect(303, backTo((req.body as Record<string, unknown>).back));
  });

  router.post("/memos/:id/delete", requireSession, requireCsrf, (req, res) => {
    const id = memoId(req);
    if (id === undefined || !deps.stores.memos.delete(session(res).user.id, id)) return notFound(res);
    res.redirect(303, backTo((req.body as Record<string, unknown>).back));
  });

  router.get("/export.json", requireSession, (_req, res) => {
    const data = exportLearnerData(deps, session(res).user.id);
    if (!data) return notFound(res);
    const date = deps.clock.now().toISOString().slice(0, 10);
    res.attachment(`manabot-${date}.json`);
    res.type("application/json").send(JSON.stringify(data, null, 2));
  });

  router.get("/account/delete", requireSession, (_req, res) => {
    const { locale, csrf } = session(res);
    res.send(deleteConfirmHtml(locale, csrf, false));
  });

  router.post("/account/delete", requireSession, requireCsrf, async (req, res) => {
    const { user, locale, csrf } = session(res);
    if (text((req.body as Record<string, unknown>).confirm) !== "yes") {
      res.status(400).send(deleteConfirmHtml(locale, csrf, false));
      return;
    }
    const owner = { platform: user.platform, userId: user.platformUserId };
    const now = deps.clock.now();
    const outcome = deps.deleteLearner({ userId: user.id, owner }, now);
    if (!outcome) {
      res.status(409).send(deleteConfirmHtml(locale, csrf, true));
      return;
    }
    await Promise.all(outcome.chartPaths.map((path) => unlink(path).catch(() => undefined)));
    deps.logger.info({ userId: user.id, runs: outcome.deleted }, "web: a learner deleted their data");
    clearSessionCookie(res, secureCookies);
    res.send(
      noticePage({
        locale,
        title: { ja: "データを削除しました", en: "Your data was deleted" },
        lines: [
          {
            ja: "あなたのデータはすべて削除されました。またチャットで話しかければ、最初から始められます。",
            en: "All your data is gone. Write to the bot again any time to start afresh.",
          },
        ],
      }),
    );
  });

  return router;
}
