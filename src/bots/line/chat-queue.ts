/**
 * How many events one chat may have waiting or running. A chat answering normally has one or two; a
 * group quiz's taps come in tens. More means a flood, or a Messaging API so slow that each event takes
 * its full retries: without a bound, that backlog grows as long as messages keep coming.
 */
export const CHAT_BACKLOG_LIMIT = 100;

/**
 * Runs tasks one after another per key (a chat), and different keys side by side: a user's "/quiz" and
 * the answer sent right after it are handled in the order LINE delivered them, even within one webhook.
 * A key holds at most `limit` tasks waiting or running; `run` refuses more.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();

  constructor(private readonly limit = CHAT_BACKLOG_LIMIT) {}

  /** How many tasks of `key` are waiting or running. */
  backlog(key: string): number {
    return this.waiting.get(key) ?? 0;
  }

  /** Queues the task, or returns undefined (and runs nothing) when the key's backlog is full. */
  run(key: string, task: () => Promise<void>): Promise<void> | undefined {
    const backlog = this.backlog(key);
    if (backlog >= this.limit) return undefined;
    this.waiting.set(key, backlog + 1);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next);
    const forget = () => {
      const left = this.backlog(key) - 1;
      if (left > 0) this.waiting.set(key, left);
      else this.waiting.delete(key);
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
