// Checks and masks identity document numbers: GB 11643-1999 resident ID numbers, the residence
// permits and foreigners' permanent residence cards that share its check, Home Return Permits,
// and passports (a number alone, or the ICAO 9303 machine-readable zone with its check digits).
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

// ---------------------------------------------------------------------------------------------
// Passports (ICAO Doc 9303) and validation by the document type the visitor or guard chose.

/** The document types the visitor form offers. */
export type DocumentType =
  | 'resident-id'
  | 'residence-permit'
  | 'foreign-permanent-residence-card'
  | 'home-return-permit'
  | 'passport';

export const documentTypes: readonly DocumentType[] = [
  'resident-id',
  'residence-permit',
  'foreign-permanent-residence-card',
  'home-return-permit',
  'passport',
];

/**
 * Why a document number was refused, as a code the form translates. Beyond IdNumberProblem:
 * - `wrong-document-type`: a valid number of another type (a residence permit number given
 *   as a resident ID); the result names the type it is, so the form can offer to switch;
 * - `wrong-document-number-check-digit`: the passport number in an MRZ does not match its
 *   check digit (mistyped or misread number);
 * - `wrong-mrz-check-digit`: the birth date, expiry date or personal number in an MRZ does not
 *   match its check digit;
 * - `wrong-composite-check-digit`: every field matches but the line's final check does not.
 */
export type DocumentProblem =
  | IdNumberProblem
  | 'wrong-document-type'
  | 'wrong-document-number-check-digit'
  | 'wrong-mrz-check-digit'
  | 'wrong-composite-check-digit';

export type DocumentResult =
  | {
      ok: true;
      /** Upper case, no spaces; for a passport MRZ, the passport number alone. */
      value: string;
      kind: DocumentType;
      /**
       * Whether a check character or digit confirmed the number. False for a passport number
       * typed alone and for a Home Return Permit: neither carries a check, so a typo in them
       * cannot be caught here and the guard should compare with the document.
       */
      checked: boolean;
    }
  | { ok: false; reason: DocumentProblem; kind?: DocumentType };

const idNumberKindToType: Record<IdNumberKind, DocumentType> = {
  'resident-id-card': 'resident-id',
  'residence-permit': 'residence-permit',
  'foreign-permanent-residence-card': 'foreign-permanent-residence-card',
  'home-return-permit': 'home-return-permit',
};

// A passport number on its own: ICAO 9303 allows up to 9 characters; real ones are rarely
// under 5, so shorter input is a typing slip rather than a passport.
const passportNumber = /^[A-Z0-9]{5,9}$/;

// TD3 (passport) MRZ line 2, 44 characters: number (9) + check, nationality (3), birth date
// YYMMDD + check, sex, expiry YYMMDD + check, personal number (14) + check, composite check.
// Unknown parts of a birth date are written as fillers (Doc 9303 part 3), so `<` is allowed
// there; the personal number's check is `<` when the field is all fillers.
const td3Line2 =
  /^([A-Z0-9<]{9})([0-9])([A-Z<]{3})([0-9<]{6})([0-9])([MFX<])([0-9]{6})([0-9])([A-Z0-9<]{14})([0-9<])([0-9])$/;
// Line 1 of a TD3 starts with P (document code) and holds only MRZ characters.
const td3Line1 = /^P[A-Z0-9<]{43}$/;

/**
 * The ICAO 9303 check digit of an MRZ field: weights 7, 3, 1 repeating; digits count as
 * themselves, A–Z as 10–35 and the filler `<` as 0; the sum modulo 10.
 */
export function mrzCheckDigit(field: string): number {
  let sum = 0;
  for (let index = 0; index < field.length; index += 1) {
    const code = field.charCodeAt(index);
    let value: number;
    if (code >= 48 && code <= 57) value = code - 48;
    else if (code >= 65 && code <= 90) value = code - 55;
    else if (code === 60) value = 0;
    else throw new RangeError('an MRZ field holds only 0-9, A-Z and <');
    sum += value * ([7, 3, 1][index % 3] ?? 0);
  }
  return sum % 10;
}

/**
 * Validates a number as the document type chosen on the form. Full-width characters become
 * ASCII, letters are upper-cased and every space is removed (people copy numbers with spaces
 * in groups, and MRZ readers sometimes insert them).
 */
export function validateDocument(
  type: DocumentType,
  input: string,
  options: IdNumberOptions = {},
): DocumentResult {
  const value = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (value === '') return { ok: false, reason: 'empty' };
  if (type === 'passport') return validatePassport(value);
  const checked = validateIdNumber(value, options);
  if (!checked.ok) return checked;
  const kind = idNumberKindToType[checked.kind];
  if (kind !== type) {
    // Refused rather than silently re-typed: the record must say which document was shown.
    return { ok: false, reason: 'wrong-document-type', kind };
  }
  return { ok: true, value: checked.value, kind, checked: kind !== 'home-return-permit' };
}

function validatePassport(value: string): DocumentResult {
  if (passportNumber.test(value)) {
    return { ok: true, value, kind: 'passport', checked: false };
  }
  // A reader giving both lines of the MRZ (88 characters once line breaks are removed): only
  // line 2 carries the checked fields.
  const line2 = value.length === 88 && td3Line1.test(value.slice(0, 44)) ? value.slice(44) : value;
  const match = td3Line2.exec(line2);
  if (match === null) return { ok: false, reason: 'wrong-format' };
  const [, number = '', numberCheck, , birth = '', birthCheck, , expiry = '', expiryCheck] = match;
  const [personal = '', personalCheck, composite] = match.slice(9);
  if (mrzCheckDigit(number) !== Number(numberCheck)) {
    return { ok: false, reason: 'wrong-document-number-check-digit' };
  }
  if (
    mrzCheckDigit(birth) !== Number(birthCheck) ||
    mrzCheckDigit(expiry) !== Number(expiryCheck) ||
    // An unused personal number may have `<` as its check digit; `<` counts as 0.
    mrzCheckDigit(personal) !== (personalCheck === '<' ? 0 : Number(personalCheck))
  ) {
    return { ok: false, reason: 'wrong-mrz-check-digit' };
  }
  // The composite covers number + check, birth date + check, expiry + check, personal number
  // + check: positions 1–10, 14–20 and 22–43 of the line.
  const compositeField = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43);
  if (mrzCheckDigit(compositeField) !== Number(composite)) {
    return { ok: false, reason: 'wrong-composite-check-digit' };
  }
  const documentNumber = number.replace(/<+$/, '');
  if (!passportNumber.test(documentNumber)) return { ok: false, reason: 'wrong-format' };
  // Only the number leaves this function: birth date, sex and nationality are not needed to
  // admit a visitor, so they are not passed on to be stored (PIPL art. 6, data minimisation).
  return { ok: true, value: documentNumber, kind: 'passport', checked: true };
}
