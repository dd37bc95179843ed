import type { Logger } from "../../core/logger.ts";

type Level = "info" | "warn" | "error";

interface Window {
  level: Level;
  message: string;
  suppressed: number;
  timer: NodeJS.Timeout;
}

/** One minute: a flood shows within a minute, and a steady one costs two lines a minute per kind. */
export const LOG_THROTTLE_INTERVAL_MS = 60_000;

/**
 * Log lines that anyone on the internet can cause (a refused request) or that repeat during an outage
 * (a failed call, retried): the first line of each kind is written, the next ones in the same interval are
 * only counted, and when the interval ends one line says how many were left out. A kind is a key from
 * the code, never from input, so the windows kept stay few.
 */
export class LogThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = LOG_THROTTLE_INTERVAL_MS,
  ) {}

  info(kind: string, fields: object, message: string): void {
    this.write("info", kind, fields, message);
  }

  warn(kind: string, fields: object, message: string): void {
    this.write("warn", kind, fields, message);
  }

  error(kind: string, fields: object, message: string): void {
    this.write("error", kind, fields, message);
  }

  /** Writes how many lines were left out so far, and starts afresh (at shutdown, so no count is lost). */
  flush(): void {
    for (const kind of [...this.windows.keys()]) this.end(kind);
  }

  private write(level: Level, kind: string, fields: object, message: string): void {
    const open = this.windows.get(kind);
    if (open) {
      open.suppressed += 1;
      return;
    }
    this.logger[level](fields, message);
    const timer = setTimeout(() => this.end(kind), this.intervalMs);
    timer.unref();
    this.windows.set(kind, { level, message, suppressed: 0, timer });
  }

  private end(kind: string): void {
    const window = this.windows.get(kind);
    if (!window) return;
    this.windows.delete(kind);
    clearTimeout(window.timer);
    if (window.suppressed === 0) return;
    this.logger[window.level](
      { kind, suppressed: window.suppressed, intervalMs: this.intervalMs },
      `${window.message} (${window.suppressed} more like it left out)`,
    );
  }
}
