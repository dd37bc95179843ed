/**
 * How old an event may be and still be handled. LINE redelivers a webhook the bot did not acknowledge
 * (when "Webhook redelivery" is on) and marks it `deliveryContext.isRedelivery`, but its documentation
 * gives no fixed period, only that redelivery can stop (it mails the admin when it does). A day covers a
 * bot that was down overnight; beyond that, an answer or a quiz comes too late to help, and an event that
 * old is more likely a replayed payload than LINE's. It must stay below the time the event ledger
 * remembers ids (EVENT_MEMORY_MS, 7 days), or a replay of an accepted event could be handled twice.
 */
export const MAX_EVENT_AGE_MS = 24 * 60 * 60 * 1000;

/** How long ago LINE says the event happened; a timestamp ahead of our clock (skew) counts as now. */
export const eventAgeMs = (timestamp: number, now: Date): number => Math.max(0, now.getTime() - timestamp);

/** Whether an event is too old to handle. */
export const isStale = (timestamp: number, now: Date): boolean =>
  eventAgeMs(timestamp, now) > MAX_EVENT_AGE_MS;
