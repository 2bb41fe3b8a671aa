-- R7: couriers and delivery riders registered at the gate; they leave the parcel and do not
-- enter. R5: a visitor without an appointment does not enter either; the guard may send a
-- walk-in request that an admin approves (an appointment and its pass are made then) or
-- declines with a reason. Who registered, asked and decided is kept by name as it was then.

CREATE TABLE courier_drop_offs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  courier_name TEXT NOT NULL CHECK (courier_name <> ''),
  phone TEXT NOT NULL CHECK (phone <> ''),
  company TEXT NOT NULL CHECK (company <> ''),
  recipient TEXT NOT NULL CHECK (recipient <> ''),
  parcels INTEGER CHECK (parcels IS NULL OR parcels BETWEEN 1 AND 999),
  note TEXT,
  guard_id INTEGER REFERENCES accounts (id),
  guard_name TEXT NOT NULL
);
-- The console lists one day's drop-offs.
CREATE INDEX courier_drop_offs_at ON courier_drop_offs (at);

CREATE TABLE walk_in_requests (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  visitor_name TEXT NOT NULL CHECK (visitor_name <> ''),
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  phone TEXT NOT NULL,
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
  -- An approval always names its appointment, a refusal always says why.
  CHECK (state <> 'approved' OR appointment_id IS NOT NULL),
  CHECK (state <> 'declined' OR (decline_reason IS NOT NULL AND decline_reason <> ''))
);
-- The console's pending list, and each gate's own requests for its guard.
CREATE INDEX walk_in_requests_state ON walk_in_requests (state, created_at);
CREATE INDEX walk_in_requests_gate ON walk_in_requests (gate_id, created_at);
