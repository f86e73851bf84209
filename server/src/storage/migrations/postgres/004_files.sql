-- The room's files (issue 13): a file per document of the Documents section, its versions (the
-- bytes are in the blob store under content-addressed keys), and a feed of rooms whose files
-- changed, which every instance follows to update the rooms it has open.
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms (id),
  title TEXT NOT NULL,
  policy TEXT NOT NULL CHECK (policy IN ('view', 'download')),
  attached_kind TEXT CHECK (attached_kind IN ('task', 'milestone')),
  attached_id TEXT,
  latest_version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE INDEX files_room ON files (room_id, updated_at);

CREATE TABLE file_versions (
  file_id TEXT NOT NULL REFERENCES files (id),
  version INTEGER NOT NULL,
  original_key TEXT NOT NULL,
  pdf_key TEXT NOT NULL,
  content_type TEXT NOT NULL,
  filename TEXT NOT NULL,
  size BIGINT NOT NULL,
  pages INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL REFERENCES people (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (file_id, version)
);

CREATE TABLE file_changes (
  seq BIGSERIAL PRIMARY KEY,
  room_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
