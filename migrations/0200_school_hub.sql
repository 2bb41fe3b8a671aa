-- A school with several gates (docs/school-hub.md). The hub owns the roster, policy,
-- appointments and accounts and sends their changes down as a feed; each gate owns what it
-- writes and sends it up through its own outbox. kiosk_meta 'school_role' says which this
-- database is ('hub' or 'gate'); a single kiosk has neither, and none of the triggers below
-- writes a row for it.

-- The hub's change feed: which row changed, in order. The row's current state is read when a
-- gate asks (backend/hub/change-feed.ts), so one row changed ten times is sent once. A change's
-- number is the time in milliseconds, or one more than the last if that is later: a hub
-- restored from an older backup numbers its new changes after every change a gate already
-- holds, so a gate never skips one (numbers counting on from the backup's last would repeat
-- those the gate holds).
CREATE TABLE feed_changes (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('person', 'policy', 'appointment', 'account', 'pass-key', 'visit', 'walk-in')),
  key TEXT NOT NULL
);
CREATE INDEX feed_changes_key ON feed_changes (kind, key);

CREATE TRIGGER feed_people_insert AFTER INSERT ON people
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'person', NEW.id;
END;
CREATE TRIGGER feed_people_update AFTER UPDATE ON people
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'person', NEW.id;
END;
CREATE TRIGGER feed_policies_insert AFTER INSERT ON policies
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'policy', NEW.version;
END;
CREATE TRIGGER feed_appointments_insert AFTER INSERT ON appointments
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'appointment', NEW.id;
END;
CREATE TRIGGER feed_appointments_update AFTER UPDATE ON appointments
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'appointment', NEW.id;
END;
CREATE TRIGGER feed_accounts_insert AFTER INSERT ON accounts
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'account', NEW.id;
END;
-- Sign-in failures and locks are each gate's own: only what a gate needs to sign a guard in.
CREATE TRIGGER feed_accounts_update AFTER UPDATE OF username, display_name, role, secret_hash,
  disabled_at, deleted_at ON accounts
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'account', NEW.id;
END;
-- A visitor's passes at every gate, counted at the hub: a gate's exit needs the other gates' ins.
CREATE TRIGGER feed_visits AFTER INSERT ON entries
WHEN NEW.appointment_id IS NOT NULL AND NEW.decision = 'pass'
  AND (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'visit', NEW.appointment_id;
END;
CREATE TRIGGER feed_walk_ins AFTER UPDATE OF state ON walk_in_requests
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'hub'
BEGIN
  INSERT INTO feed_changes (seq, kind, key)
    SELECT max(coalesce((SELECT max(seq) FROM feed_changes), 0) + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)), 'walk-in', NEW.id;
END;

-- The gates a hub knows. The secret signs each request (HMAC, as the district protocol) and is
-- sealed with the hub's data key; revoked gates are refused.
CREATE TABLE hub_gates (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  secret TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_contact_at TEXT,
  -- The gate's own report of its health (JSON), as of last_contact_at.
  health TEXT CHECK (health IS NULL OR json_valid(health)),
  -- The feed position the gate last said it held, and the last of its records stored here.
  feed_cursor INTEGER NOT NULL DEFAULT 0,
  received_through INTEGER NOT NULL DEFAULT 0,
  -- What the hub noticed about this gate that a person should know (a restore, a conflict).
  notice TEXT
);

-- Which hub row a gate's record became: a resent record is found here and stored once.
CREATE TABLE hub_origins (
  kind TEXT NOT NULL CHECK (kind IN ('entry', 'courier', 'walk-in', 'shift')),
  gate_id TEXT NOT NULL REFERENCES hub_gates (id),
  origin_id INTEGER NOT NULL,
  local_id INTEGER NOT NULL,
  PRIMARY KEY (kind, gate_id, origin_id)
);
CREATE INDEX hub_origins_local ON hub_origins (kind, local_id);

-- A pass used beyond its allowance while gates could not reach the hub: flagged for the office.
CREATE TABLE hub_pass_overuse (
  entry_id INTEGER PRIMARY KEY REFERENCES entries (id),
  appointment_id TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  at TEXT NOT NULL
);

-- A gate's outbox to its hub, written by the triggers in the same transaction as the record.
CREATE TABLE hub_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('entry', 'courier', 'walk-in', 'shift')),
  row_id INTEGER NOT NULL
);
CREATE TRIGGER hub_outbox_entries AFTER INSERT ON entries
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'gate'
BEGIN
  INSERT INTO hub_outbox (kind, row_id) VALUES ('entry', NEW.id);
END;
CREATE TRIGGER hub_outbox_couriers AFTER INSERT ON courier_drop_offs
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'gate'
BEGIN
  INSERT INTO hub_outbox (kind, row_id) VALUES ('courier', NEW.id);
END;
CREATE TRIGGER hub_outbox_walk_ins AFTER INSERT ON walk_in_requests
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'gate'
BEGIN
  INSERT INTO hub_outbox (kind, row_id) VALUES ('walk-in', NEW.id);
END;
CREATE TRIGGER hub_outbox_shifts_insert AFTER INSERT ON shifts
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'gate'
BEGIN
  INSERT INTO hub_outbox (kind, row_id) VALUES ('shift', NEW.id);
END;
CREATE TRIGGER hub_outbox_shifts_update AFTER UPDATE ON shifts
WHEN (SELECT value FROM kiosk_meta WHERE key = 'school_role') = 'gate'
BEGIN
  INSERT INTO hub_outbox (kind, row_id) VALUES ('shift', NEW.id);
END;

-- A gate's copy of the hub's view of each visit: passes in and out at every gate, counted.
CREATE TABLE replica_visits (
  appointment_id TEXT PRIMARY KEY,
  ins INTEGER NOT NULL,
  outs INTEGER NOT NULL,
  last_in_at TEXT
);

-- The school's public pass keys, as the hub sent them (a gate verifies, never signs).
CREATE TABLE replica_pass_keys (
  kid TEXT PRIMARY KEY,
  public_key TEXT NOT NULL
);
