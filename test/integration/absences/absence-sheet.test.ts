// The day's absence sheet class teachers fill in, imported through importAbsences: real .xlsx
// files built with exceljs (as the roster's tests do) and CSV files, against a real roster.
// The register is a fake that records what it is asked to open, so "nothing written" is
// "openMany never called".
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorView } from '../../../contract/api';
import type { AbsenceImportResult } from '../../../contract/operations/absence-operations';
import { absenceImportHandlers } from '../../../backend/absences/absence-import';
import type { SheetAbsence } from '../../../backend/absences/absence-sheet';
import { setPersonStatus } from '../../../backend/roster/roster-people';
import { findPersonByCard, importRoster } from '../../../backend/roster/roster-store';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';
import type { TestCell } from '../roster/roster-workbook';
import { workbookBytes } from '../roster/roster-workbook';

const date = '2026-11-23';
const teacher: ActorView = { id: 7, username: 'wang', displayName: '王老师', role: 'health' };
const roster = [
  { card: 'S001', name: '王小明', className: '三年级2班' },
  { card: '20260002', name: '李思雨', className: '三年级2班' },
  { card: 'S003', name: '张伟', className: '三年级1班' },
  { card: 'S004', name: '张伟', className: '三年级1班' },
  { card: 'S005', name: '陈晨', className: '四年级1班' },
  { card: 'S006', name: '陈晨', className: '五年级2班' },
  { card: 'S007', name: '刘洋', className: '三年级2班' },
];

let db: Database;
let calls: { rows: SheetAbsence[]; actor: ActorView }[];
const idOf: Record<string, number> = {};

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  const today = new Date('2026-11-23T00:00:00.000Z');
  importRoster(
    db,
    testCipher,
    roster.map((person) => ({ ...person, kind: 'student' as const, idNumber: null })),
    today,
  );
  for (const { card } of roster) idOf[card] = findPersonByCard(db, testCipher, card)?.id ?? 0;
  // 刘洋 has left the school: their card and name no longer name anyone.
  setPersonStatus(db, testCipher, {
    personId: idOf.S007 ?? 0,
    status: 'left',
    reason: '转学',
    by: 'test',
    at: today,
  });
  calls = [];
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

async function importSheet(fileName: string, bytes: Uint8Array | string, day = date) {
  const register = {
    openMany(rows: SheetAbsence[], actor: ActorView) {
      calls.push({ rows, actor });
      return { opened: rows.length - 1, alreadyOpen: 1 };
    },
  };
  const handlers = absenceImportHandlers(db, register);
  const fileBase64 = Buffer.from(bytes).toString('base64');
  return handlers.importAbsences(
    { fileName, fileBase64, date: day },
    { actor: teacher, session: null, origin: 'test' },
  );
}

const xlsx = (rows: readonly (readonly TestCell[])[]) => workbookBytes(rows);

function refused(result: AbsenceImportResult) {
  if (result.ok) throw new Error('expected the sheet to be refused');
  return result;
}

const chineseHeader = ['卡号', '姓名', '班级', '原因', '症状', '日期', '预计返校'];

