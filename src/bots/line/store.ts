import type { Db } from "../../db/open.ts";

/**
 * Remembers the webhook events handled, by their `webhookEventId`, so that LINE's redeliveries
 * (`deliveryContext.isRedelivery`) are skipped. An event is claimed before it is handled: a crash halfway
 * loses it rather than answering a quiz twice.
 */
export class EventLedger {
  private readonly insert;
  private readonly prune;

  constructor(db: Db) {
    this.insert = db.prepare(
      "INSERT OR IGNORE INTO line_webhook_events (event_id, received_at) VALUES (?, ?)",
    );
    this.prune = db.prepare("DELETE FROM line_webhook_events WHERE received_at < ?");
  }

  /** True the first time an event id is seen (the caller handles it), false for a redelivery. */
  claim(eventId: string, at: Date): boolean {
    return this.insert.run(eventId, at.toISOString()).changes === 1;
  }

  /** Forgets events older than `before` (LINE stops redelivering long before). Returns how many went. */
  forgetBefore(before: Date): number {
    return this.prune.run(before.toISOString()).changes;
  }
}
