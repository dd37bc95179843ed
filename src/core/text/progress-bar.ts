import type { ProgressReply } from "../reply.ts";

/** "[█████░░░░░]  50%": a text progress bar. */
export function progressBar(ratio: number, width = 20): string {
  const clamped = Math.min(1, Math.max(0, ratio));
  const filled = Math.round(clamped * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(Math.round(clamped * 100)).padStart(3)}%`;
}

/** The mark of finished work: a failure or a cancellation never gets the ✅ of a success. */
const ENDED: Readonly<Record<NonNullable<ProgressReply["outcome"]>, string>> = {
  finished: "✅",
  failed: "❌",
  cancelled: "⏹️",
};

/**
 * A progress reply as one line: "✅ text" when finished (❌ failed, ⏹️ cancelled), "⏳ text" without a known
 * ratio, else the bar and the text. `formatBar` lets a platform dress the bar (Discord puts it in code so
 * the blocks line up).
 */
export function progressLine(
  reply: ProgressReply,
  width = 20,
  formatBar: (bar: string) => string = (bar) => bar,
): string {
  if (reply.done) return `${ENDED[reply.outcome ?? "finished"]} ${reply.text}`;
  if (reply.ratio === undefined) return `⏳ ${reply.text}`;
  return `${formatBar(progressBar(reply.ratio, width))} ${reply.text}`;
}
