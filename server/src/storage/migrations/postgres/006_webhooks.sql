-- Webhooks (issue 14): subscriptions (created by a seller; until workspaces exist, the instance
-- is the workspace), the outbox of events they are fed from, and one delivery per event and
-- subscription, which is also the delivery log.
CREATE TABLE webhook_subscriptions (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack')),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until BIGINT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT,
  failing_since BIGINT
);

CREATE TABLE webhook_subscription_types (
  subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  PRIMARY KEY (subscription_id, type)
);
CREATE INDEX webhook_subscription_types_type ON webhook_subscription_types (type);

CREATE TABLE webhook_events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  room_id TEXT NOT NULL,
  data TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_seq BIGINT NOT NULL REFERENCES webhook_events (seq),
  room_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT NOT NULL DEFAULT 0,
  last_attempt_at BIGINT,
  response_code INTEGER,
  latency_ms INTEGER,
  error TEXT,
  delivered_at BIGINT,
  created_at BIGINT NOT NULL
);
-- The worker's question (what is due) and the order rule (is an earlier one of this room pending).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_room ON webhook_deliveries (subscription_id, room_id, status, event_seq);
-- The delivery log, latest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, event_seq);
