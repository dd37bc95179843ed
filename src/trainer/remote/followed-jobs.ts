import type { Logger } from "../../core/logger.ts";
import type { EventDelivery } from "../queue/delivery.ts";
import type { JobRecord, ProcessIdentity } from "../queue/job-record.ts";
import type { JobOwners, OwnerGone } from "../queue/job-owners.ts";
import type { JobStore } from "../queue/job-store.ts";
import type { JobListener } from "../queue/port.ts";

export interface FollowedJobsDeps {
  store: JobStore;
  owners: JobOwners;
  delivery: EventDelivery;
  identity: ProcessIdentity;
  gone: OwnerGone;
  staleAfterMs: number;
  logger: Logger;
  /** Where the events of a job adopted from a stopped bot process go (its conversation is gone). */
  adoptedListener?: (job: JobRecord) => JobListener;
  /** Told about jobs of a stopped process that cannot be followed (trained in its own thread). */
  onInterrupted?: (jobs: JobRecord[]) => void;
  /** Called when a job stops being followed (for idle checks). */
  onUnfollowed: () => void;
}

/**
 * The jobs a bot process follows in the Redis mode (row id ↔ BullMQ id): those it queued, and those it
 * adopted from a stopped bot process sharing its database. Their heartbeats tell other processes that this
 * one lives; a clean stop releases them so the next process adopts them at once.
 */
export class FollowedJobs {
  private readonly byId = new Map<number, string>();
  private readonly byQueueId = new Map<string, number>();

  constructor(private readonly deps: FollowedJobsDeps) {}

  get size(): number {
    return this.byId.size;
  }

  entries(): [number, string][] {
    return [...this.byId];
  }

  idOf(queueJobId: string): number | undefined {
    return this.byQueueId.get(queueJobId);
  }

  follow(id: number, queueJobId: string, listener: JobListener): void {
    this.byId.set(id, queueJobId);
    this.byQueueId.set(queueJobId, id);
    this.deps.delivery.listen(id, listener);
  }

  unfollow(id: number): void {
    const queueJobId = this.byId.get(id);
    if (queueJobId !== undefined) this.byQueueId.delete(queueJobId);
    this.byId.delete(id);
    this.deps.delivery.forget(id);
    this.deps.onUnfollowed();
  }

  heartbeat(): void {
    this.deps.owners.heartbeat(this.deps.identity.id, [...this.byId.keys()]);
  }

  /** A clean stop: the jobs go on in the workers, and the next bot process may take them at once. */
  releaseAll(): void {
    try {
      this.deps.owners.release(this.deps.identity.id, [...this.byId.keys()]);
    } catch (error) {
      this.deps.logger.warn(
        { err: error },
        "could not release the training jobs; the next process waits for their heartbeat",
      );
    }
    for (const id of [...this.byId.keys()]) this.unfollow(id);
  }

  /**
   * Jobs of a stopped bot process: one a worker trains is followed from here (its owner gets the result
   * by push); one that process trained in its own thread died with it and is failed as interrupted.
   */
  adoptOrphans(): void {
    const { owners, identity, gone, store } = this.deps;
    const interrupted: JobRecord[] = [];
    for (const job of owners.orphans(identity.id, this.deps.staleAfterMs, gone)) {
      if (job.queueJobId === null) {
        interrupted.push(...owners.failOrphans(identity.id, 0, gone, (left) => left.id === job.id));
        continue;
      }
      if (!owners.adopt(job.id, job.instanceId, identity)) continue;
      this.deps.logger.info(
        { jobId: job.id, from: job.instanceId },
        "following a training job of a stopped bot process",
      );
      const listener = this.deps.adoptedListener?.(store.get(job.id)) ?? (() => undefined);
      this.follow(job.id, job.queueJobId, listener);
    }
    if (interrupted.length > 0) this.deps.onInterrupted?.(interrupted);
  }
}
