-- Tamper evidence for the entry log (electron/integrity/chain-encoding.ts has the design): one
-- chain row per entry, written in the entry's transaction, each hashing its entry row together
-- with the hash before it. A changed, deleted or inserted entry then no longer fits the chain.
-- Entries written before this migration are chained when the kiosk next starts.
CREATE TABLE entry_chain (
  -- 1, 2, 3 … without gaps: a gap is a deleted chain row.
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id),
  -- Random, so that the digest of a purged entry's personal fields cannot be found by trying
  -- every name or ID number. The retention purge erases it with the fields (the only update).
  personal_salt BLOB CHECK (personal_salt IS NULL OR length(personal_salt) = 32),
  personal_digest TEXT NOT NULL CHECK (length(personal_digest) = 64),
  previous_hash TEXT NOT NULL CHECK (length(previous_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);

CREATE TRIGGER entry_chain_no_update BEFORE UPDATE ON entry_chain
WHEN NEW.seq IS NOT OLD.seq OR NEW.entry_id IS NOT OLD.entry_id
  OR NEW.personal_digest IS NOT OLD.personal_digest OR NEW.previous_hash IS NOT OLD.previous_hash
  OR NEW.hash IS NOT OLD.hash OR NEW.personal_salt IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'the entry chain is never updated; only a purge erases a salt');
END;
CREATE TRIGGER entry_chain_no_delete BEFORE DELETE ON entry_chain
BEGIN
  SELECT RAISE(ABORT, 'the entry chain is never deleted');
END;
-- INSERT OR REPLACE deletes the old row without firing delete triggers.
CREATE TRIGGER entry_chain_no_replace BEFORE INSERT ON entry_chain
WHEN EXISTS (SELECT 1 FROM entry_chain WHERE seq = NEW.seq OR entry_id = NEW.entry_id)
BEGIN
  SELECT RAISE(ABORT, 'the entry chain is never replaced');
END;
