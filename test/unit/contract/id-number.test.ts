import { describe, expect, it } from 'vitest';
import {
  documentTypes,
  idNumberCheckCharacter,
  maskIdNumber,
  mrzCheckDigit,
  validateDocument,
  validateIdNumber,
} from '../../../contract/id-number';

const today = new Date('2026-11-23T00:00:00.000Z');

/** A valid 18-character number from its first 17 digits. */
function withCheck(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

describe('validateIdNumber', () => {
  it.each([
    ['11010519491231002X', 'resident-id-card', '11010519491231002X'],
    ['11010519491231002x', 'resident-id-card', '11010519491231002X'],
    ['  11010519491231002X ', 'resident-id-card', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'resident-id-card', '11010519491231002X'],
    ['110105201908220243', 'resident-id-card', '110105201908220243'],
    [withCheck('81000019900101123'), 'residence-permit', withCheck('81000019900101123')],
    [withCheck('82000020000229456'), 'residence-permit', withCheck('82000020000229456')],
    [withCheck('83000019851111789'), 'residence-permit', withCheck('83000019851111789')],
    [
      withCheck('93115619800101001'),
      'foreign-permanent-residence-card',
      withCheck('93115619800101001'),
    ],
    ['H12345678', 'home-return-permit', 'H12345678'],
    ['m87654321', 'home-return-permit', 'M87654321'],
  ])('accepts %s as %s', (input, kind, value) => {
    expect(validateIdNumber(input, { today })).toEqual({ ok: true, value, kind });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['110105194912310021', 'wrong-check-character'],
    ['11010519491231002Y', 'wrong-format'],
    ['1101051949123100', 'wrong-format'],
    ['1101051949123100211', 'wrong-format'],
    ['X10105194912310021', 'wrong-format'],
    ['H1234567', 'wrong-format'],
    ['A12345678', 'wrong-format'],
    ['1.10105E+17', 'wrong-format'],
    [withCheck('11010519490231002'), 'bad-birth-date'],
    [withCheck('11010519491301002'), 'bad-birth-date'],
    [withCheck('11010519490000002'), 'bad-birth-date'],
    [withCheck('11010518991231002'), 'bad-birth-date'],
    [withCheck('11010520270101002'), 'bad-birth-date'],
    [withCheck('11010520250229002'), 'bad-birth-date'],
    [withCheck('84000019900101123'), 'unknown-region'],
    [withCheck('81010019900101123'), 'unknown-region'],
    [withCheck('00010519491231002'), 'unknown-region'],
  ])('refuses %s: %s', (input, reason) => {
    expect(validateIdNumber(input, { today })).toEqual({ ok: false, reason });
  });

  it('accepts 29 February of a leap year', () => {
    expect(validateIdNumber(withCheck('11010520240229002'), { today }).ok).toBe(true);
  });

  it('computes the GB 11643 check character', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(() => idNumberCheckCharacter('1234')).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '110***********002X'],
    ['H12345678', 'H1*****78'],
    ['12345678', '12****78'],
    ['1234', '1**4'],
    ['123', '***'],
    ['1', '*'],
    ['', ''],
  ])('masks %s as %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('never shows more than half of a value', () => {
    for (let length = 1; length <= 24; length += 1) {
      const shown = maskIdNumber('7'.repeat(length)).replaceAll('*', '').length;
      expect(shown * 2).toBeLessThanOrEqual(length);
    }
  });
});

// ICAO Doc 9303 specimen passport (Utopia, Anna Maria Eriksson), line 2 of the MRZ. The
// brief's specimen is the older edition's: document number L898902C, check digit 3. The 7th
// edition (2015) prints number L898902C3 with check digit 6 and other dates; both are checked.
const specimen1990s = 'L898902C<3UTO6908061F9406236ZE184226B<<<<<14';
const specimen2015 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const specimenLine1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';

/** Line 2 with one character replaced. */
function replaceAt(line: string, index: number, character: string): string {
  return line.slice(0, index) + character + line.slice(index + 1);
}

describe('mrzCheckDigit', () => {
  it("matches Doc 9303's worked examples", () => {
    // L=21, 8, 9, 8, 9, 0, 2, C=12, <=0 times 7 3 1 7 3 1 7 3 1: 313, so 3.
    expect(mrzCheckDigit('L898902C<')).toBe(3);
    // The same with 3 in the last place: 316, so 6.
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('690806')).toBe(1);
    expect(mrzCheckDigit('940623')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(mrzCheckDigit('L898902C<369080619406236ZE184226B<<<<<1')).toBe(4);
    expect(mrzCheckDigit('L898902C3674081221204159ZE184226B<<<<<1')).toBe(0);
  });

  it('refuses characters outside the MRZ alphabet', () => {
    expect(() => mrzCheckDigit('abc')).toThrow(RangeError);
  });
});

