// Phone numbers as couriers and walk-in visitors give them: a mainland mobile number
// (1[3-9] and nine digits) or a fixed line with its area code (010-12345678). Pure, and in the
// contract so that the guard's form and the backend agree on what is valid. Never logs a number.

const mobile = /^1[3-9]\d{9}$/;
const fixedLine = /^0\d{2,3}-?\d{7,8}$/;

/**
 * The number in its stored form, or null when it is neither a mobile nor a fixed line.
 * Full-width digits (a Chinese input method) become ASCII and spaces go; a mobile number
 * written in groups (138-0013-8000) loses its dashes, a fixed line keeps the one after its
 * area code.
 */
export function normalizePhone(input: string): string | null {
  const value = input.normalize('NFKC').replace(/\s+/g, '');
  const digits = value.replace(/-/g, '');
  if (mobile.test(digits)) return digits;
  return fixedLine.test(value) ? value : null;
}

/**
 * For screens: the first three and last four digits stay (138****8000, 010-****5678); dashes
 * are kept so the shape still reads. Anything shorter shows no more than its last two digits.
 */
export function maskPhone(value: string): string {
  const digitCount = value.replace(/\D/g, '').length;
  const keepStart = digitCount >= 10 ? 3 : 0;
  const keepEnd = digitCount >= 10 ? 4 : Math.min(2, Math.floor(digitCount / 3));
  let seen = 0;
  return Array.from(value)
    .map((character) => {
      if (!/\d/.test(character)) return character;
      seen += 1;
      return seen <= keepStart || seen > digitCount - keepEnd ? character : '*';
    })
    .join('');
}
