// Checks and masks identity document numbers: GB 11643-1999 resident ID numbers, the residence
// permits and foreigners' permanent residence cards that share its check, and Home Return Permits.
// Pure functions only; never logs, stores or echoes a full number anywhere.

export type IdNumberKind =
  | 'resident-id-card'
  | 'residence-permit'
  | 'foreign-permanent-residence-card'
  | 'home-return-permit';

export type IdNumberProblem =
  'empty' | 'wrong-format' | 'unknown-region' | 'bad-birth-date' | 'wrong-check-character';

export type IdNumberResult =
  { ok: true; value: string; kind: IdNumberKind } | { ok: false; reason: IdNumberProblem };

export interface IdNumberOptions {
  /** Birth dates after this day are refused; defaults to the current time. */
  today?: Date;
}

// ISO 7064 MOD 11-2 as GB 11643-1999 writes it: weights for the first 17 digits, and the
// check character for each remainder of the weighted sum divided by 11.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

// Province-level address codes (first two digits) of resident ID cards (GB/T 2260).
const provinceCodes = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71',
]); // prettier-ignore

// Residence permits for Hong Kong, Macau and Taiwan residents (2018) use these address codes.
const residencePermitCodes = new Set(['810000', '820000', '830000']);

const eighteenCharacters = /^\d{17}[\dX]$/;
const homeReturnPermit = /^[HM]\d{8}$/;

/** The check character an 18-character number must end with, from its first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('the check character needs exactly 17 digits');
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(first17[index]) * (weights[index] ?? 0);
  }
  return checkCharacters.charAt(sum % 11);
}

/**
 * Validates and normalises a document number. Full-width characters (typed with a Chinese
 * input method) become ASCII, surrounding spaces are dropped, a lowercase x or h/m is upper-cased.
 */
export function validateIdNumber(input: string, options: IdNumberOptions = {}): IdNumberResult {
  const value = input.normalize('NFKC').trim().toUpperCase();
  if (value === '') {
    return { ok: false, reason: 'empty' };
  }
  if (homeReturnPermit.test(value)) {
    return { ok: true, value, kind: 'home-return-permit' };
  }
  if (!eighteenCharacters.test(value)) {
    return { ok: false, reason: 'wrong-format' };
  }
  const kind = eighteenCharacterKind(value);
  if (kind === null) {
    return { ok: false, reason: 'unknown-region' };
  }
  if (!isPlausibleBirthDate(value.slice(6, 14), options.today ?? new Date())) {
    return { ok: false, reason: 'bad-birth-date' };
  }
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, reason: 'wrong-check-character' };
  }
  return { ok: true, value, kind };
}

function eighteenCharacterKind(value: string): IdNumberKind | null {
  // Foreigners' permanent residence cards (2023): 9, province, nationality, birth date, ...
  if (value.startsWith('9')) {
    return 'foreign-permanent-residence-card';
  }
  if (residencePermitCodes.has(value.slice(0, 6))) {
    return 'residence-permit';
  }
  if (provinceCodes.has(value.slice(0, 2))) {
    return 'resident-id-card';
  }
  return null;
}

/** YYYYMMDD that is a real calendar day, not before 1900 and not after today (UTC). */
function isPlausibleBirthDate(digits: string, today: Date): boolean {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  return date.getTime() <= today.getTime();
}

/**
 * Masks a document number for screens and exports: the first 3 and last 4 characters stay
 * (`110***********002X`). Short values never show more than half of their characters.
 */
export function maskIdNumber(value: string): string {
  const characters = Array.from(value.trim());
  const length = characters.length;
  if (length === 0) {
    return '';
  }
  const keepStart = Math.min(3, Math.floor(length / 4));
  const keepEnd = Math.min(4, Math.floor(length / 4));
  return (
    characters.slice(0, keepStart).join('') +
    '*'.repeat(length - keepStart - keepEnd) +
    characters.slice(length - keepEnd).join('')
  );
}
