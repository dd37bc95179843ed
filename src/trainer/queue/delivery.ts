import { silentLogger, type Logger } from "../../core/logger.ts";
import type { JobEvent, JobListener } from "./port.ts";

/**
 * Delivers each job's events to its listener in order (an epoch update never lands after the result).
 * Listener errors (a chat that cannot be reached) are logged, never allowed to break the queue.
 */
export class EventDelivery {
  private readonly listeners = new Map<number, JobListener>();
  private readonly chains = new Map<number, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger = silentLogger,
    /** Called whenever tracked work settles (for idle checks). */
    private readonly onSettled: () => void = () => undefined,
  ) {}

  listen(id: number, listener: JobListener): void {
    this.listeners.set(id, listener);
  }

  has(id: number): boolean {
    return this.listeners.has(id);
  }

  listenerOf(id: number): JobListener | undefined {
    return this.listeners.get(id);
  }

  /** Queues `event` after the job's earlier ones; resolves once it is delivered (or failed to be). */
  emit(id: number, event: JobEvent): Promise<void> {
    const listener = this.listeners.get(id);
    if (listener === undefined) return Promise.resolve();
    const deliver = async (): Promise<void> => {
      try {
        await listener(event);
      } catch (error) {
        this.logger.error(
          { jobId: id, event: event.type, err: error },
          "could not deliver a training update",
        );
      }
    };
    const delivered = (this.chains.get(id) ?? Promise.resolve()).then(deliver);
    this.chains.set(id, delivered);
    this.track(delivered);
    return delivered;
  }

  /** Drops a job's listener (deliveries already queued still run). */
  forget(id: number): void {
    this.listeners.delete(id);
    this.chains.delete(id);
  }

  /** Counts `work` as in flight until it settles. */
  track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight.delete(tracked);
        this.onSettled();
      });
    this.inFlight.add(tracked);
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}

/** Promises that resolve when a condition, checked by `check()`, holds. */
export class IdleWaiters {
  private waiters: (() => void)[] = [];

  constructor(private readonly idle: () => boolean) {}

  wait(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  check(): void {
    if (!this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
