import type { ProgressReply } from "../../core/reply.ts";

/** The points of a job's progress worth a message: its start, halfway, and its end. */
const MILESTONES = [0.5] as const;

/**
 * LINE cannot edit a sent message, so a progress message per epoch would flood the chat (and the message
 * quota). This keeps the first update of each progress key, the first to pass each milestone, and the
 * final one.
 */
export class ProgressMilestones {
  private readonly passed = new Map<string, number>();

  keep(reply: ProgressReply): boolean {
    const seen = this.passed.get(reply.key);
    if (reply.done) {
      if (seen === Number.POSITIVE_INFINITY) return false;
      this.passed.set(reply.key, Number.POSITIVE_INFINITY);
      return true;
    }
    if (seen === undefined) {
      this.passed.set(reply.key, milestonesBelow(reply.ratio));
      return true;
    }
    const now = milestonesBelow(reply.ratio);
    if (now <= seen) return false;
    this.passed.set(reply.key, now);
    return true;
  }
}

/** How many milestones a ratio has reached. */
const milestonesBelow = (ratio: number | undefined): number =>
  ratio === undefined ? 0 : MILESTONES.filter((milestone) => ratio >= milestone).length;
