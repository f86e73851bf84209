-- Integrations (issue 14): API keys and calendar feeds. Until there are workspaces (issue 15)
-- the instance is the workspace: a key belongs to the instance and was made by a seller (or by
-- the operator at the command line, `created_by` NULL). Only the SHA-256 of a key is kept; its
-- first characters (`prefix`) let people tell their keys apart.
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_by TEXT REFERENCES people (id),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

-- A calendar feed of plan due dates: a room's whole plan (`room_id` set, `mine` 0), or one
-- person's own tasks (`mine` 1; in one room, or every room of theirs when `room_id` is NULL).
-- Its secret is derived from the id with the instance's signing secret, never stored; a feed is
-- answered only while its person still has access to the rooms it shows.
CREATE TABLE calendar_feeds (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  room_id TEXT REFERENCES rooms (id),
  mine INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX calendar_feeds_person ON calendar_feeds (person_id, room_id);

-- Events read in the order they were recorded, after a cursor (the public API's paging).
CREATE INDEX events_room_id ON events (room_id, id);
