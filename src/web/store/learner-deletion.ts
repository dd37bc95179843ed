import type { AccountStore } from "../../core/store/account.ts";
import type { Db } from "../../db/open.ts";
import type { RunOwner, RunStore } from "../../trainer/queue/runs.ts";

/**
 * Deletes a learner with their ended training runs, in one immediate transaction: a /train arriving
 * meanwhile either sees the learner gone or blocks the deletion. Undefined while a job is queued or running.
 */
export function deleteLearner(
  db: Db,
  stores: { runs: RunStore; account: AccountStore },
  learner: { userId: number; owner: RunOwner },
  now: Date,
): { deleted: number; chartPaths: string[] } | undefined {
  return db
    .transaction(() => {
      if (stores.runs.activeCount(learner.owner) > 0) return undefined;
      const runs = stores.runs.deleteEnded(learner.owner);
      stores.account.delete(learner.userId, now);
      return runs;
    })
    .immediate();
}
