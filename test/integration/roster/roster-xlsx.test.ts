import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RosterParseResult } from '../../../backend/roster/roster-rows';
import { importRoster, countPeople, findPersonByCard } from '../../../backend/roster/roster-store';
import {
  instructionsSheetName,
  rosterSheetName,
  rosterTemplateExample,
  rosterTemplateHeaders,
  rosterTemplateXlsx,
} from '../../../backend/roster/roster-template';
import { parseRosterXlsx } from '../../../backend/roster/roster-xlsx';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { readWorkbook, workbookBytes } from './roster-workbook';
import { testCipher } from '../../rigs/field-cipher';

const today = new Date('2026-11-23T00:00:00.000Z');
const header = ['卡号', '姓名', '类别', '班级', '身份证号'];
let db: Database;

const parse = (bytes: Uint8Array) => parseRosterXlsx(bytes, { today });

function errorsOf(result: RosterParseResult) {
  if (result.ok) throw new Error('expected the workbook to be refused');
  return result.errors;
}

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('parseRosterXlsx', () => {
  it('reads the first sheet as text, with numbers as the digits typed', async () => {
    const bytes = await workbookBytes(
      [
        header,
        ['S2026001', '王小明', '学生', '三年级2班', '11010519491231002x'],
        [{ value: 123, numFmt: '000000' }, '李思雨', '学生', null, null],
        [20260003, { richText: [{ text: '张' }, { text: '三' }] }, 'student', null, null],
        [],
        ['T0001', ' 孙丽华 ', '教职工', 3, ''],
      ],
      // A class merged down its students reads in every row of it.
      (sheet) => sheet.mergeCells('D2:D4'),
    );
    const result = await parse(bytes);
    expect(result).toEqual({
      ok: true,
      people: [
        {
          card: 'S2026001',
          name: '王小明',
          kind: 'student',
          className: '三年级2班',
          idNumber: '11010519491231002X',
        },
        { card: '000123', name: '李思雨', kind: 'student', className: '三年级2班', idNumber: null },
        { card: '20260003', name: '张三', kind: 'student', className: '三年级2班', idNumber: null },
        { card: 'T0001', name: '孙丽华', kind: 'staff', className: '3', idNumber: null },
      ],
    });
    expect(importRoster(db, testCipher, result.ok ? result.people : [], today).added).toBe(4);
    expect(findPersonByCard(db, testCipher, '000123')?.name).toBe('李思雨');
  });

  it('accepts the English headers and ignores other columns', async () => {
    const bytes = await workbookBytes([
      ['Card', 'Name', '性别', 'Kind', 'Class', 'idNumber'],
      ['S1', 'A', '男', 'staff', '', ''],
    ]);
    expect(await parse(bytes)).toMatchObject({ ok: true, people: [{ card: 'S1', kind: 'staff' }] });
  });

  it('lists every bad row by its row number, and refuses the file', async () => {
    const bytes = await workbookBytes([
      header,
      ['S1', '王小明', '学生', '', '11010519491231002X'],
      ['S2', '李思雨', '学生', '', '110105194912310021'],
      ['S3', '', '访客', '', ''],
      ['S1', '重复', '学生', '', ''],
    ]);
    const errors = errorsOf(await parse(bytes));
    expect(errors.map((error) => [error.line, error.code])).toEqual([
      [3, 'bad-id-number'],
      [4, 'missing-name'],
      [4, 'unknown-kind'],
      [5, 'duplicate-card'],
    ]);
    expect(errors[0]?.message).toContain('check digit');
    expect(errors[0]?.message).not.toContain('110105194912310021');
    expect(errors[3]?.message).toContain('already used on row 2');
  });

  it('refuses an ID number stored as a number, saying to format the column as text', async () => {
    const bytes = await workbookBytes([header, ['S1', '王小明', '学生', '', 110105194912310020]]);
    const [error, ...rest] = errorsOf(await parse(bytes));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ line: 2, code: 'number-cell' });
    expect(error?.message).toMatch(/ID number \(身份证号\) is stored as a number/);
    expect(error?.message).toContain('Format the ID number (身份证号) column as Text');
  });

  it('refuses a card too long for Excel to keep, a date and an error cell', async () => {
    const bytes = await workbookBytes([
      header,
      [1234567890123456789, '王小明', '学生', '', ''],
      ['S2', '李思雨', '学生', new Date(Date.UTC(2026, 2, 2)), ''],
      ['S3', { error: '#N/A' }, '学生', '', ''],
    ]);
    const errors = errorsOf(await parse(bytes));
    expect(errors.map((error) => [error.line, error.code])).toEqual([
      [2, 'number-cell'],
      [3, 'date-cell'],
      [4, 'error-cell'],
    ]);
    expect(errors[1]?.message).toContain('3-2 becomes 2 March');
    expect(errors[2]?.message).toContain('#N/A');
  });

  it.each([
    [
      'text that is not a zip',
      new TextEncoder().encode('卡号,姓名,类别\nS1,A,学生\n'),
      'not a zip',
    ],
    ['an empty file', new Uint8Array(0), 'the file is empty'],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '.xls'],
  ])('refuses %s as not a workbook', async (_name, bytes, detail) => {
    const [error] = errorsOf(await parse(bytes));
    expect(error).toMatchObject({ line: 1, code: 'not-a-workbook' });
    expect(error?.message).toContain(detail);
  });

  it('refuses a damaged workbook, one without sheets and an empty sheet', async () => {
    const good = await workbookBytes([header, ['S1', 'A', '学生']]);
    const cut = good.subarray(0, Math.floor(good.length / 2));
    expect(errorsOf(await parse(cut))[0]?.code).toBe('not-a-workbook');

    const noSheets = new Uint8Array(await new ExcelJS.Workbook().xlsx.writeBuffer());
    expect(errorsOf(await parse(noSheets))[0]?.code).toBe('no-worksheet');

    const [empty] = errorsOf(await parse(await workbookBytes([])));
    expect(empty).toMatchObject({ line: 1, code: 'empty-sheet' });
    expect(empty?.message).toContain('("名单") is empty');

    const headerOnly = errorsOf(await parse(await workbookBytes([header])));
    expect(headerOnly.map((error) => error.code)).toEqual(['no-people']);
    const noHeader = errorsOf(await parse(await workbookBytes([['S1', 'A', '学生']])));
    expect(noHeader.map((error) => error.code)).toEqual([
      'missing-column',
      'missing-column',
      'missing-column',
    ]);
    expect(countPeople(db)).toBe(0);
  });
});

