import { localDate } from "../../core/time/zone.ts";
import type { WebDeps } from "./deps.ts";

const ALL_MEMOS = 1_000_000;
const FAR_FUTURE = "9999-12-31";

/** Everything stored about the learner, as the JSON they download. */
export function exportLearnerData(deps: WebDeps, userId: number): Record<string, unknown> | undefined {
  const { stores, clock } = deps;
  const user = stores.users.get(userId);
  if (!user) return undefined;
  const timeZone = stores.timeZones.get(userId);
  const reminder = stores.reminders.get(userId);
  return {
    exportedAt: clock.now().toISOString(),
    user: {
      platform: user.platform,
      platformUserId: user.platformUserId,
      displayName: user.displayName,
      language: user.locale,
      timeZone,
    },
    lessonPosition: stores.positions.get(userId) ?? null,
    answers: deps.learner.answers(userId),
    memos: stores.memos.search(userId, "", ALL_MEMOS).memos.map((memo) => ({
      id: memo.id,
      step: memo.step,
      text: memo.body,
      createdAt: memo.createdAt.toISOString(),
    })),
    reviewCards: stores.review.due(userId, FAR_FUTURE, ALL_MEMOS),
    reviewLog: stores.review.log(userId),
    reviewsDueToday: stores.review.counts(userId, localDate(clock.now(), timeZone)).due,
    reminder: reminder
      ? {
          localTime: `${String(Math.floor(reminder.minuteOfDay / 60)).padStart(2, "0")}:${String(reminder.minuteOfDay % 60).padStart(2, "0")}`,
          chat: reminder.address.chatId,
        }
      : null,
    trainingRuns: deps.runs.list({ platform: user.platform, userId: user.platformUserId }, ALL_MEMOS),
  };
}
