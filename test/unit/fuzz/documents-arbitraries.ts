// Valid identity document numbers for the fuzz tests: any that GB 11643-1999 accepts (region,
// real birth date up to 2026-11-23, check character), and passport MRZ lines with good checks.
import fc from 'fast-check';
import { idNumberCheckCharacter, mrzCheckDigit } from '../../../contract/id-number';

const regions = ['11', '31', '44', '65', '71'];

/** An 18-character resident ID number the validator must accept (birth 1900–2026). */
export const validIdNumber: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...regions),
    fc.integer({ min: 0, max: 9999 }),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2026-11-22T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, place, birth, serial]) => {
    const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${region}${String(place).padStart(4, '0')}${date}${String(serial).padStart(3, '0')}`;
    return first17 + idNumberCheckCharacter(first17);
  });

/** A TD3 passport MRZ line 2 whose check digits all hold, and its document number. */
export const validMrzLine: fc.Arbitrary<{ line: string; number: string }> = fc
  .tuple(
    fc.stringMatching(/^[A-Z0-9]{5,9}$/),
    fc.stringMatching(/^[A-Z]{3}$/),
    fc.stringMatching(/^\d{6}$/),
    fc.constantFrom('M', 'F', '<'),
    fc.stringMatching(/^\d{6}$/),
    fc.stringMatching(/^[A-Z0-9<]{14}$/),
  )
  .map(([number, nation, birth, sex, expiry, personal]) => {
    const field = number.padEnd(9, '<');
    const numberPart = `${field}${mrzCheckDigit(field)}`;
    const birthPart = `${birth}${mrzCheckDigit(birth)}`;
    const expiryPart = `${expiry}${mrzCheckDigit(expiry)}`;
    const personalPart = `${personal}${mrzCheckDigit(personal)}`;
    const composite = mrzCheckDigit(numberPart + birthPart + expiryPart + personalPart);
    return {
      line: `${numberPart}${nation}${birthPart}${sex}${expiryPart}${personalPart}${composite}`,
      number,
    };
  });
