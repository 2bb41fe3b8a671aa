// Visitors' document and phone numbers at rest: sealed with the field cipher, a keyed hash of
// the stored (normalised) form beside each, and a look-up that normalises the number asked for
// as the forms do and compares hashes only. Never opens a row to search, never logs a number,
// and never lets a full number out: a view gets it masked.
import type { VisitorNumberQuery } from '../../contract/visitor-schemas';
import { ApiError } from '../../contract/errors';
import { maskPhone, normalizePhone } from '../../contract/phone-number';
import { FieldCipherError, type FieldCipher, type FieldKind } from '../privacy/field-cipher';
import { maskIdNumber, validateDocument } from '../../contract/id-number';

/** A number as a row holds it: the sealed value and its lookup hash. */
export interface SealedNumber {
  sealed: string;
  hash: string;
}

/**
 * The hashes a look-up compares, always three so that one prepared `IN (?, ?, ?)` serves
 * every query (a number with fewer forms repeats one).
 */
export type LookupHashes = [string, string, string];

export interface NumberLookup {
  column: 'document_number_hash' | 'phone_hash';
  hashes: LookupHashes;
}

/** `plain` must already be in the form the module stores: the hash is taken of exactly that. */
export function sealNumber(cipher: FieldCipher, kind: FieldKind, plain: string): SealedNumber {
  return { sealed: cipher.seal(kind, plain), hash: cipher.lookup(kind, plain) };
}

/**
 * The plain number of a stored one, for masking. A value that does not open (altered, or
 * sealed under another key) is a storage fault the admin must hear of, not an `internal`
 * crash; the message names the field, never a number.
 */
export function openNumber(cipher: FieldCipher, kind: FieldKind, stored: string): string {
  try {
    return cipher.open(kind, stored);
  } catch (error) {
    if (error instanceof FieldCipherError) throw new ApiError('storage-failed', error.message);
    throw error;
  }
}

/**
 * A stored document or phone number as views show it, masked; null where the retention purge
 * erased it (0150), so a purged record is shown without ever reaching the cipher.
 */
export function maskedNumber(
  cipher: FieldCipher,
  kind: 'document-number' | 'phone',
  stored: string | null,
): string | null {
  if (stored === null) return null;
  const plain = openNumber(cipher, kind, stored);
  return kind === 'phone' ? maskPhone(plain) : maskIdNumber(plain);
}

/**
 * The hash column to compare and the hashes of every form the number may be stored in, or
 * null when the query cannot be such a number (then nothing matches).
 */
export function lookupHashes(cipher: FieldCipher, query: VisitorNumberQuery): NumberLookup | null {
  const forms = 'phone' in query ? phoneForms(query.phone) : documentForms(query.documentNumber);
  const [first] = forms;
  if (first === undefined) return null;
  const kind: FieldKind = 'phone' in query ? 'phone' : 'document-number';
  const hash = (index: number) => cipher.lookup(kind, forms[index] ?? first);
  return {
    column: 'phone' in query ? 'phone_hash' : 'document_number_hash',
    hashes: [hash(0), hash(1), hash(2)],
  };
}

/**
 * validateDocument()'s normalisation (full-width to ASCII, no spaces, upper case), and for a
 * passport's MRZ line the passport number alone, which is what the form stores from it.
 */
function documentForms(input: string): string[] {
  const value = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (value === '') return [];
  const passport = validateDocument('passport', value);
  return passport.ok && passport.value !== value ? [value, passport.value] : [value];
}

/**
 * normalizePhone()'s form, in each shape a stored number of that line can have: appointments
 * keep digits only, walk-ins and couriers keep a fixed line's dash where it was typed, after a
 * three- or four-digit area code (010-62751234, 0755-1234567).
 */
function phoneForms(input: string): string[] {
  const normal = normalizePhone(input);
  if (normal === null) return [];
  const digits = normal.replaceAll('-', '');
  if (!digits.startsWith('0')) return [digits];
  const dashed = [3, 4]
    .map((areaLength) => `${digits.slice(0, areaLength)}-${digits.slice(areaLength)}`)
    .filter((form) => normalizePhone(form) === form);
  return [digits, ...dashed];
}
