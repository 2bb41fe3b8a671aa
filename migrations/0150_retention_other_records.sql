-- Retention for the records beside the entry log (README "Retention"): appointments, walk-in
-- requests, courier drop-offs and closed fever cases lose their personal fields once older than
-- `retention.days`. None of them is uploaded to the district, so age alone decides
-- (electron/retention/record-purge.ts). The rows stay, so counts per day do not change.
--
-- A row is either whole or purged: `purged_at` says which, CHECKs hold each state, and a
-- partial index on the unpurged rows lets the purge find its work without reading the rest.
-- Triggers allow the purge as one update (the personal fields erased and purged_at set, nothing
-- else changed) and refuse any change to a purged row.
--
-- The three tables whose personal columns were NOT NULL are rebuilt, every other column, index,
-- foreign key and CHECK kept as it was (one index is added). The runner keeps foreign_keys ON inside the migration's
-- transaction (where the pragma cannot be switched off), and entries and walk_in_requests
-- reference appointments(id). So the checks are deferred to COMMIT and each table is rebuilt by
-- holding its rows, dropping it, creating it under the same name and putting the rows back:
-- the drop counts the orphaned children and putting the parent rows back counts them off
-- again. (The usual create-new-then-rename would leave them counted, and COMMIT would fail.)
-- The runner's foreign_key_check then has to find nothing. The pages the old copies leave free
-- are not zeroed here; the VACUUM after the first purge that erases anything rebuilds the file.
PRAGMA defer_foreign_keys = ON;

-- Walk-in requests, in any state; rebuilt first, for its new index (below). Erased: name,
-- document and phone numbers with their hashes, and the decline reason: an admin types it about
-- this visitor, like an appointment's revoke reason. Kept: host, reason, area, gate, who asked
-- and who decided, and the link to the appointment.
CREATE TABLE walk_in_requests_held AS SELECT * FROM walk_in_requests;
DROP TABLE walk_in_requests;
CREATE TABLE walk_in_requests (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  visitor_name TEXT CHECK (visitor_name <> ''),
  document_type TEXT NOT NULL,
  document_number TEXT,
  phone TEXT,
  host TEXT NOT NULL,
  reason TEXT NOT NULL,
  area TEXT NOT NULL,
  requested_by INTEGER REFERENCES accounts (id),
  requested_by_name TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined')),
  decided_at TEXT,
  decided_by INTEGER REFERENCES accounts (id),
  decided_by_name TEXT,
  decline_reason TEXT,
  appointment_id TEXT REFERENCES appointments (id),
  document_number_hash TEXT,
  phone_hash TEXT,
  purged_at TEXT,
  -- An approval always names its appointment, a refusal always says why (until purged).
  CHECK (state <> 'approved' OR appointment_id IS NOT NULL),
  CHECK (state <> 'declined' OR purged_at IS NOT NULL
    OR (decline_reason IS NOT NULL AND decline_reason <> '')),
  CHECK (purged_at IS NOT NULL
    OR (visitor_name IS NOT NULL AND document_number IS NOT NULL AND phone IS NOT NULL)),
  CHECK (purged_at IS NULL
    OR (visitor_name IS NULL AND document_number IS NULL AND document_number_hash IS NULL
      AND phone IS NULL AND phone_hash IS NULL AND decline_reason IS NULL))
);
INSERT INTO walk_in_requests (id, created_at, gate_id, visitor_name, document_type,
    document_number, phone, host, reason, area, requested_by, requested_by_name, state,
    decided_at, decided_by, decided_by_name, decline_reason, appointment_id,
    document_number_hash, phone_hash)
  SELECT id, created_at, gate_id, visitor_name, document_type, document_number, phone, host,
    reason, area, requested_by, requested_by_name, state, decided_at, decided_by,
    decided_by_name, decline_reason, appointment_id, document_number_hash, phone_hash
  FROM walk_in_requests_held;
