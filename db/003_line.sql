-- LINE adapter (issue 5): webhook events already handled, so a redelivered event is not processed twice.
-- Hosted chart images live on disk (named by random ids), not here.

CREATE TABLE line_webhook_events (
  -- The event's webhookEventId (a ULID), the same on every redelivery.
  event_id TEXT PRIMARY KEY,
  received_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX line_webhook_events_received ON line_webhook_events (received_at);
