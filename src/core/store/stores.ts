import type { Db } from "../../db/open.ts";
import { GroupQuizStore } from "../group-quiz/store.ts";
import { ReminderStore } from "../reminders/store.ts";
import { ReviewStore } from "../review/store.ts";
import { TimeZoneStore } from "./time-zones.ts";
import { MemoStore } from "./memos.ts";
import { PositionStore } from "./positions.ts";
import { QuizStore } from "./quiz.ts";
import { StatsStore } from "./stats.ts";
import { UserStore } from "./users.ts";

/** Every table the core reads and writes, behind one object handed to commands. */
export interface Stores {
  db: Db;
  users: UserStore;
  positions: PositionStore;
  quiz: QuizStore;
  memos: MemoStore;
  stats: StatsStore;
  timeZones: TimeZoneStore;
  reminders: ReminderStore;
  review: ReviewStore;
  groupQuizzes: GroupQuizStore;
}

export const createStores = (db: Db): Stores => ({
  db,
  users: new UserStore(db),
  positions: new PositionStore(db),
  quiz: new QuizStore(db),
  memos: new MemoStore(db),
  stats: new StatsStore(db),
  timeZones: new TimeZoneStore(db),
  reminders: new ReminderStore(db),
  review: new ReviewStore(db),
  groupQuizzes: new GroupQuizStore(db),
});