DROP TABLE walk_in_requests_held;
CREATE INDEX walk_in_requests_state ON walk_in_requests (state, created_at);
CREATE INDEX walk_in_requests_gate ON walk_in_requests (gate_id, created_at);
CREATE INDEX walk_in_requests_unpurged ON walk_in_requests (created_at) WHERE purged_at IS NULL;
-- New, and made before appointments is rebuilt: the rebuild looks up every appointment's
-- walk-ins by this column, and without an index that is a scan of all of them per appointment
-- (10,000 appointments and 5,000 walk-ins took 12 s; with it, under a second).
CREATE INDEX walk_in_requests_appointment ON walk_in_requests (appointment_id)
WHERE appointment_id IS NOT NULL;

CREATE TRIGGER walk_in_requests_purge_only BEFORE UPDATE ON walk_in_requests
WHEN OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL AND (
     NEW.id IS NOT OLD.id
  OR NEW.created_at IS NOT OLD.created_at OR NEW.gate_id IS NOT OLD.gate_id
  OR NEW.document_type IS NOT OLD.document_type OR NEW.host IS NOT OLD.host
  OR NEW.reason IS NOT OLD.reason OR NEW.area IS NOT OLD.area
  OR NEW.requested_by IS NOT OLD.requested_by
  OR NEW.requested_by_name IS NOT OLD.requested_by_name OR NEW.state IS NOT OLD.state
  OR NEW.decided_at IS NOT OLD.decided_at OR NEW.decided_by IS NOT OLD.decided_by
  OR NEW.decided_by_name IS NOT OLD.decided_by_name
  OR NEW.appointment_id IS NOT OLD.appointment_id
)
BEGIN
  SELECT RAISE(ABORT, 'the retention purge erases personal fields and changes nothing else');
END;
CREATE TRIGGER walk_in_requests_stay_purged BEFORE UPDATE ON walk_in_requests
WHEN OLD.purged_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a purged record is never changed');
END;

-- Appointments. Erased: the visitor's name, document and phone numbers with their lookup
-- hashes, the vehicle plate, the pass (its signed token carries the name) and the revoke
-- reason: an admin types it about this visitor ("known to the police", "not the parent"), so
-- it names or describes the person. Kept: host, reason and area of the visit, the window, the
-- counts and who approved or revoked (staff acting in their role, as in the audit log).
CREATE TABLE appointments_held AS SELECT * FROM appointments;
DROP TABLE appointments;
CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  visitor_name TEXT CHECK (visitor_name <> ''),
  document_type TEXT NOT NULL,
  document_number TEXT,
  phone TEXT,
  host TEXT NOT NULL,
  reason TEXT NOT NULL,
  area TEXT NOT NULL,
  vehicle_plate TEXT,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL CHECK (valid_to > valid_from),
  entries_allowed INTEGER NOT NULL CHECK (entries_allowed BETWEEN 1 AND 1000),
  entries_used INTEGER NOT NULL DEFAULT 0 CHECK (entries_used <= entries_allowed),
  state TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'revoked')),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts (id),
  approved_at TEXT,
  approved_by INTEGER REFERENCES accounts (id),
  revoked_at TEXT,
  revoked_by INTEGER REFERENCES accounts (id),
  revoke_reason TEXT,
  pass_token TEXT,
  document_number_hash TEXT,
  phone_hash TEXT,
  purged_at TEXT,
  -- Whole: the visitor is named, with document and phone (NOT NULL before this migration).
  CHECK (purged_at IS NOT NULL
    OR (visitor_name IS NOT NULL AND document_number IS NOT NULL AND phone IS NOT NULL)),
  -- Purged: every personal field is gone.
  CHECK (purged_at IS NULL
    OR (visitor_name IS NULL AND document_number IS NULL AND document_number_hash IS NULL
      AND phone IS NULL AND phone_hash IS NULL AND vehicle_plate IS NULL AND pass_token IS NULL
      AND revoke_reason IS NULL))
);
INSERT INTO appointments (id, visitor_name, document_type, document_number, phone, host, reason,
    area, vehicle_plate, valid_from, valid_to, entries_allowed, entries_used, state, created_at,
    created_by, approved_at, approved_by, revoked_at, revoked_by, revoke_reason, pass_token,
    document_number_hash, phone_hash)
  SELECT id, visitor_name, document_type, document_number, phone, host, reason, area,
    vehicle_plate, valid_from, valid_to, entries_allowed, entries_used, state, created_at,
    created_by, approved_at, approved_by, revoked_at, revoked_by, revoke_reason, pass_token,
    document_number_hash, phone_hash
  FROM appointments_held;
