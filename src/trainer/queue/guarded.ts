import type { Logger } from "../../core/logger.ts";

/** Runs a background step; a throw (e.g. SQLITE_BUSY) is logged with `context`, and undefined returned. */
export function guarded<T>(logger: Logger, context: object, message: string, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    logger.error({ ...context, err: error }, message);
    return undefined;
  }
}