describe('validateDocument', () => {
  it.each([
    ['resident-id', '11010519491231002x', '11010519491231002X', true],
    ['resident-id', ' 110105 19491231 002X ', '11010519491231002X', true],
    ['residence-permit', withCheck('81000019900101123'), withCheck('81000019900101123'), true],
    ['residence-permit', withCheck('83000019851111789'), withCheck('83000019851111789'), true],
    [
      'foreign-permanent-residence-card',
      withCheck('93115619800101001'),
      withCheck('93115619800101001'),
      true,
    ],
    ['home-return-permit', 'h 1234 5678', 'H12345678', false],
    ['home-return-permit', 'M87654321', 'M87654321', false],
    ['passport', 'e12345678', 'E12345678', false],
    ['passport', 'AB 123 45', 'AB12345', false],
    ['passport', 'Ｇ１２３４５６７８', 'G12345678', false],
    ['passport', specimen1990s, 'L898902C', true],
    ['passport', specimen2015, 'L898902C3', true],
    ['passport', specimen2015.toLowerCase(), 'L898902C3', true],
    ['passport', 'L898902C3 6UTO 7408122 F 1204159 ZE184226B<<<<< 10', 'L898902C3', true],
    ['passport', `${specimenLine1}\n${specimen2015}`, 'L898902C3', true],
  ] as const)('accepts %s %s', (type, input, value, checked) => {
    expect(validateDocument(type, input, { today })).toEqual({
      ok: true,
      value,
      kind: type,
      checked,
    });
  });

  it.each([
    ['resident-id', '', 'empty'],
    ['passport', ' \t ', 'empty'],
    ['resident-id', '110105194912310021', 'wrong-check-character'],
    ['resident-id', withCheck('84000019900101123'), 'unknown-region'],
    ['resident-id', withCheck('11010519490231002'), 'bad-birth-date'],
    ['residence-permit', '81000019900101123Y', 'wrong-format'],
    ['foreign-permanent-residence-card', '9311561980010100', 'wrong-format'],
    ['home-return-permit', 'H1234567', 'wrong-format'],
    ['home-return-permit', 'E12345678', 'wrong-format'],
    ['passport', 'E123', 'wrong-format'],
    ['passport', 'E1234567890', 'wrong-format'],
    ['passport', 'E1234-567', 'wrong-format'],
    ['passport', '护照E1234567', 'wrong-format'],
    ['passport', specimen2015.slice(0, 43), 'wrong-format'],
    ['passport', `${specimen2015}0`, 'wrong-format'],
    // A letter where the birth date's digits go.
    ['passport', replaceAt(specimen2015, 13, 'A'), 'wrong-format'],
    // Line 1 alone is not line 2.
    ['passport', specimenLine1, 'wrong-format'],
    // Two lines whose first is not a passport's (a TD3 line 1 starts with P).
    ['passport', `I${specimenLine1.slice(1)}${specimen2015}`, 'wrong-format'],
    ['passport', replaceAt(specimen2015, 9, '7'), 'wrong-document-number-check-digit'],
    ['passport', replaceAt(specimen1990s, 9, '6'), 'wrong-document-number-check-digit'],
    // One misread character in the number, check digit as printed.
    ['passport', replaceAt(specimen2015, 1, '3'), 'wrong-document-number-check-digit'],
    ['passport', replaceAt(specimen2015, 19, '3'), 'wrong-mrz-check-digit'],
    ['passport', replaceAt(specimen2015, 27, '0'), 'wrong-mrz-check-digit'],
    ['passport', replaceAt(specimen2015, 42, '2'), 'wrong-mrz-check-digit'],
    ['passport', replaceAt(specimen2015, 43, '1'), 'wrong-composite-check-digit'],
    ['passport', replaceAt(specimen1990s, 43, '5'), 'wrong-composite-check-digit'],
  ] as const)('refuses %s %s: %s', (type, input, reason) => {
    expect(validateDocument(type, input, { today })).toEqual({ ok: false, reason });
  });

  it.each([
    ['resident-id', withCheck('81000019900101123'), 'residence-permit'],
    ['residence-permit', '11010519491231002X', 'resident-id'],
    ['foreign-permanent-residence-card', '11010519491231002X', 'resident-id'],
    ['resident-id', withCheck('93115619800101001'), 'foreign-permanent-residence-card'],
    ['resident-id', 'H12345678', 'home-return-permit'],
  ] as const)('refuses a %s that is really another document: %s', (type, input, kind) => {
    expect(validateDocument(type, input, { today })).toEqual({
      ok: false,
      reason: 'wrong-document-type',
      kind,
    });
  });

  it('checks the personal number when there is one, and accepts < as its unused check', () => {
    // Personal number 1234567: 7 + 6 + 3 + 28 + 15 + 6 + 49 = 114, check digit 4.
    const withPersonal = 'L898902C36UTO7408122F1204159' + '1234567<<<<<<<' + '4';
    const composite = mrzCheckDigit(
      withPersonal.slice(0, 10) + withPersonal.slice(13, 20) + withPersonal.slice(21, 43),
    );
    expect(mrzCheckDigit('1234567<<<<<<<')).toBe(4);
    expect(validateDocument('passport', withPersonal + composite).ok).toBe(true);
    expect(validateDocument('passport', replaceAt(withPersonal, 42, '8') + composite)).toEqual({
      ok: false,
      reason: 'wrong-mrz-check-digit',
    });
    const unused = 'L898902C36UTO7408122F1204159' + '<'.repeat(14) + '<';
    const unusedComposite = mrzCheckDigit(
      unused.slice(0, 10) + unused.slice(13, 20) + unused.slice(21, 43),
    );
    expect(validateDocument('passport', unused + unusedComposite)).toEqual({
      ok: true,
      value: 'L898902C3',
      kind: 'passport',
      checked: true,
    });
  });

  it('never hands on the birth date, sex or nationality of an MRZ', () => {
    const result = validateDocument('passport', specimen2015);
    expect(JSON.stringify(result)).not.toMatch(/740812|UTO|"F"/);
  });

  it('lists every document type', () => {
    expect(documentTypes).toHaveLength(5);
  });
});
