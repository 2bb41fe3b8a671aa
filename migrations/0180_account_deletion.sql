-- Deleting an account (README "Sign-in and roles"): the row stays, marked deleted and disabled,
-- with its secret hash wiped, so the audit log, shifts, cases and visits that point at it still
-- name who did what. A deleted account never signs in again, is not listed, and its username is
-- never given to anyone else (the audit log names people as "name (username)").

ALTER TABLE accounts ADD COLUMN deleted_at TEXT;
