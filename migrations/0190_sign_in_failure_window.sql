-- Wrong sign-ins expire (README "Sign-in and roles"). failed_attempts now counts one run of
-- wrong tries, which began at failures_since; a run ends 15 minutes after it began or when the
-- lock it earned ends, and the next wrong try starts a new run from one. Before, the count only
-- went back to zero on a right sign-in, so one wrong try every 15 minutes kept an account
-- locked for ever.

ALTER TABLE accounts ADD COLUMN failures_since TEXT;
