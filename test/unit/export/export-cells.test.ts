import { describe, expect, it } from 'vitest';
import { entryCells, neutraliseCsvCell, type EntryRow } from '../../../backend/export/entry-export';
import {
  decisionWords,
  entryColumns,
  reasonWords,
  wordFor,
} from '../../../backend/export/export-labels';
import { decisionSchema, reasonCodeSchema } from '../../../contract/api';

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

describe('the retest outcome cell', () => {
  const retest: EntryRow = {
    id: 7,
    at: '2026-11-23T00:00:00.000Z',
    gateId: 'south',
    direction: 'in',
    decision: 'retest',
    reasons: '["temperature-high"]',
    cardText: 'S2026001',
    name: '王小明',
    kind: 'student',
    className: '三年级2班',
    idNumber: null,
    temperature: 37.6,
    temperatureSource: 'gy906',
    temperatureMethod: 'device',
    measuredBy: null,
    instrument: null,
    followsEntryId: null,
    answers: null,
    healthCode: null,
    healthCodeMethod: null,
    healthCodeBy: null,
    personStatus: null,
    personStatusReason: null,
    personStatusSetBy: null,
  };
  const outcome = (row: Partial<EntryRow>) => entryCells({ ...retest, ...row }).retestOutcome;

  const guard = { guardName: '王保安' };
  const noGuard = { guardName: null };
  it.each([
    [{ decision: 'pass', reasons: '["temperature-normal-on-retest"]', ...noGuard }, '已复测通过'],
    [{ decision: 'refer', reasons: '["fever-confirmed"]', ...noGuard }, '已转观察点'],
    [
      { decision: 'refer', reasons: '["retest-sent-to-observation"]', ...guard },
      '保安处理：未复测，保安送临时观察点（王保安）',
    ],
    [
      { decision: 'deny', reasons: '["retest-left"]', ...guard },
      '保安处理：未复测，已离开（王保安）',
    ],
    [{ decision: 'deny', reasons: '["retest-new-way"]', ...noGuard }, '保安处理：retest-new-way'],
    [{ decision: 'deny', reasons: '[]', ...noGuard }, '保安处理：拒绝'],
    [null, '未处理'],
  ] as const)('after %j reads %s', (followUp, words) => {
    expect(outcome({ followUp })).toBe(words);
  });

  it('is empty on other rows, and when nobody looked the follow-up up', () => {
    expect(outcome({ decision: 'pass', followUp: null })).toBe('');
    expect(outcome({})).toBe('');
  });
});
