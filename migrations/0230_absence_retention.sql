-- Retention of the absence register (0220; backend/retention/record-purge.ts): absences ended
-- longer ago than `retention.days` (with their follow-ups) and return-to-school certificates
-- recorded longer ago lose their personal fields like the other records. The runs' log counts
-- them too, so an admin sees what was erased.
--
-- retention_runs gains a column per new kind. Its CHECK wants a run to have erased something,
-- summed over the kinds, so a run that erased only absences would be refused: the table is
-- rebuilt (held, dropped, created with the wider CHECK, filled again, ids kept) and its three
-- triggers made again. Nothing refers to it.

CREATE TABLE retention_runs_held AS SELECT * FROM retention_runs;
DROP TABLE retention_runs;
CREATE TABLE retention_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  days INTEGER NOT NULL CHECK (days >= 1),
  entries INTEGER NOT NULL DEFAULT 0 CHECK (entries >= 0),
  appointments INTEGER NOT NULL DEFAULT 0 CHECK (appointments >= 0),
  walk_in_requests INTEGER NOT NULL DEFAULT 0 CHECK (walk_in_requests >= 0),
  courier_drop_offs INTEGER NOT NULL DEFAULT 0 CHECK (courier_drop_offs >= 0),
  fever_cases INTEGER NOT NULL DEFAULT 0 CHECK (fever_cases >= 0),
  -- Absences (their follow-ups with them) and certificates.
  absences INTEGER NOT NULL DEFAULT 0 CHECK (absences >= 0),
  return_certificates INTEGER NOT NULL DEFAULT 0 CHECK (return_certificates >= 0),
  CHECK (entries + appointments + walk_in_requests + courier_drop_offs + fever_cases
    + absences + return_certificates > 0)
);
INSERT INTO retention_runs (id, at, days, entries, appointments, walk_in_requests,
  courier_drop_offs, fever_cases)
SELECT id, at, days, entries, appointments, walk_in_requests, courier_drop_offs, fever_cases
FROM retention_runs_held ORDER BY id;
DROP TABLE retention_runs_held;

CREATE TRIGGER retention_runs_no_update BEFORE UPDATE ON retention_runs
BEGIN
  SELECT RAISE(ABORT, 'retention runs are never updated');
END;
CREATE TRIGGER retention_runs_no_delete BEFORE DELETE ON retention_runs
BEGIN
  SELECT RAISE(ABORT, 'retention runs are never deleted');
END;
-- INSERT OR REPLACE deletes the old row without firing delete triggers.
CREATE TRIGGER retention_runs_no_replace BEFORE INSERT ON retention_runs
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM retention_runs WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'retention runs are never replaced');
END;
