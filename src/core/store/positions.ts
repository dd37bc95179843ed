import type { Db } from "../../db/open.ts";

export interface LessonPosition {
  step: number;
  sectionIndex: number;
}

/** Where each user is in the lessons. */
export class PositionStore {
  constructor(private readonly db: Db) {}

  get(userId: number): LessonPosition | undefined {
    const row = this.db
      .prepare<[number], { step: number; section_index: number }>(
        "SELECT step, section_index FROM lesson_positions WHERE user_id = ?",
      )
      .get(userId);
    return row && { step: row.step, sectionIndex: row.section_index };
  }

  set(userId: number, position: LessonPosition, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO lesson_positions (user_id, step, section_index, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, section_index = excluded.section_index,
           updated_at = excluded.updated_at`,
      )
      .run(userId, position.step, position.sectionIndex, now.toISOString());
  }
}
