import type { Logger } from "../../core/logger.ts";
import { renderChart } from "../chart.ts";
import type { ChartFiles } from "../queue/charts.ts";
import type { EventDelivery } from "../queue/delivery.ts";
import { isActive } from "../queue/job-record.ts";
import type { JobStore } from "../queue/job-store.ts";
import type { WorkerFailure } from "../worker/run-worker.ts";
import { readReport, readResult, type WorkerReport } from "./protocol.ts";

export interface OutcomeDeps {
  store: JobStore;
  charts: ChartFiles;
  delivery: EventDelivery;
  logger: Logger;
  instanceId: string;
  /** Called once a job has ended here (recorded, and its last event queued). */
  onEnded: (id: number) => void;
}

/** BullMQ's own reason for a job whose worker died twice (or was lost with no retry left). */
const STALLED = /stalled/i;

/**
 * What a worker reports about a job, turned into the job's row in SQLite and its owner's events. Every end
 * goes through a status-checked write (markDone / markEnded), so a result that arrives twice (its event and
 * a reconciliation, say) or after a cancel is delivered at most once.
 */
export class RemoteOutcomes {
  private readonly finishing = new Set<number>();

  constructor(private readonly deps: OutcomeDeps) {}

  /** A progress report: the start (backend and host), an epoch, or a hand-back. */
  report(id: number, data: unknown): void {
    const { store, delivery } = this.deps;
    const report = readReport(data);
    if (report === undefined || report.type === "failure") return;
    const job = store.get(id);
    if (!isActive(job)) return;
    switch (report.type) {
      case "started":
        if (!store.markStartedOn(id, report.host, report.backend)) return;
        void delivery.emit(id, {
          type: "started",
          job: store.get(id),
          backend: report.backend,
          host: report.host,
        });
        return;
      case "epoch":
        if (job.status === "queued") store.markRunning(id);
        store.saveHistory(id, report.history);
        void delivery.emit(id, { type: "epoch", job: store.get(id), progress: report.progress });
        return;
      case "handing-back":
        this.requeued(id, "handed-back");
        return;
    }
  }

  /** Back in the queue (its worker stopped or was lost): it trains again from the start. */
  requeued(id: number, why: "handed-back" | "worker-lost"): void {
    const { store, delivery } = this.deps;
    if (!store.markRequeued(id)) return;
    void delivery.emit(id, { type: "requeued", job: store.get(id), why });
  }

  /** The job's return value: record it (drawing and keeping the chart) and deliver it, once. */
  async completed(id: number, value: unknown): Promise<void> {
    const { store, charts, delivery, logger } = this.deps;
    if (this.finishing.has(id)) return;
    const job = store.get(id);
    if (!isActive(job)) return this.deps.onEnded(id);
    const returned = readResult(value);
    if (returned === undefined) {
      await this.failed(id, "the worker returned no readable result", undefined);
      return;
    }
    this.finishing.add(id);
    try {
      const png = renderChart(job.params, returned.result.runs, job.locale);
      const chartPath = charts.save(id, png);
      const outcome = store.markDone(id, returned.result, chartPath, this.deps.instanceId, returned.host);
      if (outcome === "refused") {
        charts.discard(chartPath);
        logger.warn({ jobId: id }, "training result dropped: the job had already ended");
        return;
      }
      charts.prune();
      await delivery.emit(id, { type: "done", job: store.get(id), result: returned.result, png });
    } finally {
      this.finishing.delete(id);
      this.deps.onEnded(id);
    }
  }

  /** The job failed: the worker's own report says why when it wrote one before failing. */
  async failed(id: number, failedReason: string, lastReport: unknown): Promise<void> {
    const report: WorkerReport | undefined = readReport(lastReport);
    const { failure, reason, projectedSeconds } =
      report?.type === "failure"
        ? report
        : {
            failure: (STALLED.test(failedReason) ? "crashed" : "error") as WorkerFailure,
            reason: failedReason,
            projectedSeconds: undefined,
          };
    await this.end(id, failure, reason, projectedSeconds);
  }

  /** Ends the job as failed (or cancelled) and tells its owner, unless it had already ended. */
  async end(id: number, failure: WorkerFailure, reason: string, projectedSeconds?: number): Promise<void> {
    const { store, delivery, logger } = this.deps;
    if (this.finishing.has(id)) return;
    const cancelled = failure === "cancelled";
    try {
      if (!store.markEnded(id, cancelled ? "cancelled" : "failed", cancelled ? null : reason)) return;
      if (!cancelled) logger.warn({ jobId: id, failure, reason }, "training job failed");
      const job = store.get(id);
      await delivery.emit(
        id,
        cancelled
          ? { type: "cancelled", job }
          : {
              type: "failed",
              job,
              failure,
              reason,
              ...(projectedSeconds !== undefined ? { projectedSeconds } : {}),
            },
      );
    } finally {
      this.deps.onEnded(id);
    }
  }
}
