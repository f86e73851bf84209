-- Deal stages and team templates (issue 15). A room's stage: open, won, lost (with a reason) or
-- archived. Archived is what "closed" was: closed_at is the time it was archived (null
-- otherwise), so rooms closed by an earlier release are archived ones.
ALTER TABLE rooms ADD COLUMN stage TEXT NOT NULL DEFAULT 'open'
  CHECK (stage IN ('open', 'won', 'lost', 'archived'));
ALTER TABLE rooms ADD COLUMN stage_reason TEXT;
ALTER TABLE rooms ADD COLUMN stage_changed_at INTEGER;
-- 'template': the room behind a saved template, edited in the room editor, never listed as a deal.
ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'deal' CHECK (kind IN ('deal', 'template'));
UPDATE rooms SET stage = 'archived', stage_changed_at = closed_at WHERE closed_at IS NOT NULL;
CREATE INDEX rooms_stage ON rooms (stage);

-- Templates saved by the team: the plan, business case and roles to fill live in the template's
-- room; its dates count from anchor_day (a room made from it shifts them to its own first day).
CREATE TABLE room_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  room_id TEXT NOT NULL UNIQUE REFERENCES rooms (id),
  anchor_day TEXT NOT NULL,
  created_by TEXT REFERENCES people (id),
  created_at INTEGER NOT NULL
);

-- The template new rooms start from when none is picked (a saved one's name, or a built-in's).
CREATE TABLE default_template (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  name TEXT NOT NULL
);
