-- R3 follow-up of fever cases, and the visitors still on campus. A case's follow-up events
-- (retest reading, hand-off to the observation point, guardian informed, note) are appended
-- and never edited; a case is closed once, by an admin, with its outcome; that is the only
-- change a fever case ever sees.

CREATE TABLE fever_case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES fever_cases (id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('retest-reading', 'observation-handoff', 'guardian-informed', 'note')),
  celsius REAL,
  -- The observation point's staff member (hand-off) or the guardian who was told.
  person TEXT,
  -- How the guardian was told: 'phone', 'message', 'in-person'.
  method TEXT,
  note TEXT,
  recorded_by INTEGER REFERENCES accounts (id),
  recorded_by_name TEXT NOT NULL,
  recorded_by_role TEXT NOT NULL
);
CREATE INDEX fever_case_events_case ON fever_case_events (case_id, id);

CREATE TRIGGER fever_case_events_no_update BEFORE UPDATE ON fever_case_events
BEGIN
  SELECT RAISE(ABORT, 'fever case events are never updated; add a note');
END;
CREATE TRIGGER fever_case_events_no_delete BEFORE DELETE ON fever_case_events
BEGIN
  SELECT RAISE(ABORT, 'fever case events are never deleted');
END;
CREATE TRIGGER fever_case_events_no_replace BEFORE INSERT ON fever_case_events
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM fever_case_events WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'fever case events are never replaced');
END;

ALTER TABLE fever_cases ADD COLUMN outcome_note TEXT;
ALTER TABLE fever_cases ADD COLUMN closed_by INTEGER REFERENCES accounts (id);
ALTER TABLE fever_cases ADD COLUMN closed_by_name TEXT;
CREATE INDEX fever_cases_open ON fever_cases (id) WHERE closed_at IS NULL;
CREATE INDEX fever_cases_closed ON fever_cases (closed_at) WHERE closed_at IS NOT NULL;

-- Closing sets outcome, note, who and when on an open case, once; nothing else ever changes.
CREATE TRIGGER fever_cases_close_once BEFORE UPDATE ON fever_cases
WHEN OLD.closed_at IS NOT NULL
  OR NEW.closed_at IS NULL
  OR NEW.outcome IS NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.entry_id IS NOT OLD.entry_id
  OR NEW.opened_at IS NOT OLD.opened_at
BEGIN
  SELECT RAISE(ABORT, 'a fever case is only ever closed, once');
END;
CREATE TRIGGER fever_cases_no_delete BEFORE DELETE ON fever_cases
BEGIN
  SELECT RAISE(ABORT, 'fever cases are never deleted');
END;

-- A visitor's entries by appointment: the latest pass in or out says whether they are inside.
CREATE INDEX entries_visit ON entries (appointment_id, decision, id)
WHERE appointment_id IS NOT NULL;
