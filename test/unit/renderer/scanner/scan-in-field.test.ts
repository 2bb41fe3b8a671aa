// Taking a wedge scan back out of a text field, as a table: the scanned characters end at the
// caret (or, with no caret, the value) and only they go; anything else leaves the field alone.
import { describe, expect, it } from 'vitest';
import {
  numberFieldKeeps,
  withoutScan,
  type FieldText,
} from '../../../../renderer/scanner/scan-in-field';

describe('withoutScan', () => {
  const cases: { name: string; field: FieldText; scanned: string; after: FieldText }[] = [
    {
      name: 'a scan into an empty field leaves it empty',
      field: { value: 'S2026009', caret: 8 },
      scanned: 'S2026009',
      after: { value: '', caret: 0 },
    },
    {
      name: 'a person had typed 王, then the burst came',
      field: { value: '王S2026009', caret: 9 },
      scanned: 'S2026009',
      after: { value: '王', caret: 1 },
    },
    {
      name: 'the caret in the middle of what the person typed',
      field: { value: '刘S2026009师傅', caret: 9 },
      scanned: 'S2026009',
      after: { value: '刘师傅', caret: 1 },
    },
    {
      name: 'at the start of the field, before the person’s text',
      field: { value: 'S2026009Liu', caret: 8 },
      scanned: 'S2026009',
      after: { value: 'Liu', caret: 0 },
    },
    {
      name: 'the person’s text looks like the scan: only the characters at the caret go',
      field: { value: 'S2026009S2026009 ok', caret: 16 },
      scanned: 'S2026009',
      after: { value: 'S2026009 ok', caret: 8 },
    },
    {
      name: 'no caret (a number input): the scan ends the value',
      field: { value: '36.5110105201903140130', caret: null },
      scanned: '110105201903140130',
      after: { value: '36.5', caret: null },
    },
    {
      name: 'no caret and the scan does not end the value: left alone',
      field: { value: 'S2026009 is here', caret: null },
      scanned: 'S2026009',
      after: { value: 'S2026009 is here', caret: null },
    },
    {
      name: 'the characters are not at the caret: left alone, not searched for',
      field: { value: 'S2026009 Liu', caret: 12 },
      scanned: 'S2026009',
      after: { value: 'S2026009 Liu', caret: 12 },
    },
    {
      name: 'the field cut the scan at its maxLength: left alone',
      field: { value: '13800138000S20', caret: 14 },
      scanned: 'S2026009',
      after: { value: '13800138000S20', caret: 14 },
    },
    {
      name: 'a number input refused the letter: left alone',
      field: { value: '2026009', caret: null },
      scanned: 'S2026009',
      after: { value: '2026009', caret: null },
    },
    {
      name: 'the scan is longer than the value: left alone',
      field: { value: '009', caret: 3 },
      scanned: 'S2026009',
      after: { value: '009', caret: 3 },
    },
    {
      name: 'the case differs (a field that capitalises): left alone',
      field: { value: 'S2026009', caret: 8 },
      scanned: 's2026009',
      after: { value: 'S2026009', caret: 8 },
    },
    {
      name: 'an empty scan changes nothing',
      field: { value: 'Liu', caret: 3 },
      scanned: '',
      after: { value: 'Liu', caret: 3 },
    },
  ];

  it.each(cases)('$name', ({ field, scanned, after }) => {
    expect(withoutScan(field, scanned)).toEqual(after);
  });

  it('takes out of a number input only the characters it kept', () => {
    // A guard had typed 36.8 when a card came: the field shows 36.82026009.
    const field = { value: '36.82026009', caret: null };
    expect(withoutScan(field, 'S2026009', numberFieldKeeps)).toEqual({
      value: '36.8',
      caret: null,
    });
    // Unfiltered, the S is looked for and not found: the field is left alone.
    expect(withoutScan(field, 'S2026009')).toEqual(field);
    // A card of letters only left nothing in the field, so nothing is taken out of it.
    expect(withoutScan({ value: '36.8', caret: null }, 'ABCD', numberFieldKeeps)).toEqual({
      value: '36.8',
      caret: null,
    });
  });

  it('takes out exactly what was typed, wherever the person’s caret was', () => {
    const typed = 'Liu Wei 刘伟';
    const scanned = 'S2026009';
    for (let at = 0; at <= typed.length; at += 1) {
      const field = { value: typed.slice(0, at) + scanned + typed.slice(at), caret: at + 8 };
      expect(withoutScan(field, scanned)).toEqual({ value: typed, caret: at });
    }
  });
});