DROP TABLE appointments_held;
CREATE INDEX appointments_valid ON appointments (valid_from, valid_to);
CREATE INDEX appointments_document_number_hash ON appointments (document_number_hash);
CREATE INDEX appointments_phone_hash ON appointments (phone_hash);
CREATE INDEX appointments_unpurged ON appointments (valid_to) WHERE purged_at IS NULL;

CREATE TRIGGER appointments_purge_only BEFORE UPDATE ON appointments
WHEN OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL AND (
     NEW.id IS NOT OLD.id
  OR NEW.document_type IS NOT OLD.document_type OR NEW.host IS NOT OLD.host
  OR NEW.reason IS NOT OLD.reason OR NEW.area IS NOT OLD.area
  OR NEW.valid_from IS NOT OLD.valid_from OR NEW.valid_to IS NOT OLD.valid_to
  OR NEW.entries_allowed IS NOT OLD.entries_allowed OR NEW.entries_used IS NOT OLD.entries_used
  OR NEW.state IS NOT OLD.state OR NEW.created_at IS NOT OLD.created_at
  OR NEW.created_by IS NOT OLD.created_by OR NEW.approved_at IS NOT OLD.approved_at
  OR NEW.approved_by IS NOT OLD.approved_by OR NEW.revoked_at IS NOT OLD.revoked_at
  OR NEW.revoked_by IS NOT OLD.revoked_by
)
BEGIN
  SELECT RAISE(ABORT, 'the retention purge erases personal fields and changes nothing else');
END;
CREATE TRIGGER appointments_stay_purged BEFORE UPDATE ON appointments
WHEN OLD.purged_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a purged record is never changed');
END;

-- Courier drop-offs. Erased: the courier's name and phone (with its hash), the note, and the
-- recipient: the guard types whoever the parcel is for, a teacher but also a boarding student
-- or a parent, and a month after the parcel was collected nobody needs a list of one person's
-- deliveries. Kept: time, gate, company, parcel count and the guard who took it.
CREATE TABLE courier_drop_offs_held AS SELECT * FROM courier_drop_offs;
DROP TABLE courier_drop_offs;
CREATE TABLE courier_drop_offs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  courier_name TEXT CHECK (courier_name <> ''),
  phone TEXT CHECK (phone <> ''),
  company TEXT NOT NULL CHECK (company <> ''),
  recipient TEXT CHECK (recipient <> ''),
  parcels INTEGER CHECK (parcels IS NULL OR parcels BETWEEN 1 AND 999),
  note TEXT,
  guard_id INTEGER REFERENCES accounts (id),
  guard_name TEXT NOT NULL,
  phone_hash TEXT,
  purged_at TEXT,
  CHECK (purged_at IS NOT NULL
    OR (courier_name IS NOT NULL AND phone IS NOT NULL AND recipient IS NOT NULL)),
  CHECK (purged_at IS NULL
    OR (courier_name IS NULL AND phone IS NULL AND phone_hash IS NULL AND recipient IS NULL
      AND note IS NULL))
);
INSERT INTO courier_drop_offs (id, at, gate_id, courier_name, phone, company, recipient,
    parcels, note, guard_id, guard_name, phone_hash)
  SELECT id, at, gate_id, courier_name, phone, company, recipient, parcels, note, guard_id,
    guard_name, phone_hash
  FROM courier_drop_offs_held;
DROP TABLE courier_drop_offs_held;
CREATE INDEX courier_drop_offs_at ON courier_drop_offs (at);
CREATE INDEX courier_drop_offs_unpurged ON courier_drop_offs (at) WHERE purged_at IS NULL;

