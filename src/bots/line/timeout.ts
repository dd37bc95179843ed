/**
 * A Messaging API call that took too long. Node's fetch waits up to 300 s for a stalled server's headers,
 * and events of one chat are handled in order, so one stuck call would hold up the whole chat: each call
 * gets a deadline instead, and its request is aborted when the deadline passes. Callers treat a timeout as
 * "may have been accepted" (the server may have acted before the connection closed).
 */
export class LineTimeoutError extends Error {
  override name = "LineTimeoutError";

  constructor(what: string, ms: number) {
    super(`LINE: ${what} took longer than ${ms} ms`);
  }
}

/**
 * Runs `work` with a signal that aborts after `ms`, and rejects with a LineTimeoutError then, even if
 * `work` ignores its signal; otherwise resolves or rejects as `work` does.
 */
export function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new LineTimeoutError(what, ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  return Promise.race([work(controller.signal), deadline]).finally(() => clearTimeout(timer));
}
