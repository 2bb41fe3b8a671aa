import { describe, expect, it } from 'vitest';
import { neutraliseCsvCell } from '../../../electron/export/entry-export';
import {
  decisionWords,
  entryColumns,
  reasonWords,
  wordFor,
} from '../../../electron/export/export-labels';
import { decisionSchema, reasonCodeSchema } from '../../../electron/contract/api';

describe('neutraliseCsvCell', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['S2026001', 'S2026001'],
    ['王小明', '王小明'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('makes %j safe', (input, output) => {
    expect(neutraliseCsvCell(input)).toBe(output);
  });
});

describe('export labels', () => {
  it('has Chinese words for every decision and reason of the contract', () => {
    for (const decision of decisionSchema.options) {
      expect(decisionWords[decision]).toMatch(/\p{Script=Han}/u);
    }
    for (const reason of reasonCodeSchema.options) {
      expect(reasonWords[reason]).toMatch(/\p{Script=Han}/u);
    }
  });

  it('shows an unknown code as it is', () => {
    expect(wordFor(decisionWords, 'pass')).toBe('通过');
    expect(wordFor(reasonWords, 'new-reason')).toBe('new-reason');
    expect(wordFor(reasonWords, 'toString')).toBe('toString');
    expect(wordFor(reasonWords, null)).toBe('');
  });

  it('names every column in Chinese and English', () => {
    for (const column of entryColumns) {
      expect(column.header).toMatch(/^\p{Script=Han}+.* [A-Z]/u);
    }
  });
});
