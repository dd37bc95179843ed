import type { Logger } from "../../src/core/logger.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogEntry {
  level: LogLevel;
  fields: Record<string, unknown>;
  message?: string;
}

/** A logger that keeps what it was told, so tests can check that failures were logged. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(fields: object, message?: string) {
    this.record("debug", fields, message);
  }
  info(fields: object, message?: string) {
    this.record("info", fields, message);
  }
  warn(fields: object, message?: string) {
    this.record("warn", fields, message);
  }
  error(fields: object, message?: string) {
    this.record("error", fields, message);
  }
  at(level: LogLevel): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }
  private record(level: LogLevel, fields: object, message: string | undefined) {
    this.entries.push({ level, fields: fields as Record<string, unknown>, ...(message ? { message } : {}) });
  }
}
