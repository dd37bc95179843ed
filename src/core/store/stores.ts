import type { Db } from "../../db/open.ts";
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
}

export const createStores = (db: Db): Stores => ({
  db,
  users: new UserStore(db),
  positions: new PositionStore(db),
  quiz: new QuizStore(db),
  memos: new MemoStore(db),
  stats: new StatsStore(db),
});
