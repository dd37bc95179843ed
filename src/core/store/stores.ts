import type { Db } from "../../db/open.ts";
import { GroupHistoryStore } from "../group-quiz/history-store.ts";
import { QuizScheduleStore } from "../group-quiz/schedule-store.ts";
import { GroupQuizStore } from "../group-quiz/store.ts";
import { AccountMergeStore } from "../link/merge-store.ts";
import { LinkStore } from "../link/store.ts";
import { ReminderStore } from "../reminders/store.ts";
import { ReviewStore } from "../review/store.ts";
import { MemoStore } from "./memos.ts";
import { PositionStore } from "./positions.ts";
import { QuizStore } from "./quiz.ts";
import { StatsStore } from "./stats.ts";
import { TimeZoneStore } from "./time-zones.ts";
import { UserStore } from "./users.ts";

/**
 * A store's contract: the public methods of its SQLite class. The core holds stores only by their
 * contracts, so another implementation (Postgres, say) is any object with the same methods.
 */
export type StoreContract<Implementation> = {
  [Method in keyof Implementation]: Implementation[Method];
};

/** Every table the core reads and writes, behind one object handed to commands. */
export interface Stores {
  users: StoreContract<UserStore>;
  positions: StoreContract<PositionStore>;
  quiz: StoreContract<QuizStore>;
  memos: StoreContract<MemoStore>;
  stats: StoreContract<StatsStore>;
  timeZones: StoreContract<TimeZoneStore>;
  reminders: StoreContract<ReminderStore>;
  review: StoreContract<ReviewStore>;
  groupQuizzes: StoreContract<GroupQuizStore>;
  quizSchedules: StoreContract<QuizScheduleStore>;
  groupHistory: StoreContract<GroupHistoryStore>;
  links: StoreContract<LinkStore>;
  accountMerge: StoreContract<AccountMergeStore>;
}

/** The stores on one SQLite database (src/db): the only implementation so far. */
export const createStores = (db: Db): Stores => ({
  users: new UserStore(db),
  positions: new PositionStore(db),
  quiz: new QuizStore(db),
  memos: new MemoStore(db),
  stats: new StatsStore(db),
  timeZones: new TimeZoneStore(db),
  reminders: new ReminderStore(db),
  review: new ReviewStore(db),
  groupQuizzes: new GroupQuizStore(db),
  quizSchedules: new QuizScheduleStore(db),
  groupHistory: new GroupHistoryStore(db),
  links: new LinkStore(db),
  accountMerge: new AccountMergeStore(db),
});
