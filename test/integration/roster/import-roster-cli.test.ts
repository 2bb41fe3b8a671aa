import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/import-roster';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { countPeople, findPersonByCard } from '../../../backend/roster/roster-store';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const now = () => new Date('2026-11-23T00:00:00.000Z');

async function run(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    now,
    output: { out: (line) => out.push(line), error: (line) => error.push(line) },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

function rosterFile(text: string): string {
  const file = join(makeTempDir(), 'roster.csv');
  writeFileSync(file, text);
  return file;
}

afterEach(removeTempDirs);

describe('npm run import-roster', () => {
  it('imports a file and prints a summary', async () => {
    const dataDir = makeTempDir();
    const file = rosterFile(
      '\uFEFF卡号,姓名,类别,班级\r\nS1,王小明,学生,三年级2班\r\nT1,孙丽华,教职工,\r\n',
    );
    const result = await run(['--data-dir', dataDir, file]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toContain('2 added, 0 updated, 0 unchanged');
    const db = openDatabase(databaseFile(dataDir));
    expect(findPersonByCard(db, openFieldCipherForCli(db, dataDir), 'S1')?.className).toBe(
      '三年级2班',
    );
    db.close();
  });

  it('lists every bad row, exits 1 and writes nothing', async () => {
    const dataDir = makeTempDir();
    const good = rosterFile('卡号,姓名,类别\nS1,王小明,学生\n');
    expect((await run(['--data-dir', dataDir, good])).code).toBe(0);

    const bad = rosterFile(
      '卡号,姓名,类别,身份证号\nS2,李思雨,学生,\nS3,,学生,\nS2,重复,学生,\nS4,张三,访客,110105194912310021\n',
    );
    const result = await run(['--data-dir', dataDir, bad]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.error).toContain('Nothing was changed');
    for (const line of ['line 3:', 'line 4:', 'line 5:']) {
      expect(result.error).toContain(line);
    }
    expect(result.error).not.toContain('line 2:');
    const db = openDatabase(databaseFile(dataDir));
    expect(countPeople(db)).toBe(1);
    db.close();
  });

  it('does not create a database for a bad file', async () => {
    const dataDir = join(makeTempDir(), 'data');
    expect((await run(['--data-dir', dataDir, rosterFile('card,name\nS1,A\n')])).code).toBe(1);
    expect(existsSync(databaseFile(dataDir))).toBe(false);
  });

  it.each([
    [[]],
    [['roster.csv']],
    [['--data-dir', 'x']],
    [['--data-dir', 'x', 'a.csv', 'b.csv']],
    [['--nope', 'x', 'a.csv']],
  ])('shows the usage and exits 2 for %j', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.error).toContain('Usage: npm run import-roster');
  });

  it('says so when the file cannot be read', async () => {
    const result = await run(['--data-dir', makeTempDir(), join(makeTempDir(), 'missing.csv')]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('Cannot read');
  });

  it('says so when the database is damaged', async () => {
    const dataDir = makeTempDir();
    writeFileSync(databaseFile(dataDir), 'garbage '.repeat(100));
    const result = await run(['--data-dir', dataDir, rosterFile('card,name,kind\nS1,A,student\n')]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('is damaged');
  });
});