describe('importAbsences', () => {
  it('opens every row of a Chinese sheet: by card, by name and class, with Excel dates', async () => {
    const bytes = await xlsx([
      chineseHeader,
      ['S001', '王小明', '三年级2班', '病假', '发热 咳嗽', null, '2026-11-26'],
      // A card Excel keeps as a number, a date cell, and a class in full-width digits.
      [20260002, null, null, '事假', null, new Date(Date.UTC(2026, 10, 20)), null],
      [],
      [
        null,
        ' 陈晨 ',
        '四年级１班',
        ' 发烧 ',
        null,
        '2026/11/22',
        new Date(Date.UTC(2026, 10, 25)),
      ],
      // 张伟 of 三年级1班 is two people; the card says which.
      ['S004', '张伟', '三年级1班 ', 'Sick', 'x'.repeat(200), null, null],
    ]);
    const result = await importSheet('三年级2班.xlsx', bytes);
    expect(result).toEqual({ ok: true, opened: 3, alreadyOpen: 1 });
    expect(calls).toEqual([
      {
        actor: teacher,
        rows: [
          {
            personId: idOf.S001,
            cause: 'illness',
            symptoms: '发热 咳嗽',
            since: date,
            expectedReturn: '2026-11-26',
          },
          {
            personId: idOf['20260002'],
            cause: 'other',
            symptoms: null,
            since: '2026-11-20',
            expectedReturn: null,
          },
          {
            personId: idOf.S005,
            cause: 'illness',
            symptoms: null,
            since: '2026-11-22',
            expectedReturn: '2026-11-25',
          },
          {
            personId: idOf.S004,
            cause: 'illness',
            symptoms: 'x'.repeat(200),
            since: date,
            expectedReturn: null,
          },
        ],
      },
    ]);
  });

  it('reads English headers below a title row, in any order, ignoring other columns', async () => {
    const bytes = await xlsx([
      ['三年级2班 缺勤登记 11月23日'],
      ['Cause', 'Phone', 'Name', 'Class', 'Symptoms', 'Expected return', 'Date'],
      ['illness', '13800000000', '王小明', '三年级2班', 'fever', '2026-11-25', '2026-11-23'],
      ['personal', null, '陈晨', '五年级2班', null, null, null],
    ]);
    expect(await importSheet('absences.xlsx', bytes)).toMatchObject({ ok: true });
    expect(calls[0]?.rows.map(({ personId, cause }) => [personId, cause])).toEqual([
      [idOf.S001, 'illness'],
      [idOf.S006, 'other'],
    ]);
  });

  it('refuses a sheet with one bad row among good ones, by its row, and writes nothing', async () => {
    const bytes = await xlsx([
      chineseHeader,
      ['S001', '王小明', '三年级2班', '病假', null, null, null],
      [],
      ['S003', '张伟', '三年级1班', '病假', null, null, null],
      ['S005', '陈晨', '四年级1班', '看病去了', null, null, null],
      ['S006', '陈晨', '五年级2班', '事假', null, null, null],
    ]);
    expect(await importSheet('缺勤.xlsx', bytes)).toEqual({
      ok: false,
      file: null,
      problems: [{ line: 5, column: '原因', problem: 'cause-unknown', value: '看病去了' }],
    });
    expect(calls).toEqual([]);
  });

  it('lists every refused cell with its line, column and value', async () => {
    const bytes = await xlsx([
      ['卡号', '姓名', '班级', '原因', '症状', '日期', '预计返校'],
      ['S999', null, null, '病假', null, null, null],
      ['S007', '刘洋', '三年级2班', '病假', null, null, null],
      [null, '刘洋', '三年级2班', '病假', null, null, null],
      [null, '张伟', '三年级1班', '病假', null, null, null],
      [null, '陈晨', null, '病假', null, null, null],
      [null, null, '三年级2班', '病假', '咳嗽', null, null],
      ['S001', null, null, '旷课', '头'.repeat(201), '2026-11-22', '2026-11-20'],
      [null, '王小明', '三年级2班', '', null, 20261123, '2026-02-30'],
      // An ID number typed as a card is quoted back masked.
      ['11010519491231002X', null, null, '病假', null, null, null],
    ]);
    const result = refused(await importSheet('缺勤.xlsx', bytes));
    expect(result.file).toBeNull();
    expect(result.problems).toEqual([
      { line: 2, column: '卡号', problem: 'card-unknown', value: 'S999' },
      { line: 3, column: '卡号', problem: 'card-unknown', value: 'S007' },
      { line: 4, column: '姓名', problem: 'name-class-unknown', value: '刘洋' },
      { line: 5, column: '姓名', problem: 'name-class-ambiguous', value: '张伟' },
      { line: 6, column: '姓名', problem: 'name-class-ambiguous', value: '陈晨' },
      { line: 7, column: null, problem: 'no-person', value: null },
      { line: 8, column: '原因', problem: 'cause-unknown', value: '旷课' },
      {
        line: 8,
        column: '症状',
        problem: 'symptoms-too-long',
        value: `${'头'.repeat(39)}…`,
      },
      // Back before the absence began.
      { line: 8, column: '预计返校', problem: 'date-bad', value: '2026-11-20' },
      { line: 9, column: '原因', problem: 'cause-unknown', value: null },
      { line: 9, column: '日期', problem: 'date-bad', value: '20261123' },
      { line: 9, column: '预计返校', problem: 'date-bad', value: '2026-02-30' },
      { line: 9, column: '姓名', problem: 'duplicate', value: '王小明' },
      { line: 10, column: '卡号', problem: 'card-unknown', value: '110***********002X' },
    ]);
    expect(calls).toEqual([]);
  });

  it('knows the words teachers write for a cause', async () => {
    const words: [string, 'illness' | 'other'][] = [
      ['病假', 'illness'],
      ['因病', 'illness'],
      ['生病', 'illness'],
      ['发热', 'illness'],
      ['Illness', 'illness'],
      ['SICK', 'illness'],
      ['事假', 'other'],
      ['其他', 'other'],
      ['Other', 'other'],
      ['personal', 'other'],
    ];
    for (const [word, cause] of words) {
      calls = [];
      const csv = `card,cause\nS001,${word}\n`;
      expect(await importSheet('a.csv', csv), word).toMatchObject({ ok: true });
      expect(calls[0]?.rows[0]?.cause, word).toBe(cause);
    }
    const unknown = refused(
      await importSheet('a.csv', 'card,cause\nS001,迟到\nS003,constructor\n'),
    );
    expect(unknown.problems).toEqual([
      { line: 2, column: 'cause', problem: 'cause-unknown', value: '迟到' },
      { line: 3, column: 'cause', problem: 'cause-unknown', value: 'constructor' },
    ]);
  });

  it('reads a CSV saved by Excel: UTF-8 with a BOM and CRLF, or GB18030', async () => {
    const text =
      '卡号,姓名,班级,原因,症状\r\nS001,王小明,三年级2班,病假,"发热,咳嗽"\r\n\r\n,李思雨,三年级2班,其他,\r\n';
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(await importSheet('缺勤.csv', withBom)).toMatchObject({ ok: true });
    expect(calls[0]?.rows).toEqual([
      {
        personId: idOf.S001,
        cause: 'illness',
        symptoms: '发热,咳嗽',
        since: date,
        expectedReturn: null,
      },
      {
        personId: idOf['20260002'],
        cause: 'other',
        symptoms: null,
        since: date,
        expectedReturn: null,
      },
    ]);
    // 卡号,原因 / S001,病假 / (blank) / S404,病假 in GB18030, as Excel on a Chinese Windows saves it.
    const gbk = Buffer.from(
      'bfa8bac52cd4add2f20d0a533030312cb2a1bcd90d0a0d0a533430342cb2a1bcd90d0a',
      'hex',
    );
    expect(refused(await importSheet('缺勤.csv', gbk)).problems).toEqual([
      { line: 4, column: '卡号', problem: 'card-unknown', value: 'S404' },
    ]);
  });

  it('refuses a file that is no sheet, has no header or no rows', async () => {
    const file = async (name: string, bytes: Uint8Array | string) => {
      const result = refused(await importSheet(name, bytes));
      expect(result.problems).toEqual([]);
      return result.file;
    };
    const oldXls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(await file('缺勤.xls', oldXls)).toBe('unreadable');
    expect(await file('缺勤.xlsx', 'PK\u0003\u0004 not really a zip')).toBe('unreadable');
    expect(await file('缺勤.csv', 'card,cause\nS001,"病假\n')).toBe('unreadable');
    expect(await file('缺勤.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toBe(
      'unreadable',
    );
    expect(await file('缺勤.csv', '学号,备注\nS001,病假\n')).toBe('no-header');
    // A name but no cause is no absence sheet.
    expect(
      await file(
        '缺勤.xlsx',
        await xlsx([
          ['卡号', '姓名'],
          ['S001', '王小明'],
        ]),
      ),
    ).toBe('no-header');
    expect(await file('缺勤.csv', '卡号,原因\n\n\n')).toBe('empty');
    expect(await file('缺勤.csv', '')).toBe('empty');
    expect(await file('缺勤.xlsx', await xlsx([chineseHeader]))).toBe('empty');
    expect(calls).toEqual([]);
  });

  it('takes 2,000 rows and refuses 2,001', async () => {
    const sheet = (count: number) =>
      ['卡号,原因', ...Array.from({ length: count }, (_, index) => `X${index},病假`)].join('\n');
    // 2,000 unknown cards are 2,000 problems: the file was read, row by row.
    expect(refused(await importSheet('a.csv', sheet(2000))).problems).toHaveLength(2000);
    expect(refused(await importSheet('a.csv', sheet(2001)))).toEqual({
      ok: false,
      problems: [],
      file: 'too-many-rows',
    });
  });

  it('refuses a file larger than 2 MB before reading it', async () => {
    await expect(importSheet('a.csv', 'x'.repeat(2 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: 'bad-input',
    });
  });
});
