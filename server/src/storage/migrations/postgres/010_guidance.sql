-- Guiding the buyer journey. Nudges: the reminders planned for each room (by the summarizer,
-- replaced with its plan), each sent once (nudges_sent), turned off per room ('' person) or per
-- person in a room, and who unsubscribed or was last mailed (one nudge mail a day at most).
-- Next best actions: stored with the room's summary, dismissed per person and key.
CREATE TABLE room_nudges (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  nudge_key TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (room_id, nudge_key)
);
CREATE INDEX room_nudges_due ON room_nudges (due_at);

CREATE TABLE nudges_sent (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  nudge_key TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people (id),
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (room_id, nudge_key)
);

CREATE TABLE nudge_stops (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  person_id TEXT NOT NULL,
  stopped_at BIGINT NOT NULL,
  PRIMARY KEY (room_id, person_id)
);

CREATE TABLE nudge_recipients (
  person_id TEXT PRIMARY KEY REFERENCES people (id),
  last_mail_at BIGINT,
  unsubscribed_at BIGINT
);

CREATE TABLE room_actions (
  room_id TEXT NOT NULL REFERENCES rooms (id),
  action_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  rank BIGINT NOT NULL,
  message TEXT NOT NULL,
  reason TEXT NOT NULL,
  href TEXT NOT NULL,
  link_label TEXT NOT NULL,
  PRIMARY KEY (room_id, action_key)
);

CREATE TABLE dismissed_actions (
  person_id TEXT NOT NULL REFERENCES people (id),
  room_id TEXT NOT NULL REFERENCES rooms (id),
  action_key TEXT NOT NULL,
  dismissed_at BIGINT NOT NULL,
  PRIMARY KEY (person_id, room_id, action_key)
);

-- Every room's plan and actions are computed at the first sweep after the upgrade.
UPDATE room_summaries SET due_at = 0 WHERE due_at IS NULL;
