import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import { AccountStore } from "../../core/store/account.ts";
import type { Stores } from "../../core/store/stores.ts";
import type { Db } from "../../db/open.ts";
import type { LessonCatalog } from "../../lessons/catalog.ts";
import { RunStore } from "../../trainer/queue/runs.ts";
import { GroupQueries } from "../store/group.ts";
import { LearnerQueries } from "../store/learner.ts";
import { deleteLearner } from "../store/learner-deletion.ts";
import { WebSessionStore } from "../store/sessions.ts";

/** What the web pages read and write: the core's stores plus the web's own. */
export interface WebDeps {
  stores: Stores;
  lessons: LessonCatalog;
  clock: Clock;
  logger: Logger;
  sessions: WebSessionStore;
  learner: LearnerQueries;
  group: GroupQueries;
  runs: RunStore;
  account: AccountStore;
  /** Deletes the learner and their ended runs at once (undefined while a job of theirs is active). */
  deleteLearner: (
    learner: Parameters<typeof deleteLearner>[2],
    now: Date,
  ) => ReturnType<typeof deleteLearner>;
}

export interface CoreDeps {
  /** The database the web's own stores open on (sessions, the page queries). */
  db: Db;
  stores: Stores;
  lessons: LessonCatalog;
  clock: Clock;
  logger: Logger;
}

export function createWebDeps(core: CoreDeps): WebDeps {
  const { db, ...shared } = core;
  const runs = new RunStore(db);
  const account = new AccountStore(db);
  return {
    ...shared,
    sessions: new WebSessionStore(db),
    learner: new LearnerQueries(db),
    group: new GroupQueries(db),
    runs,
    account,
    deleteLearner: (learner, now) => deleteLearner(db, { runs, account }, learner, now),
  };
}