describe('the roster template', () => {
  it('imports cleanly: its one example row', async () => {
    const result = await parse(await rosterTemplateXlsx());
    expect(result).toEqual({
      ok: true,
      people: [
        {
          card: rosterTemplateExample[0],
          name: rosterTemplateExample[1],
          kind: 'student',
          className: rosterTemplateExample[3],
          idNumber: '11010519491231002X',
        },
      ],
    });
  });

  it('has Chinese headers, text columns, a frozen bold header and a 说明 sheet', async () => {
    const workbook = await readWorkbook(await rosterTemplateXlsx());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      rosterSheetName,
      instructionsSheetName,
    ]);
    const [roster, instructions] = workbook.worksheets;
    const headerRow = roster?.getRow(1);
    expect(headerRow?.values).toEqual([undefined, ...rosterTemplateHeaders]);
    expect(headerRow?.getCell(1).font?.bold).toBe(true);
    expect(roster?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (let column = 1; column <= rosterTemplateHeaders.length; column += 1) {
      expect(roster?.getColumn(column).numFmt).toBe('@');
      expect(roster?.getCell(2, column).numFmt).toBe('@');
      expect(roster?.getCell(2, column).type).toBe(3); // ValueType.String
    }
    const notes: string[] = [];
    instructions?.eachRow((row) => notes.push(row.values.toString()));
    for (const column of rosterTemplateHeaders) {
      expect(notes.some((note) => note.startsWith(`,${column},`))).toBe(true);
    }
    expect(notes.join('\n')).toContain('文本');
  });
});
