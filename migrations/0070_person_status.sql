-- R10: a person's status can keep them out (isolating, needs a return-to-school certificate).
-- The gate shows the guard why and who said so; 'left' marks someone no longer on the roster.
ALTER TABLE people ADD COLUMN status_reason TEXT;
ALTER TABLE people ADD COLUMN status_set_by TEXT;
ALTER TABLE people ADD COLUMN status_set_at TEXT;
