/**
 * Runs tasks one after another per key (a chat), and different keys side by side: a user's "/quiz" and
 * the answer sent right after it are handled in the order LINE delivered them, even within one webhook.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
