-- Policy versions saved on the admin's policy screen: who saved each one and where it came
-- from (the config file at start, the screen, or a start that filled in rules added to the
-- program since). A version is never edited or removed: entries name it as their rules.

ALTER TABLE policies ADD COLUMN source TEXT NOT NULL DEFAULT 'config'
  CHECK (source IN ('config', 'screen', 'upgrade'));
-- "李老师 (li)" for the screen; NULL for versions the kiosk wrote itself at start.
ALTER TABLE policies ADD COLUMN saved_by TEXT;

-- The version in effect at a moment: the latest effective time not after it.
CREATE INDEX policies_effective ON policies (effective_from, version);

CREATE TRIGGER policies_no_update BEFORE UPDATE ON policies
BEGIN
  SELECT RAISE(ABORT, 'policy versions are never edited; save a new version');
END;
CREATE TRIGGER policies_no_delete BEFORE DELETE ON policies
BEGIN
  SELECT RAISE(ABORT, 'policy versions are never deleted');
END;
