import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** The nice value of training threads: below the bot's own thread, which must answer chats meanwhile. */
export const TRAINING_NICE = 10;

/**
 * Lowers the calling thread's CPU priority (Linux: the nice value is per thread, and /proc/thread-self
 * names the thread). With both cores busy training, the bot's event loop then still gets a core as soon
 * as it wakes. Returns false where this is not possible; training then runs at normal priority.
 */
export function lowerThisThreadsPriority(nice = TRAINING_NICE): boolean {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    if (!Number.isInteger(threadId) || threadId <= 0) return false;
    setPriority(threadId, nice);
    return true;
  } catch {
    return false;
  }
}
