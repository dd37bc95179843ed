import { Router } from "express";
import type { WebDeps } from "../model/deps.ts";
import { requireSession, sessionOf, type WebSession } from "../http/session.ts";

/**
 * GET /web/api/runs[?ids=3,5]: the signed-in learner's training curves for the chart. Ids of another
 * learner's runs are simply not among theirs.
 */
export function apiRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get("/api/runs", requireSession, (req, res) => {
    const { user } = sessionOf(res) as WebSession;
    const wanted =
      typeof req.query.ids === "string"
        ? new Set(req.query.ids.split(",").map(Number).filter(Number.isSafeInteger))
        : undefined;
    const runs = deps.runs
      .list({ platform: user.platform, userId: user.platformUserId })
      .filter((run) => !wanted || wanted.has(run.id))
      .map((run) => ({
        id: run.id,
        status: run.status,
        history: run.history.map((history) => ({
          kind: history.kind,
          dropout: history.dropout,
          epochs: history.epochs.map((epoch) => ({
            epoch: epoch.epoch,
            acc: epoch.acc,
            valAcc: epoch.valAcc,
            loss: epoch.loss,
            valLoss: epoch.valLoss,
          })),
        })),
      }));
    res.json({ runs });
  });
  return router;
}
