-- The first schema: roster, policy versions, the entry log with its outbox, fever cases.
-- Times are UTC ISO-8601 strings with milliseconds ('2026-11-23T00:05:01.123Z').

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  card TEXT NOT NULL UNIQUE CHECK (card <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('student', 'staff')),
  class_name TEXT NOT NULL DEFAULT '',
  id_number TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  imported_at TEXT NOT NULL
);

CREATE TABLE policies (
  version INTEGER PRIMARY KEY,
  effective_from TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- One row per decision. Never updated, never deleted: a correction is a new row that
-- points at the old one (follows_entry_id). The triggers below make that a fact.
-- `at` must have the one fixed shape: a day's entries are found by comparing strings
-- (at >= '…T16:00:00.000Z'), which is only right when every row is written the same way.
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  check_id TEXT NOT NULL,
  at TEXT NOT NULL CHECK (
    at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'
  ),
  gate_id TEXT NOT NULL,
  direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
  decision TEXT NOT NULL CHECK (decision IN ('pass', 'deny', 'retest', 'refer')),
  reasons TEXT NOT NULL CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
  card_text TEXT NOT NULL,
  identity_source TEXT NOT NULL,
  person_id INTEGER REFERENCES people (id),
  name TEXT,
  kind TEXT,
  class_name TEXT,
  id_number TEXT,
  temperature_c REAL,
  temperature_source TEXT,
  temperature_at TEXT,
  policy_version INTEGER NOT NULL REFERENCES policies (version),
  follows_entry_id INTEGER REFERENCES entries (id)
);
CREATE INDEX entries_at ON entries (at);
CREATE INDEX entries_check ON entries (check_id);

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
  SELECT RAISE(ABORT, 'entries are never updated; write a correcting entry');
END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
  SELECT RAISE(ABORT, 'entries are never deleted');
END;
-- INSERT OR REPLACE deletes the old row without firing delete triggers (unless
-- recursive_triggers is on), so an insert may never reuse an existing id.
CREATE TRIGGER entries_no_replace BEFORE INSERT ON entries
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM entries WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'entries are never replaced; write a correcting entry');
END;

-- Written in the same transaction as the entry; the uploader drains it oldest first.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id),
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_waiting ON outbox (id) WHERE sent_at IS NULL;

CREATE TABLE fever_cases (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id),
  opened_at TEXT NOT NULL,
  outcome TEXT,
  closed_at TEXT
);
