-- A visitor's entry names the appointment whose pass was shown, so the log says who approved
-- the visit and where the visitor was allowed to go.
ALTER TABLE entries ADD COLUMN appointment_id TEXT REFERENCES appointments (id);
