-- R9, R10: the absence register and the way back. An absence for illness is registered (by the
-- school doctor or a class teacher, from the class teachers' sheet, or by a refer at a gate),
-- followed up with calls that are only ever appended, and ended once: by the return-to-school
-- certificate, or — for an absence not for illness, or one recorded in error — with a note.
-- The register lives where the roster does (the school hub, or a single kiosk); gates see only
-- its effect, the person's status (needs-certificate), which travels down in the hub's feed.
--
-- Retention (backend/retention/record-purge.ts): once ended longer ago than `retention.days`,
-- an absence loses who it was and every personal field (person, name, symptoms, notes, the
-- follow-ups' contacts and notes, the certificate's issuer and scan); class, cause, the days
-- and the counts stay. Symptoms and scans are health data: sealed like ID numbers.

CREATE TABLE absences (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES people (id),
  name TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('student', 'staff')),
  class_name TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL CHECK (cause IN ('illness', 'fever-at-gate', 'other')),
  -- Sealed (field kind 'symptoms').
  symptoms TEXT,
  celsius REAL,
  fever_case_id INTEGER REFERENCES fever_cases (id),
  gate_id TEXT,
  -- School days (Asia/Shanghai), YYYY-MM-DD.
  since TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  expected_return TEXT
    CHECK (expected_return IS NULL OR expected_return GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  source TEXT NOT NULL CHECK (source IN ('gate', 'register', 'import')),
  opened_at TEXT NOT NULL,
  opened_by INTEGER REFERENCES accounts (id),
  opened_by_name TEXT NOT NULL,
  note TEXT,
  ended_at TEXT,
  ended_how TEXT CHECK (ended_how IN ('certificate', 'returned', 'cancelled')),
  ended_by INTEGER REFERENCES accounts (id),
  ended_by_name TEXT,
  ended_note TEXT,
  purged_at TEXT,
  CHECK ((ended_at IS NULL) = (ended_how IS NULL)),
  CHECK (purged_at IS NOT NULL OR (person_id IS NOT NULL AND name IS NOT NULL)),
  CHECK (purged_at IS NULL OR (ended_at IS NOT NULL AND person_id IS NULL AND name IS NULL
    AND symptoms IS NULL AND note IS NULL AND ended_note IS NULL))
);
-- One open absence per person: a second report (the sheet, a refer) finds the first.
CREATE UNIQUE INDEX absences_open_person ON absences (person_id) WHERE ended_at IS NULL;
CREATE INDEX absences_since ON absences (since);
CREATE INDEX absences_ended ON absences (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX absences_unpurged ON absences (ended_at) WHERE purged_at IS NULL;
CREATE INDEX absences_fever_case ON absences (fever_case_id) WHERE fever_case_id IS NOT NULL;
-- The open list, in the order the register shows it.
CREATE INDEX absences_open ON absences (since, id) WHERE ended_at IS NULL;
-- Where and when a gate held each person waiting for a certificate (a status reason only ever
-- comes with a deny): the doctor's list, without reading the day's other entries.
CREATE INDEX entries_denied_person ON entries (person_id, at) WHERE decision = 'deny';

CREATE TRIGGER absences_no_delete BEFORE DELETE ON absences
BEGIN
  SELECT RAISE(ABORT, 'absences are never deleted');
END;
-- Ended once; after that only the purge changes it.
CREATE TRIGGER absences_end_once BEFORE UPDATE ON absences
WHEN OLD.ended_at IS NOT NULL AND NEW.purged_at IS NULL
  AND (NEW.ended_at IS NOT OLD.ended_at OR NEW.ended_how IS NOT OLD.ended_how
    OR NEW.expected_return IS NOT OLD.expected_return)
BEGIN
  SELECT RAISE(ABORT, 'an absence is only ever ended, once');
END;
CREATE TRIGGER absences_purged_final BEFORE UPDATE ON absences
WHEN OLD.purged_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a purged absence is never changed');
END;

CREATE TABLE absence_follow_ups (
  id INTEGER PRIMARY KEY,
  absence_id INTEGER NOT NULL REFERENCES absences (id),
  at TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('phone', 'message', 'visit')),
  outcome TEXT NOT NULL
    CHECK (outcome IN ('recovering', 'seen-doctor', 'in-hospital', 'recovered', 'no-answer', 'other')),
  contact TEXT,
  note TEXT,
  recorded_by INTEGER REFERENCES accounts (id),
  recorded_by_name TEXT NOT NULL,
  purged_at TEXT,
  CHECK (purged_at IS NULL OR (contact IS NULL AND note IS NULL))
);
CREATE INDEX absence_follow_ups_absence ON absence_follow_ups (absence_id, id);
CREATE INDEX absence_follow_ups_at ON absence_follow_ups (at);
CREATE TRIGGER absence_follow_ups_no_delete BEFORE DELETE ON absence_follow_ups
BEGIN
  SELECT RAISE(ABORT, 'follow-ups are never deleted');
END;
CREATE TRIGGER absence_follow_ups_append_only BEFORE UPDATE ON absence_follow_ups
WHEN OLD.purged_at IS NOT NULL OR NEW.purged_at IS NULL
BEGIN
  SELECT RAISE(ABORT, 'follow-ups are never edited; add another');
END;

CREATE TABLE return_certificates (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES people (id),
  absence_id INTEGER REFERENCES absences (id),
  kind TEXT NOT NULL CHECK (kind IN ('student', 'staff')),
  class_name TEXT NOT NULL DEFAULT '',
  -- The status the certificate ended.
  cleared TEXT NOT NULL CHECK (cleared IN ('needs-certificate', 'isolating')),
  issuer TEXT,
  issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- Sealed (field kind 'certificate-scan'): base64 of the file's bytes.
  scan TEXT,
  scan_type TEXT CHECK (scan_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER REFERENCES accounts (id),
  recorded_by_name TEXT NOT NULL,
  purged_at TEXT,
  CHECK ((scan IS NULL) = (scan_type IS NULL) OR purged_at IS NOT NULL),
  CHECK (purged_at IS NOT NULL OR (person_id IS NOT NULL AND issuer IS NOT NULL)),
  CHECK (purged_at IS NULL OR (person_id IS NULL AND issuer IS NULL AND scan IS NULL))
);
CREATE INDEX return_certificates_recorded ON return_certificates (recorded_at);
CREATE INDEX return_certificates_absence ON return_certificates (absence_id);
CREATE INDEX return_certificates_unpurged ON return_certificates (recorded_at) WHERE purged_at IS NULL;
CREATE TRIGGER return_certificates_no_delete BEFORE DELETE ON return_certificates
BEGIN
  SELECT RAISE(ABORT, 'certificates are never deleted');
END;
CREATE TRIGGER return_certificates_purge_only BEFORE UPDATE ON return_certificates
WHEN OLD.purged_at IS NOT NULL OR NEW.purged_at IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a certificate is never edited');
END;
