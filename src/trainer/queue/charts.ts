import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { silentLogger, type Logger } from "../../core/logger.ts";
import type { JobStore } from "./job-store.ts";

/** Chart files kept in chartDir (~100 KB each); older ones are deleted as new ones arrive. */
export const DEFAULT_CHARTS_KEPT = 200;

/** The chart PNG of each done job (train-<id>.png), the newest `kept` of them. */
export class ChartFiles {
  constructor(
    private readonly dir: string,
    private readonly store: JobStore,
    private readonly kept: number = DEFAULT_CHARTS_KEPT,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** Writes the chart and returns its absolute path. */
  save(id: number, png: Uint8Array): string {
    mkdirSync(this.dir, { recursive: true });
    const path = resolve(join(this.dir, `train-${id}.png`));
    writeFileSync(path, png);
    return path;
  }

  discard(path: string): void {
    rmSync(path, { force: true });
  }

  /** Deletes all but the newest charts (a seeded result stays reusable: its curves are in the history). */
  prune(): void {
    try {
      for (const path of this.store.releaseOldCharts(this.kept)) rmSync(path, { force: true });
    } catch (error) {
      this.logger.error({ err: error }, "could not delete old training charts");
    }
  }
}
