-- The guard's forgotten-card search (README "Sign-in and roles"): a person is found by part of a
-- name or class, the end of a card, or the last four characters of their ID number. The number is
-- sealed and its hash (0140) is of the whole number, so a suffix needs a hash of its own: the
-- keyed hash (HMAC, kind 'id-number-tail') of the last four characters, never the characters.
--
-- NULL on rows written before this version until the kiosk's next start fills it
-- (electron/roster/person-lookup.ts, fillIdTailHashes); the roster import writes it from then on.
-- Equal tails have equal hashes: the column says which people share their last four characters,
-- which the masked number on every screen (110***********002X) shows anyway.

ALTER TABLE people ADD COLUMN id_tail_hash TEXT;
CREATE INDEX people_id_tail_hash ON people (id_tail_hash) WHERE id_tail_hash IS NOT NULL;
