// The command-line tools on a data folder whose ID numbers are sealed: the roster import seals
// with the folder's key file (made on first use), the export opens and masks, and a missing key
// or one the operating system keeps for the app is refused in words with exit code 1.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliOutput } from '../../../cli/cli-console';
import { main as exportDay } from '../../../cli/export';
import { main as importRoster } from '../../../cli/import-roster';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { defaultDataKeyFile, openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertPolicyRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { sampleEntry } from '../integrity/chain-log';

const now = () => new Date('2026-11-23T00:00:00.000Z');
// sampleEntry(2)'s ID number, in the entry log, and S1's on the roster.
const idNumber = '11010520150101002X';
const masked = '110***********002X';
const rosterNumber = '110105201908220243';

afterEach(removeTempDirs);

/** Either tool's main(); only the roster import reads the clock. */
type Tool = (
  argv: readonly string[],
  environment: { output: CliOutput; now: () => Date },
) => Promise<number>;

async function run(tool: Tool, argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await tool(argv, {
    now,
    output: { out: (line) => out.push(line), error: (line) => error.push(line) },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

/** A data folder with a roster imported by the tool and one entry for S1 in the log. */
async function dataDirWithEntry(): Promise<string> {
  const dataDir = makeTempDir();
  const file = join(makeTempDir(), 'roster.csv');
  writeFileSync(file, `卡号,姓名,类别,班级,身份证号\nS1,王小明,学生,一年级1班,${rosterNumber}\n`);
  expect((await run(importRoster, ['--data-dir', dataDir, file])).code).toBe(0);
  const db = openDatabase(databaseFile(dataDir));
  try {
    insertPolicyRow(db, 1);
    createEntryLog(db, openFieldCipherForCli(db, dataDir)).append(sampleEntry(2));
  } finally {
    db.close();
  }
  return dataDir;
}

function exportArguments(dataDir: string, out: string, ...extra: string[]): string[] {
  return ['--data-dir', dataDir, '--date', '2026-11-23', '--out', out, ...extra];
}

describe('the tools on sealed ID numbers', () => {
  it('import sealed with the folder’s key, and export masked unless asked', async () => {
    const dataDir = await dataDirWithEntry();
    expect(readFileSync(defaultDataKeyFile(dataDir)).length).toBeGreaterThan(0);
    const db = openDatabase(databaseFile(dataDir), { mustExist: true });
    try {
      const stored = db.prepare('SELECT id_number FROM people').pluck().all() as string[];
      expect(stored).toEqual([expect.stringMatching(/^enc1:/)]);
      expect(openFieldCipherForCli(db, dataDir).open('id-number', stored[0] ?? '')).toBe(
        rosterNumber,
      );
    } finally {
      db.close();
    }

    const out = join(makeTempDir(), 'day.csv');
    expect((await run(exportDay, exportArguments(dataDir, out))).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(masked);
    expect(readFileSync(out, 'utf8')).not.toContain(idNumber);
    const full = await run(exportDay, exportArguments(dataDir, out, '--full-id-numbers'));
    expect(full.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(idNumber);
  });

  it('preview a changed number masked, through the same key', async () => {
    const dataDir = await dataDirWithEntry();
    const file = join(makeTempDir(), 'roster.csv');
    writeFileSync(
      file,
      '卡号,姓名,类别,班级,身份证号\nS1,王小明,学生,一年级1班,110108201805060469\n',
    );
    const result = await run(importRoster, ['--data-dir', dataDir, '--preview', file]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toContain('110***********0243 → 110***********0469');
    expect(result.out).not.toContain(rosterNumber);
  });

  it('refuse in words when the key file is missing', async () => {
    const dataDir = await dataDirWithEntry();
    rmSync(defaultDataKeyFile(dataDir));
    const file = join(makeTempDir(), 'roster.csv');
    writeFileSync(file, `卡号,姓名,类别\nS2,李思雨,学生\n`);
    for (const argv of [
      ['--data-dir', dataDir, file],
      ['--data-dir', dataDir, '--preview', file],
    ]) {
      const result = await run(importRoster, argv);
      expect(result.code).toBe(1);
      expect(result.error).toMatch(/data key .* is missing/);
    }
    const out = join(makeTempDir(), 'day.csv');
    const exported = await run(exportDay, exportArguments(dataDir, out));
    expect(exported).toMatchObject({ code: 1, out: '' });
    expect(exported.error).toMatch(/data key .* is missing/);
  });

  it('refuse in words a folder whose key the operating system keeps for the app', async () => {
    const dataDir = await dataDirWithEntry();
    renameSync(defaultDataKeyFile(dataDir), defaultDataKeyFile(dataDir, true));
    const out = join(makeTempDir(), 'day.csv');
    const exported = await run(exportDay, exportArguments(dataDir, out));
    expect(exported.code).toBe(1);
    expect(exported.error).toContain('kept by the operating system');
    const file = join(makeTempDir(), 'roster.csv');
    writeFileSync(file, `卡号,姓名,类别\nS2,李思雨,学生\n`);
    const imported = await run(importRoster, ['--data-dir', dataDir, file]);
    expect(imported.code).toBe(1);
    expect(imported.error).toContain('kept by the operating system');
  });

  it('use a key kept outside the data folder when given --data-key', async () => {
    const dataDir = await dataDirWithEntry();
    const keyFile = join(makeTempDir(), 'campus-gate.key');
    renameSync(defaultDataKeyFile(dataDir), keyFile);
    const out = join(makeTempDir(), 'day.csv');
    expect((await run(exportDay, exportArguments(dataDir, out))).error).toMatch(/is missing/);
    const exported = await run(exportDay, exportArguments(dataDir, out, '--data-key', keyFile));
    expect(exported).toMatchObject({ code: 0, error: '' });
    expect(readFileSync(out, 'utf8')).toContain(masked);
    const file = join(makeTempDir(), 'roster.csv');
    writeFileSync(
      file,
      `卡号,姓名,类别,班级,身份证号\nS2,李思雨,学生,一年级1班,110108201805060469\n`,
    );
    const imported = await run(importRoster, ['--data-dir', dataDir, '--data-key', keyFile, file]);
    expect(imported).toMatchObject({ code: 0, error: '' });
    expect(() => readFileSync(defaultDataKeyFile(dataDir))).toThrow(/ENOENT/);
  });
});
