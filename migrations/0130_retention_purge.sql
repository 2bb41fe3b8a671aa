-- Retention (README "Retention"): an entry's personal fields are erased once they are older than
-- the retention period (and uploaded). That is the one update an entry may ever see: every
-- personal column (electron/integrity/chain-encoding.ts, personalColumns) becomes NULL, or ''
-- for the NOT NULL card_text, all of them at once, and nothing else changes. Any other update is
-- still refused. The chain row's salt is erased in the same transaction (0120 allows only that).

DROP TRIGGER entries_no_update;
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
WHEN
     NEW.id IS NOT OLD.id
  OR NEW.check_id IS NOT OLD.check_id
  OR NEW.at IS NOT OLD.at
  OR NEW.gate_id IS NOT OLD.gate_id
  OR NEW.direction IS NOT OLD.direction
  OR NEW.decision IS NOT OLD.decision
  OR NEW.reasons IS NOT OLD.reasons
  OR NEW.identity_source IS NOT OLD.identity_source
  OR NEW.kind IS NOT OLD.kind
  OR NEW.temperature_source IS NOT OLD.temperature_source
  OR NEW.temperature_at IS NOT OLD.temperature_at
  OR NEW.policy_version IS NOT OLD.policy_version
  OR NEW.follows_entry_id IS NOT OLD.follows_entry_id
  OR NEW.temperature_offset_c IS NOT OLD.temperature_offset_c
  OR NEW.ambient_c IS NOT OLD.ambient_c
  OR NEW.temperature_method IS NOT OLD.temperature_method
  OR NEW.measured_by IS NOT OLD.measured_by
  OR NEW.instrument IS NOT OLD.instrument
  OR NEW.appointment_id IS NOT OLD.appointment_id
  OR NEW.health_code_method IS NOT OLD.health_code_method
  OR NEW.health_code_by IS NOT OLD.health_code_by
  OR NEW.person_status_set_by IS NOT OLD.person_status_set_by
  OR NEW.person_status_set_at IS NOT OLD.person_status_set_at
  OR NEW.person_id IS NOT NULL
  OR NEW.name IS NOT NULL
  OR NEW.id_number IS NOT NULL
  OR NEW.class_name IS NOT NULL
  OR NEW.card_text IS NOT ''
  OR NEW.temperature_c IS NOT NULL
  OR NEW.temperature_raw_c IS NOT NULL
  OR NEW.answers IS NOT NULL
  OR NEW.health_code IS NOT NULL
  OR NEW.person_status IS NOT NULL
  OR NEW.person_status_reason IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'entries are never updated, only purged; write a correcting entry');
END;

-- The entries not yet purged (retention-purge.ts repeats this condition word for word, so the
-- planner uses the index): the purge walks these instead of every entry ever written.
CREATE INDEX entries_unpurged ON entries (id)
WHERE person_id IS NOT NULL OR name IS NOT NULL OR id_number IS NOT NULL OR class_name IS NOT NULL OR card_text <> '' OR temperature_c IS NOT NULL OR temperature_raw_c IS NOT NULL OR answers IS NOT NULL OR health_code IS NOT NULL OR person_status IS NOT NULL OR person_status_reason IS NOT NULL;
