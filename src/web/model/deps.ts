import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import { AccountStore } from "../../core/store/account.ts";
import type { Stores } from "../../core/store/stores.ts";
import type { LessonCatalog } from "../../lessons/catalog.ts";
import { RunStore } from "../../trainer/queue/runs.ts";
import { GroupQueries } from "../store/group.ts";
import { LearnerQueries } from "../store/learner.ts";
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
}

export interface CoreDeps {
  stores: Stores;
  lessons: LessonCatalog;
  clock: Clock;
  logger: Logger;
}

export function createWebDeps(core: CoreDeps): WebDeps {
  const { db } = core.stores;
  return {
    ...core,
    sessions: new WebSessionStore(db),
    learner: new LearnerQueries(db),
    group: new GroupQueries(db),
    runs: new RunStore(db),
    account: new AccountStore(db),
  };
}
