// The hash chain over the entry log, as pure functions: which columns it covers, how a row is
// encoded, how the hashes are made. Never reads or writes the database; never changes an
// encoding in place (a new encoding is a new version tag, so old chains still verify).
//
// Design (docs/installer.md "Verifying the log"):
// - Every entry has one entry_chain row, written in the entry's own transaction:
//     hash = SHA-256("kiosk-entry-chain/v1" ‖ previous hash ‖ encode(chained columns ‖ digest))
//   where the previous hash of the first row is `genesisHash` (64 zeros).
// - The personal columns (who, and their health) are not hashed into the chain directly but
//   through `personal_digest = SHA-256("kiosk-entry-personal/v1" ‖ salt ‖ encode(personal))`,
//   with a random 32-byte salt kept beside it. The retention purge erases the personal fields
//   (NULL, '' for the NOT NULL card_text) and the salt; the chain still verifies, because it
//   hashes the stored digest, and the digest no longer gives the fields away, because without
//   the salt nobody can test guesses (an ID number has few enough values to try them all).
// - While the fields are present the verifier recomputes the digest; once they are all erased
//   it cannot tell a purge from an attacker erasing them, and says how many entries are purged.
// - The encoding is unambiguous: each value is a type tag, then (except NULL) a 4-byte
//   big-endian length and the bytes; the columns come in the fixed order of the lists below.
import { createHash } from 'node:crypto';

/**
 * The columns of `entries` hashed as they are, in encoding order. Together with
 * `personalColumns` they must name every column of the table: a test compares them with
 * PRAGMA table_info, so a migration that adds a column must add it to one of the lists.
 */
export const chainedColumns = [
  'id',
  'check_id',
  'at',
  'gate_id',
  'direction',
  'decision',
  'reasons',
  'identity_source',
  'kind',
  'temperature_source',
  'temperature_at',
  'policy_version',
  'follows_entry_id',
  'temperature_offset_c',
  'ambient_c',
  'temperature_method',
  'measured_by',
  'instrument',
  'appointment_id',
  'health_code_method',
  'health_code_by',
  'person_status_set_by',
  'person_status_set_at',
] as const;

/**
 * The personal columns: who came, and their health evidence. The retention purge erases
 * exactly these (NULL; card_text, which is NOT NULL, becomes '') and the chain row's salt.
 */
export const personalColumns = [
  'person_id',
  'name',
  'id_number',
  'class_name',
  'card_text',
  'temperature_c',
  'temperature_raw_c',
  'answers',
  'health_code',
  'person_status',
  'person_status_reason',
] as const;

/**
 * Columns added to `entries` after the chain existed (migration 0160 on). They are hashed after
 * `chainedColumns`, and only when not NULL: a row written before a column existed (NULL there)
 * encodes exactly as it did, so old chains still verify, while a value put into such a column
 * later changes the hash. The encoding stays unambiguous: each value carries its own tag and
 * length, so a row with one more value cannot encode like a row without it.
 */
export const extensionColumns = ['guard_name'] as const;

/** Every column of `entries` in the order the chain reads them: chained, personal, extension. */
export const allChainColumns = [...chainedColumns, ...personalColumns, ...extensionColumns];

/**
 * A row read in `allChainColumns` order, split into what the chain hashes directly (the
 * chained values, then each extension value that is not NULL) and the personal values.
 */
export function splitChainRow(row: readonly SqlValue[]): {
  chained: SqlValue[];
  personal: SqlValue[];
} {
  const personalEnd = chainedColumns.length + personalColumns.length;
  const extensions = row.slice(personalEnd).filter((value) => value !== null);
  return {
    chained: [...row.slice(0, chainedColumns.length), ...extensions],
    personal: row.slice(chainedColumns.length, personalEnd),
  };
}

/** A value as better-sqlite3 returns it. */
export type SqlValue = string | number | bigint | Buffer | Uint8Array | null;

/** The previous hash of the first chain row. */
export const genesisHash = '0'.repeat(64);

const chainTag = Buffer.from('kiosk-entry-chain/v1', 'utf8');
const personalTag = Buffer.from('kiosk-entry-personal/v1', 'utf8');

const tags = { null: 0x4e, integer: 0x49, real: 0x52, text: 0x54, blob: 0x42 } as const;

/** The canonical bytes of a list of values (see the header); the order is the caller's. */
export function encodeValues(values: readonly SqlValue[]): Buffer {
  // One buffer of an upper bound, trimmed: the verifier encodes every entry, and a buffer per
  // value (or measuring each text's UTF-8 length first) made it several times slower.
  let size = 0;
  for (const value of values) size += sizeBound(value);
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const value of values) offset = writeValue(out, offset, value);
  return out.subarray(0, offset);
}

/** A REAL that is a whole number comes back from SQLite as an integer: encoded as one. */
const isInteger = (value: number) => Number.isSafeInteger(value);

/** At least the encoded size: a UTF-16 code unit never takes more than 3 bytes of UTF-8. */
function sizeBound(value: SqlValue): number {
  if (value === null) return 1;
  if (typeof value === 'string') return 5 + value.length * 3;
  if (typeof value === 'bigint') return 5 + value.toString(10).length;
  if (typeof value === 'number') return isInteger(value) ? 5 + String(value).length : 13;
  return 5 + value.length;
}

function writeValue(out: Buffer, offset: number, value: SqlValue): number {
  if (value === null) return out.writeUInt8(tags.null, offset);
  if (typeof value === 'string') {
    const length = out.write(value, offset + 5, 'utf8');
    return writeHead(out, offset, tags.text, length) + length;
  }
  if (typeof value === 'bigint' || (typeof value === 'number' && isInteger(value))) {
    const length = out.write(String(value), offset + 5, 'ascii');
    return writeHead(out, offset, tags.integer, length) + length;
  }
  if (typeof value === 'number') {
    return out.writeDoubleBE(value, writeHead(out, offset, tags.real, 8));
  }
  out.set(value, offset + 5);
  return writeHead(out, offset, tags.blob, value.length) + value.length;
}

/** Writes the tag and the 4-byte big-endian length; answers where the bytes go. */
function writeHead(out: Buffer, offset: number, tag: number, length: number): number {
  out.writeUInt8(tag, offset);
  return out.writeUInt32BE(length, offset + 1);
}

/** SHA-256 (hex) of the salt and the personal values, in `personalColumns` order. */
export function personalDigest(salt: Uint8Array, personal: readonly SqlValue[]): string {
  return createHash('sha256')
    .update(personalTag)
    .update(salt)
    .update(encodeValues(personal))
    .digest('hex');
}

/** The chain hash (hex) of one entry: its chained values (in order) and its personal digest. */
export function chainHash(previousHash: string, chained: readonly SqlValue[], digest: string) {
  return createHash('sha256')
    .update(chainTag)
    .update(Buffer.from(previousHash, 'hex'))
    .update(encodeValues(chained))
    .update(encodeValues([digest]))
    .digest('hex');
}

/** True when a personal value is gone: NULL, or '' for the NOT NULL card_text. */
export function isErased(value: SqlValue): boolean {
  return value === null || value === '';
}
