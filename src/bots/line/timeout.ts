/**
 * The LINE SDK (v10) calls the global fetch without a signal and has no timeout setting, and Node's fetch
 * waits up to 300 s for a stalled server's headers. Events of one chat are handled in order, so one stuck
 * call would hold up the whole chat: each call gets a deadline instead. The abandoned request may still
 * finish on its own; callers treat a timeout as "may have been accepted".
 */
export class LineTimeoutError extends Error {
  override name = "LineTimeoutError";

  constructor(what: string, ms: number) {
    super(`LINE: ${what} took longer than ${ms} ms`);
  }
}

/** Resolves or rejects as `work` does, or rejects with a LineTimeoutError after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LineTimeoutError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
