-- Visitor appointments (谁审核、谁负责): who asked, who approved and when, who revoked and why,
-- the visitor's document (validated before it is stored), and the signed pass issued on
-- approval. Entries used are counted here, one UPDATE that checks the limit, so two gates can
-- never both let in the last allowed entry.

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  visitor_name TEXT NOT NULL CHECK (visitor_name <> ''),
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  phone TEXT NOT NULL,
  host TEXT NOT NULL,
  reason TEXT NOT NULL,
  area TEXT NOT NULL,
  vehicle_plate TEXT,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL CHECK (valid_to > valid_from),
  entries_allowed INTEGER NOT NULL CHECK (entries_allowed BETWEEN 1 AND 1000),
  entries_used INTEGER NOT NULL DEFAULT 0 CHECK (entries_used <= entries_allowed),
  state TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'revoked')),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES accounts (id),
  approved_at TEXT,
  approved_by INTEGER REFERENCES accounts (id),
  revoked_at TEXT,
  revoked_by INTEGER REFERENCES accounts (id),
  revoke_reason TEXT,
  pass_token TEXT
);
CREATE INDEX appointments_valid ON appointments (valid_from, valid_to);
