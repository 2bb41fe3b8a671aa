-- The role `health` (README "Sign-in and roles"): the school doctor or a class teacher, between
-- guard and admin. They keep the absence register and record return certificates (0220) with a
-- password, as an admin does, and may do what a guard may; accounts, policy and the roster stay
-- an admin's.
--
-- SQLite cannot change a CHECK, so accounts is rebuilt with role IN ('guard', 'health', 'admin')
-- and every other column, constraint and foreign key as it was (0040, 0180, 0190), columns in
-- the same order. Many tables reference accounts(id), so this follows 0150's method: the checks
-- are deferred to COMMIT and the table is rebuilt by holding its rows, dropping it, creating it
-- under the same name and putting the rows back (the drop counts the orphaned children, putting
-- the rows back counts them off again; a create-new-then-rename would leave them counted). The
-- runner's foreign_key_check then has to find nothing.
--
-- The drop takes the table's triggers with it: 0200's feed triggers are made again below, after
-- the rows are back, so the rebuild itself sends nothing down the hub's feed (no account
-- changed). The only index on accounts is the one UNIQUE makes, which the new table makes too.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE accounts_held AS SELECT * FROM accounts;
DROP TABLE accounts;
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 32),
  display_name TEXT NOT NULL CHECK (display_name <> ''),
  role TEXT NOT NULL CHECK (role IN ('guard', 'health', 'admin')),
  secret_hash TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts (id),
  disabled_at TEXT,
  deleted_at TEXT,
  failures_since TEXT
);
INSERT INTO accounts (id, username, display_name, role, secret_hash, failed_attempts,
    locked_until, created_at, created_by, disabled_at, deleted_at, failures_since)
  SELECT id, username, display_name, role, secret_hash, failed_attempts, locked_until,
    created_at, created_by, disabled_at, deleted_at, failures_since
  FROM accounts_held ORDER BY id;
DROP TABLE accounts_held;

-- As 0200 made them.
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
