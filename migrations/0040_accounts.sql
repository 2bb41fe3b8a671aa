-- Who may do what: guard accounts (PIN) and admin accounts (password), stored as scrypt hashes,
-- with lock-out after repeated failures; sign-in sessions (only a hash of each token); the duty
-- log of shifts with their handover notes; and the audit log of every admin action, which
-- nobody can edit or delete.

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 32),
  display_name TEXT NOT NULL CHECK (display_name <> ''),
  role TEXT NOT NULL CHECK (role IN ('guard', 'admin')),
  secret_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts (id),
  disabled_at TEXT
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  origin TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  gate_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  handover_note TEXT
);
CREATE INDEX shifts_open ON shifts (gate_id) WHERE ended_at IS NULL;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts (id),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT,
  origin TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is never edited');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is never deleted');
END;
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'the audit log is never rewritten');
END;
