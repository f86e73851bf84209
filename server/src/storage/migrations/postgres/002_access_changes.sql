-- Signing out reaches open sockets too ('signed-out'), and a change can concern every room of a
-- person (room_id NULL: "sign out everywhere").
ALTER TABLE access_changes ALTER COLUMN room_id DROP NOT NULL;
ALTER TABLE access_changes DROP CONSTRAINT IF EXISTS access_changes_kind_check;
ALTER TABLE access_changes ADD CONSTRAINT access_changes_kind_check
  CHECK (kind IN ('revoked', 'room-closed', 'role-changed', 'signed-out'));
