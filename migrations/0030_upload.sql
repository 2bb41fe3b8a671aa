-- Upload to the district: this database's installation id (record ids are installationId:entry
-- id, so a reinstalled kiosk never reuses one), the batches the uploader forms from the outbox
-- (a batch is resent with the same id and records until acknowledged, or set aside when the
-- district calls it malformed), and the daily reports with their acknowledgement.

CREATE TABLE kiosk_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- A version 4 UUID, made here so every database gets its own the moment it is created.
INSERT INTO kiosk_meta (key, value) VALUES (
  'installation_id',
  lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) ||
    '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
    hex(randomblob(6))
  )
);

CREATE TABLE upload_batches (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  first_entry_id INTEGER NOT NULL,
  last_entry_id INTEGER NOT NULL,
  records INTEGER NOT NULL CHECK (records > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'quarantined')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  quarantine_reason TEXT,
  sent_at TEXT
);
CREATE INDEX upload_batches_pending ON upload_batches (created_at) WHERE state = 'pending';

ALTER TABLE outbox ADD COLUMN batch_id TEXT REFERENCES upload_batches (id);
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX outbox_unbatched ON outbox (id) WHERE batch_id IS NULL AND sent_at IS NULL;

CREATE TABLE daily_reports (
  date TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body)),
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  acknowledged_at TEXT
);
