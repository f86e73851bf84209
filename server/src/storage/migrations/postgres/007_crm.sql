-- CRM connections (issue 14): HubSpot and Salesforce are subscriptions of their own kind, fed by
-- the same outbox; a room is linked to a deal (HubSpot) or an opportunity (Salesforce), and only
-- linked rooms' events are delivered to a CRM.
ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_kind_check;
ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_kind_check
  CHECK (kind IN ('webhook', 'slack', 'hubspot', 'salesforce'));

CREATE TABLE crm_links (
  room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('hubspot', 'salesforce')),
  external_id TEXT NOT NULL,
  -- The deal's name and contacts as last read: `[{ id, email, name, title, role }]`.
  name TEXT NOT NULL,
  contacts TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (room_id, provider)
);
CREATE INDEX crm_links_external ON crm_links (provider, external_id);
