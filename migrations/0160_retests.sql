-- Retests that belong to the person, not the lane (README "The gate check").
--
-- guard_name: the guard who acted for the entry: looked a person up because they forgot their
-- card (identity_source 'lookup'), or ended a retest without a second reading (went home, left,
-- sent to the observation point). A staff name, kept like the audit log; chained (not personal).
ALTER TABLE entries ADD COLUMN guard_name TEXT;

-- A retest ends exactly once: at most one entry follows any entry. The index is also how the
-- gate finds the retests still open (a retest entry that nothing follows).
CREATE UNIQUE INDEX entries_follows ON entries (follows_entry_id) WHERE follows_entry_id IS NOT NULL;
CREATE INDEX entries_open_retests ON entries (at) WHERE decision = 'retest';

-- The update trigger of 0140, with the new column among those that never change.
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
  OR NEW.guard_name IS NOT OLD.guard_name
  OR NOT (
    -- The purge: every personal column erased at once.
    (
          NEW.person_id IS NULL
      AND NEW.name IS NULL
      AND NEW.id_number IS NULL
      AND NEW.class_name IS NULL
      AND NEW.card_text IS ''
      AND NEW.temperature_c IS NULL
      AND NEW.temperature_raw_c IS NULL
      AND NEW.answers IS NULL
      AND NEW.health_code IS NULL
      AND NEW.person_status IS NULL
      AND NEW.person_status_reason IS NULL
    )
    -- The seal: a plain ID number becomes a sealed one, nothing else changes, not yet chained.
    OR (
          OLD.id_number IS NOT NULL
      AND substr(OLD.id_number, 1, 5) IS NOT 'enc1:'
      AND substr(NEW.id_number, 1, 5) IS 'enc1:'
      AND NEW.person_id IS OLD.person_id
      AND NEW.name IS OLD.name
      AND NEW.class_name IS OLD.class_name
      AND NEW.card_text IS OLD.card_text
      AND NEW.temperature_c IS OLD.temperature_c
      AND NEW.temperature_raw_c IS OLD.temperature_raw_c
      AND NEW.answers IS OLD.answers
      AND NEW.health_code IS OLD.health_code
      AND NEW.person_status IS OLD.person_status
      AND NEW.person_status_reason IS OLD.person_status_reason
      AND NOT EXISTS (SELECT 1 FROM entry_chain WHERE entry_id = OLD.id)
    )
  )
BEGIN
  SELECT RAISE(ABORT, 'entries are never updated, only purged; write a correcting entry');
END;