CREATE TRIGGER courier_drop_offs_purge_only BEFORE UPDATE ON courier_drop_offs
WHEN OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL AND (
     NEW.id IS NOT OLD.id
  OR NEW.at IS NOT OLD.at OR NEW.gate_id IS NOT OLD.gate_id OR NEW.company IS NOT OLD.company
  OR NEW.parcels IS NOT OLD.parcels OR NEW.guard_id IS NOT OLD.guard_id
  OR NEW.guard_name IS NOT OLD.guard_name
)
BEGIN
  SELECT RAISE(ABORT, 'the retention purge erases personal fields and changes nothing else');
END;
CREATE TRIGGER courier_drop_offs_stay_purged BEFORE UPDATE ON courier_drop_offs
WHEN OLD.purged_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a purged record is never changed');
END;

-- Fever cases (0090): events stay append-only and a case still closes once; the one new change
-- is the purge of a case closed before the period. Erased: the person an event names (the
-- observation point's staff member or the guardian told) and every free-text note, the
-- events' and the outcome's. Kept: kinds, times, retest readings (once the entry is purged they
-- belong to nobody known), the outcome and who recorded what. No rebuild: these columns were
-- never NOT NULL.
ALTER TABLE fever_cases ADD COLUMN purged_at TEXT;
CREATE INDEX fever_cases_unpurged ON fever_cases (closed_at)
WHERE closed_at IS NOT NULL AND purged_at IS NULL;

DROP TRIGGER fever_cases_close_once;
CREATE TRIGGER fever_cases_close_once BEFORE UPDATE ON fever_cases
WHEN NEW.id IS NOT OLD.id
  OR NEW.entry_id IS NOT OLD.entry_id
  OR NEW.opened_at IS NOT OLD.opened_at
  OR NOT (
    -- Closing, as 0090 allowed it: an open case gets its outcome, once.
    (OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL AND NEW.outcome IS NOT NULL
      AND NEW.purged_at IS NULL)
    -- The purge: a closed case loses its outcome note, once, and nothing else changes.
    OR (OLD.closed_at IS NOT NULL AND OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
      AND NEW.outcome_note IS NULL
      AND NEW.outcome IS OLD.outcome
      AND NEW.closed_at IS OLD.closed_at
      AND NEW.closed_by IS OLD.closed_by
      AND NEW.closed_by_name IS OLD.closed_by_name)
  )
BEGIN
  SELECT RAISE(ABORT, 'a fever case is only ever closed, once, and purged after retention');
END;

-- The only update an event may see: its person and note erased, nothing else, once its case is
-- closed.
DROP TRIGGER fever_case_events_no_update;
CREATE TRIGGER fever_case_events_no_update BEFORE UPDATE ON fever_case_events
WHEN NEW.id IS NOT OLD.id
  OR NEW.case_id IS NOT OLD.case_id
  OR NEW.at IS NOT OLD.at
  OR NEW.kind IS NOT OLD.kind
  OR NEW.celsius IS NOT OLD.celsius
  OR NEW.method IS NOT OLD.method
  OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.recorded_by_name IS NOT OLD.recorded_by_name
  OR NEW.recorded_by_role IS NOT OLD.recorded_by_role
  OR NEW.person IS NOT NULL
  OR NEW.note IS NOT NULL
  OR NOT EXISTS (SELECT 1 FROM fever_cases WHERE id = OLD.case_id AND closed_at IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'fever case events are never updated; add a note');
END;

-- One row per purge run that erased anything: when, under which period, and how many records
-- of each kind lost their personal fields. It holds no personal data, and like the audit log it
-- is only ever appended to.
CREATE TABLE retention_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  days INTEGER NOT NULL CHECK (days >= 1),
  entries INTEGER NOT NULL DEFAULT 0 CHECK (entries >= 0),
  appointments INTEGER NOT NULL DEFAULT 0 CHECK (appointments >= 0),
  walk_in_requests INTEGER NOT NULL DEFAULT 0 CHECK (walk_in_requests >= 0),
  courier_drop_offs INTEGER NOT NULL DEFAULT 0 CHECK (courier_drop_offs >= 0),
  fever_cases INTEGER NOT NULL DEFAULT 0 CHECK (fever_cases >= 0),
  CHECK (entries + appointments + walk_in_requests + courier_drop_offs + fever_cases > 0)
);
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
