-- CRM connections (issue 14): HubSpot and Salesforce are subscriptions of their own kind, fed by
-- the same outbox; a room is linked to a deal (HubSpot) or an opportunity (Salesforce), and only
-- linked rooms' events are delivered to a CRM. SQLite cannot change a CHECK in place: the
-- subscriptions table is rebuilt (migrations run with foreign keys off, checked after).
CREATE TABLE webhook_subscriptions_new (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'hubspot', 'salesforce')),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until INTEGER,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled_at INTEGER,
  failing_since INTEGER
);
INSERT INTO webhook_subscriptions_new
  SELECT id, kind, url, secret, previous_secret, previous_secret_until, created_by, created_at,
    disabled_at, failing_since
  FROM webhook_subscriptions;
DROP TABLE webhook_subscriptions;
ALTER TABLE webhook_subscriptions_new RENAME TO webhook_subscriptions;

CREATE TABLE crm_links (
  room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('hubspot', 'salesforce')),
  external_id TEXT NOT NULL,
  -- The deal's name and contacts as last read: `[{ id, email, name, title, role }]`.
  name TEXT NOT NULL,
  contacts TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, provider)
);
CREATE INDEX crm_links_external ON crm_links (provider, external_id);
