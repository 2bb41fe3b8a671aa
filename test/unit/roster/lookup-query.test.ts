// What a typed query can be (part of a name or class, the end of a card, an ID number's last four
// characters or the whole number), an ID number's tail, and a card masked for the guard's screen.
import { describe, expect, it } from 'vitest';
import {
  idNumberTailOf,
  likeLiteral,
  maskCard,
  readLookupQuery,
} from '../../../backend/roster/lookup-query';

describe('reading a lookup query', () => {
  it.each([
    // query, cardSuffix, idTail, idNumber
    ['王小明', '王小明', null, null],
    ['小明', null, null, null],
    ['012', '012', null, null],
    ['0012', '0012', '0012', null],
    ['013x', '013x', '013X', null],
    ['０１３Ｘ', '013X', '013X', null],
    ['12', null, null, null],
    ['12345', '12345', null, null],
    ['11010520150314013x', '11010520150314013x', null, '11010520150314013X'],
    ['110105 20150314 013X', '11010520150314013X', null, '11010520150314013X'],
    ['h12345678', 'h12345678', null, 'H12345678'],
  ])('%s', (query, cardSuffix, idTail, idNumber) => {
    expect(readLookupQuery(query)).toMatchObject({ cardSuffix, idTail, idNumber });
  });

  it('keeps the text as typed and a normalised copy for classes typed full-width', () => {
    expect(readLookupQuery('  三年级２班 ')).toMatchObject({
      text: '三年级２班',
      normalized: '三年级2班',
    });
  });
});

describe('an ID number tail', () => {
  it('is the last four characters, upper-cased', () => {
    expect(idNumberTailOf('11010520150314013x')).toBe('013X');
    expect(idNumberTailOf('H12345678')).toBe('5678');
    expect(idNumberTailOf('123')).toBeNull();
  });
});

describe('a masked card', () => {
  it('shows four stars and the last four characters, whatever the length', () => {
    expect(maskCard('S20260012')).toBe('****0012');
    expect(maskCard('20260000000012')).toBe('****0012');
    expect(maskCard('12345678')).toBe('****5678');
  });

  it('never shows more than half of a short card', () => {
    expect(maskCard('T0077')).toBe('****77');
    expect(maskCard('S1')).toBe('****1');
    expect(maskCard('7')).toBe('****');
  });
});

describe('a LIKE literal', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(likeLiteral('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
