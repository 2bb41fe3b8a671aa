import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/import-roster';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { countPeople, findPersonByCard, listPeople } from '../../../backend/roster/roster-store';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import type { TestCell } from './roster-workbook';
import { readWorkbook, tempFile, workbookBytes } from './roster-workbook';

const now = () => new Date('2026-11-23T00:00:00.000Z');
const header = ['卡号', '姓名', '类别', '班级', '身份证号'];

async function run(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    now,
    output: { out: (line) => out.push(line), error: (line) => error.push(line) },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

async function rosterWorkbook(rows: TestCell[][], name = 'roster.xlsx'): Promise<string> {
  return tempFile(name, await workbookBytes(rows));
}

function peopleIn(dataDir: string) {
  const db = openDatabase(databaseFile(dataDir));
  try {
    return listPeople(db, openFieldCipherForCli(db, dataDir));
  } finally {
    db.close();
  }
}

afterEach(removeTempDirs);

describe('npm run import-roster with a workbook', () => {
  it('imports an .xlsx file chosen by its name', async () => {
    const dataDir = makeTempDir();
    const file = await rosterWorkbook(
      [
        header,
        ['S1', '王小明', '学生', '三年级2班', '11010519491231002X'],
        ['T1', '孙丽华', '教职工'],
      ],
      'ROSTER.XLSX',
    );
    const result = await run(['--data-dir', dataDir, file]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toContain('2 added, 0 updated, 0 unchanged');
    expect(peopleIn(dataDir).map((person) => person.card)).toEqual(['S1', 'T1']);
  });

  it('refuses a bad row by its row number and writes nothing', async () => {
    const dataDir = makeTempDir();
    expect(
      (await run(['--data-dir', dataDir, await rosterWorkbook([header, ['S0', '甲', '学生']])]))
        .code,
    ).toBe(0);
    const file = await rosterWorkbook([
      header,
      ['S1', '王小明', '学生', '', '11010519491231002X'],
      ['S2', '李思雨', '学生', '', '110105194912310021'],
    ]);
    const result = await run(['--data-dir', dataDir, file]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.error).toContain('Nothing was changed');
    expect(result.error).toMatch(
      /^ {2}row 3: The ID number 110\*+0021 has a wrong last character/m,
    );
    expect(peopleIn(dataDir).map((person) => person.card)).toEqual(['S0']);
  });

  it('refuses an ID number typed as a number, telling the admin to format it as text', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const file = await rosterWorkbook([header, ['S1', '王小明', '学生', '', 110105194912310020]]);
    const result = await run(['--data-dir', dataDir, file]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('row 2: The ID number (身份证号) is stored as a number');
    expect(result.error).toContain('column as Text');
    expect(existsSync(databaseFile(dataDir))).toBe(false);
  });

  it.each([
    ['broken.xlsx', 'not an Excel workbook'],
    ['old.xls', 'old Excel 97-2003 workbook'],
  ])('refuses %s with a sentence and creates no database', async (name, message) => {
    const dataDir = join(makeTempDir(), 'data');
    const result = await run(['--data-dir', dataDir, tempFile(name, 'not a workbook at all')]);
    expect(result.code).toBe(1);
    expect(result.error).toContain(message);
    expect(result.error).toContain('row 1:');
    expect(existsSync(databaseFile(dataDir))).toBe(false);
  });
});

describe('npm run import-roster -- --preview', () => {
  it('prints what would change and writes nothing', async () => {
    const dataDir = makeTempDir();
    const first = await rosterWorkbook([
      header,
      ['S1', '王小明', '学生', '三年级2班'],
      ['T1', '孙丽华', '教职工'],
    ]);
    expect((await run(['--data-dir', dataDir, first])).code).toBe(0);
    const before = readFileSync(databaseFile(dataDir));

    const second = await rosterWorkbook([
      header,
      ['S1', '王小明', '学生', '四年级2班', '11010519491231002X'],
      ['S2', '李思雨', '学生', '四年级2班'],
    ]);
    const result = await run(['--data-dir', dataDir, '--preview', second]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toContain('  to add: 1\n  to change: 1\n  unchanged: 0');
    expect(result.out).toContain('not in the file: 1 (they stay on the roster)');
    expect(result.out).toContain('ID number (身份证号) (empty) → 110***********002X');
    expect(result.out).not.toContain('11010519491231002X');
    expect(readFileSync(databaseFile(dataDir)).equals(before)).toBe(true);
    const db = openDatabase(databaseFile(dataDir));
    expect(countPeople(db)).toBe(2);
    expect(findPersonByCard(db, openFieldCipherForCli(db, dataDir), 'S1')?.className).toBe(
      '三年级2班',
    );
    db.close();
  });

  it('previews against an empty roster without creating the database', async () => {
    const dataDir = join(makeTempDir(), 'data');
    const file = tempFile('roster.csv', '卡号,姓名,类别\nS1,王小明,学生\n');
    const result = await run(['--preview', '--data-dir', dataDir, file]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('to add: 1');
    expect(result.out).toContain('(not created yet)');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a bad file in a preview as the import would', async () => {
    const file = tempFile('roster.csv', '卡号,姓名,类别\nS1,,学生\n');
    const result = await run(['--data-dir', makeTempDir(), '--preview', file]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('line 2: The name is empty.');
  });
});

describe('npm run import-roster -- --template', () => {
  it('writes the template, which then imports its example row', async () => {
    const file = join(makeTempDir(), 'roster-template.xlsx');
    const written = await run(['--template', file]);
    expect(written).toEqual({ code: 0, out: `Wrote the roster template to ${file}.`, error: '' });
    const workbook = await readWorkbook(file);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['名单', '说明']);

    const dataDir = makeTempDir();
    const result = await run(['--data-dir', dataDir, file]);
    expect(result.code).toBe(0);
    expect(peopleIn(dataDir)).toEqual([
      expect.objectContaining({ card: '20260001', name: '张小明', idNumber: '11010519491231002X' }),
    ]);
  });

  it.each([
    [['--template', 'a.xlsx', 'roster.xlsx']],
    [['--template', 'a.xlsx', '--preview']],
    [['--template', 'a.xlsx', '--data-dir', 'x']],
    [['--template', '']],
  ])('shows the usage and exits 2 for %j', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.error).toContain('npm run import-roster -- --template FILE.xlsx');
  });

  it('says so when the template cannot be written', async () => {
    const result = await run(['--template', join(makeTempDir(), 'missing', 'template.xlsx')]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('Cannot write');
  });
});
