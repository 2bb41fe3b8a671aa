-- The district service's schema on PostgreSQL. Forward only: a landed migration is never edited.
-- Times are timestamptz; a school day is the date in Asia/Shanghai (`day`, `date`).

-- Schools and their gates. A gate's secret is kept sealed (AES-256-GCM under a key that lives
-- outside the database, district/service/secrets.ts): a copy of the database alone does not
-- reveal it. `key_id` names the key that sealed it, so a wrong key file is told apart from a
-- wrong secret.
CREATE TABLE schools (
  school_id text PRIMARY KEY CHECK (school_id <> ''),
  name text NOT NULL CHECK (name <> ''),
  -- 区/街道 or any grouping the bureau uses on its pages; may be empty.
  area text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A school closed or merged: its gates may no longer send (403), its history stays.
  closed_at timestamptz
);

CREATE TABLE gates (
  school_id text NOT NULL REFERENCES schools (school_id),
  gate_id text NOT NULL CHECK (gate_id <> ''),
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  -- NULL until a secret is issued; a revoked gate keeps its sealed secret so its requests are
  -- still verified and answered 403 (revoked), not 401 (a wrong secret).
  secret_sealed bytea,
  key_id text,
  secret_issued_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (school_id, gate_id)
);

-- Batches by id, with the answer first given: a repeat gets the same answer, the same id with
-- other records is refused. `digest` is SHA-256 of the parsed batch (values, not bytes).
CREATE TABLE batches (
  batch_id uuid PRIMARY KEY,
  school_id text NOT NULL,
  gate_id text NOT NULL,
  installation_id uuid NOT NULL,
  digest bytea NOT NULL,
  records integer NOT NULL,
  accepted integer NOT NULL,
  duplicates integer NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX batches_received ON batches (received_at);

-- Which school and gate each kiosk installation sends as, from its first upload on. Records are
-- keyed by installation and sequence, so a second kiosk sending under the same installation id
-- (a data folder copied to another gate or school) would have its records counted as the
-- first's duplicates and lost: it is refused instead (400, the kiosk keeps the batch and says
-- why), and so is another school taking over an installation.
CREATE TABLE installations (
  installation_id uuid PRIMARY KEY,
  school_id text NOT NULL,
  gate_id text NOT NULL,
  first_seen_at timestamptz NOT NULL
);

-- Every entry record once. The key is (day, installation, sequence): a record's id is
-- installationId:sequence and it never changes, nor does its `at`, so a record sent again lands
-- on the same key and is a duplicate by the database's own index. Partitioned by the school
-- day of `at`, one partition a day (district/service/partitions.ts creates them before the
-- first record of a day arrives), so a day's pages read one partition and an old day is
-- detached whole.
CREATE TABLE records (
  day date NOT NULL,
  installation_id uuid NOT NULL,
  sequence bigint NOT NULL,
  -- The gate the record was made at: the record's own gateId (a school hub uploading for its
  -- gates), else the batch's gate.
  school_id text NOT NULL,
  gate_id text NOT NULL,
  at timestamptz NOT NULL,
  direction text NOT NULL,
  decision text NOT NULL,
  reasons text[] NOT NULL,
  card_text text NOT NULL,
  person_name text,
  person_kind text,
  class_name text,
  id_number text,
  celsius real,
  temperature_method text,
  temperature_source text,
  measured_by text,
  policy_version integer NOT NULL,
  follows_installation uuid,
  follows_sequence bigint,
  batch_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (day, installation_id, sequence)
) PARTITION BY RANGE (day);
-- A school's day, newest first (the school's page, the export). With `day` in it, counting a
-- school's day reads the index alone (9 pages against ~1,000 scattered table pages on a
-- 300-school day: 1.3 ms against 79 ms cold).
CREATE INDEX records_school_at ON records (school_id, day, at);
-- Fever referrals and retests across the district, newest first.
CREATE INDEX records_watch ON records (at) WHERE decision IN ('refer', 'retest');
-- What follows a retest (an unresolved retest is one nothing follows).
CREATE INDEX records_follows ON records (follows_installation, follows_sequence)
  WHERE follows_installation IS NOT NULL;

-- The latest version of each daily report (a later generatedAt replaces it). `first_received_at`
-- is when the first version arrived: whether the school reported by the deadline.
CREATE TABLE daily_reports (
  report_id text PRIMARY KEY,
  school_id text NOT NULL,
  gate_id text NOT NULL,
  installation_id uuid NOT NULL,
  date date NOT NULL,
  generated_at timestamptz NOT NULL,
  entries integer NOT NULL,
  visitors integer NOT NULL,
  denied integer NOT NULL,
  retests integer NOT NULL,
  fever_cases integer NOT NULL,
  unresolved_retests integer,
  absent_ill integer,
  returns_cleared integer,
  sequence_first bigint,
  sequence_last bigint,
  zero boolean NOT NULL,
  digest bytea NOT NULL,
  received_at timestamptz NOT NULL,
  first_received_at timestamptz NOT NULL,
  versions integer NOT NULL DEFAULT 1
);
CREATE INDEX daily_reports_date ON daily_reports (date, school_id, gate_id);
-- The other days' reports of one installation: the missing records leave out a sequence inside
-- another day's range of the same installation (within 62 days); without this index that read
-- every report of those 125 days (57,000 for 300 schools, 12–20 ms a page).
CREATE INDEX daily_reports_installation ON daily_reports (installation_id, date);

-- What the bureau must look at: a school silent at the deadline, a fever referral. Raised once
-- (the unique key), acknowledged by a named account.
CREATE TABLE alerts (
  alert_id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('silent', 'fever')),
  school_id text NOT NULL,
  -- The gate for a fever referral; '' for a silent school.
  gate_id text NOT NULL DEFAULT '',
  day date NOT NULL,
  -- The record of a fever referral: installation:sequence; '' for a silent school.
  record_id text NOT NULL DEFAULT '',
  -- What the alert says, fixed when raised: name, class, reading for a referral.
  detail jsonb NOT NULL DEFAULT '{}',
  raised_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  note text,
  UNIQUE (kind, school_id, day, record_id)
);
CREATE INDEX alerts_open ON alerts (raised_at) WHERE acknowledged_at IS NULL;

-- The bureau's settings: the daily report's deadline (Asia/Shanghai, HH:MM). 17:30 by default,
-- the kiosk's own reportDeadline: the kiosks make their report at 16:30 (reportAt), so a deadline
-- of 16:30 would find every school late by the seconds its report takes to arrive.
CREATE TABLE settings (
  name text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO settings (name, value) VALUES ('report-deadline', '17:30');

-- Who signs in to the bureau's pages. `officer`: reads every page, acknowledges alerts and
-- exports; `admin`: also registers schools and gates, issues and revokes secrets, and manages
-- accounts. Passwords are scrypt hashes.
CREATE TABLE accounts (
  username text PRIMARY KEY CHECK (username <> ''),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('officer', 'admin')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- Sessions live in the database, not in a process: any service process answers any page.
-- Only a hash of the token is kept.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  username text NOT NULL REFERENCES accounts (username),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

-- Who did what on the bureau's side: secrets issued and revoked, alerts acknowledged, exports,
-- sign-ins. Appended only.
CREATE TABLE audit (
  audit_id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
