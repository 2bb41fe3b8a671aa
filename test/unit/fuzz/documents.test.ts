// Identity document numbers tried systematically (issue 7, item 6): any text as any document
// type gives a result or a reason, never a throw; what is accepted is normalised and accepted
// again unchanged; a valid number with one character changed is never accepted as the same
// number; a mask never shows more than half of the characters.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  documentTypes,
  maskIdNumber,
  validateDocument,
  validateIdNumber,
} from '../../../contract/id-number';
import { validIdNumber, validMrzLine } from './documents-arbitraries';
import { fuzzParameters, fuzzTimeout, hostileText } from './fuzz-settings';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

const today = new Date('2026-11-23T00:00:00.000Z');
const documentType = fc.constantFrom(...documentTypes);
/** Text near the formats: digits, X, H/M, MRZ characters, full-width digits and spaces. */
const nearlyNumbers = fc
  .array(fc.constantFrom(...'0123456789Xx HM<P１２９Ｘ\u200b\u3000-'.split('')), { maxLength: 90 })
  .map((characters) => characters.join(''));
const anyText = fc.oneof(hostileText(200), nearlyNumbers, validIdNumber);

describe('document numbers under any text', () => {
  it('validateIdNumber: a result or a reason; accepted numbers are canonical', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = validateIdNumber(text, { today });
        if (!result.ok) {
          expect([
            'empty',
            'wrong-format',
            'unknown-region',
            'bad-birth-date',
            'wrong-check-character',
          ]).toContain(result.reason);
          return;
        }
        expect(result.value).toMatch(/^(\d{17}[\dX]|[HM]\d{8})$/);
        expect(validateIdNumber(result.value, { today })).toEqual(result);
      }),
      fuzzParameters(500),
    );
  });

  it('validateDocument: any type and text give a result or a reason, never a throw', () => {
    fc.assert(
      fc.property(documentType, anyText, (type, text) => {
        const result = validateDocument(type, text, { today });
        if (!result.ok) {
          expect(typeof result.reason).toBe('string');
          return;
        }
        expect(result.kind).toBe(type);
        expect(result.value).toMatch(/^[A-Z0-9]{5,18}$/);
        expect(validateDocument(type, result.value, { today })).toMatchObject({
          ok: true,
          value: result.value,
        });
      }),
      fuzzParameters(500),
    );
  });

  it('a valid ID number with one character changed is refused', () => {
    fc.assert(
      fc.property(
        validIdNumber,
        fc.nat({ max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (id, at, by) => {
          const character = id.charAt(at);
          const digit = character === 'X' ? 10 : Number(character);
          const changed = (digit + by) % 11;
          const replacement = changed === 10 ? 'X' : String(changed);
          fc.pre(at === 17 || replacement !== 'X');
          const typo = id.slice(0, at) + replacement + id.slice(at + 1);
          expect(validateIdNumber(id, { today })).toMatchObject({ ok: true, value: id });
          expect(validateIdNumber(typo, { today }).ok).toBe(false);
        },
      ),
      fuzzParameters(500),
    );
  });

  it('a passport MRZ with good checks gives its number; any changed digit is refused', () => {
    fc.assert(
      fc.property(validMrzLine, fc.nat({ max: 43 }), ({ line, number }, at) => {
        expect(validateDocument('passport', line)).toEqual({
          ok: true,
          value: number,
          kind: 'passport',
          checked: true,
        });
        const character = line.charAt(at);
        fc.pre(/\d/.test(character));
        const typo = line.slice(0, at) + String((Number(character) + 1) % 10) + line.slice(at + 1);
        expect(validateDocument('passport', typo).ok).toBe(false);
      }),
      fuzzParameters(300),
    );
  });

  it('maskIdNumber shows at most half of any text and keeps its length', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(100), validIdNumber), (text) => {
        const characters = Array.from(text.trim());
        const masked = Array.from(maskIdNumber(text));
        expect(masked.length).toBe(characters.length);
        const shown = masked.filter((character, index) => character === characters[index]);
        const starsInText = characters.filter((character) => character === '*').length;
        expect(shown.length - starsInText).toBeLessThanOrEqual(Math.floor(characters.length / 2));
      }),
      fuzzParameters(500),
    );
  });
});
