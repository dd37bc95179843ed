/** The current time, injectable so tests (reminders, streaks) can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
