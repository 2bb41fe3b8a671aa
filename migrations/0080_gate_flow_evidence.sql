-- R2, R4, R10 evidence on each entry: the answers to the questions of the day (JSON, question
-- id -> "yes"/"no"; the entry's policy version names the texts), the health code's result, how
-- it was obtained (online, or the guard's word: "guard-confirmed, unverified") and by whom, and
-- the roster status that kept a person out with why and who set it.
ALTER TABLE entries ADD COLUMN answers TEXT
  CHECK (answers IS NULL OR (json_valid(answers) AND json_type(answers) = 'object'));
ALTER TABLE entries ADD COLUMN health_code TEXT
  CHECK (health_code IS NULL OR health_code IN ('green', 'yellow', 'red', 'expired', 'not-found'));
ALTER TABLE entries ADD COLUMN health_code_method TEXT
  CHECK (health_code_method IS NULL OR health_code_method IN ('online', 'guard'));
ALTER TABLE entries ADD COLUMN health_code_by TEXT;
ALTER TABLE entries ADD COLUMN person_status TEXT;
ALTER TABLE entries ADD COLUMN person_status_reason TEXT;
ALTER TABLE entries ADD COLUMN person_status_set_by TEXT;
ALTER TABLE entries ADD COLUMN person_status_set_at TEXT;
