// The day's register on paper (R13), read back with poppler's pdftotext as an inspector's eyes:
// the school's and gate's names, the date, masked ID numbers (never the full one), the visitor
// with host and area, the counts, the signature line and "第 n 页 / 共 m 页" on every page.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/export';
import { exportHandlers } from '../../../backend/export/export-handlers';
import { countEntries, renderEntriesPdf } from '../../../backend/export/entry-pdf';
import { readEntriesOfDay } from '../../../backend/export/entry-export';
import { findPaperFont, PaperFontError } from '../../../backend/export/paper-font';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { insertAppointment } from '../../fixtures/visit-rows';
import type { FieldCipher } from '../../../backend/privacy/field-cipher';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';

const fullId = '11010519491231002X';
const maskedId = '110***********002X';
const names = { schoolName: '北京市第一实验小学', gateNames: { 'gate-1': '南门' } };
const busyRows = 70;
const visitorDocument = '110105198001010038';

let dataDir: string;
let db: Database;
/** The data folder's own key, so the export command opens what the test sealed. */
let cipher: FieldCipher;

/** A day of a student passing many times, a refused card and a visitor. */
function fillDay(target: Database): void {
  for (let index = 0; index < busyRows; index += 1) {
    const minute = String(index % 60).padStart(2, '0');
    insertEntryRow(target, {
      at: `2026-11-23T0${Math.floor(index / 60)}:${minute}:00.000Z`,
      name: '王小明',
      kind: 'student',
      className: '三年级2班',
      idNumber: fullId,
      temperatureCelsius: 36.5,
    });
  }
  insertEntryRow(target, {
    at: '2026-11-23T02:00:00.000Z',
    decision: 'deny',
    reasons: ['card-unknown'],
    cardText: 'X999',
  });
  insertAppointment(target, 'A1', '2026-11-23T00:00:00.000Z', '2026-11-23T10:00:00.000Z');
  // The visitor's document number sealed, as the kiosk keeps it.
  target
    .prepare("UPDATE appointments SET document_number = ? WHERE id = 'A1'")
    .run(cipher.seal('document-number', visitorDocument));
  insertEntryRow(target, {
    at: '2026-11-23T03:00:00.000Z',
    name: '访客A1',
    kind: 'visitor',
    className: '教学楼A座',
    cardText: 'GP1.signed-pass-text',
    appointmentId: 'A1',
    temperatureCelsius: 36.6,
  });
}

/** The text of each page, as pdftotext lays it out. */
function pagesOf(bytes: Uint8Array): string[] {
  const file = join(makeTempDir(), 'register.pdf');
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((page) => page.trim() !== '');
}

beforeEach(() => {
  dataDir = makeTempDir();
  db = openDatabase(databaseFile(dataDir));
  cipher = openFieldCipherForCli(db, dataDir);
  fillDay(db);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('the printed day log', () => {
  it('is A4 with the school, the gate and the date, and numbers every page', async () => {
    const { bytes, rows } = await renderEntriesPdf(db, cipher, {
      date: '2026-11-23',
      ...names,
    });
    expect(rows).toBe(busyRows + 2);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    // Landscape A4: 841.89 × 595.28 points.
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/MediaBox \[0 0 841\.89 595\.28/);
    const pages = pagesOf(bytes);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      // pdftotext drops the thin spaces around the numbers.
      expect(page.replace(/\s/g, '')).toContain(`第${index + 1}页/共${pages.length}页`);
      expect(page).toContain('北京市第一实验小学');
      expect(page).toContain('2026-11-23');
    });
    expect(pages[0]).toContain('南门');
  });

  it('masks ID numbers and never prints the full one', async () => {
    const { bytes } = await renderEntriesPdf(db, cipher, { date: '2026-11-23', ...names });
    const text = pagesOf(bytes).join('\n');
    expect(text).toContain(maskedId);
    expect(text).not.toContain(fullId);
    expect(text).toContain('证件号码已隐去中间位');
  });

  it('lists the visitor with host and area, and a refused card by its number', async () => {
    const { bytes } = await renderEntriesPdf(db, cipher, { date: '2026-11-23', ...names });
    const text = pagesOf(bytes).join('\n');
    expect(text).toMatch(/访客A1\s+访客\s+教学楼A座\s+王老师\s+110\*{11}0038/);
    expect(text).not.toContain(visitorDocument);
    expect(text).not.toContain('GP1.');
    expect(text).toMatch(/X999.*拒绝\s+未登记的卡/);
  });

  it('adds up the day and leaves a line for the duty leader to sign', async () => {
    const entries = readEntriesOfDay(db, cipher, { date: '2026-11-23' });
    expect(countEntries(entries)).toEqual({
      total: busyRows + 2,
      in: busyRows + 2,
      out: 0,
      pass: busyRows + 1,
      deny: 1,
      retest: 0,
      refer: 0,
      visitors: 1,
    });
    const { bytes } = await renderEntriesPdf(db, cipher, { date: '2026-11-23', ...names });
    const last = pagesOf(bytes).at(-1) ?? '';
    expect(last).toContain(
      `合计 ${busyRows + 2} 条：进校 ${busyRows + 2} 人次（通过 ${busyRows + 1}，拒绝 1`,
    );
    expect(last).toContain('其中访客 1 人次');
    expect(last).toContain('值班领导签字：');
  });

  it('says a quiet day had no entries, on one page', async () => {
    const { bytes, rows } = await renderEntriesPdf(db, cipher, { date: '2026-11-25' });
    expect(rows).toBe(0);
    const pages = pagesOf(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('当日无出入记录');
    expect(pages[0]).toContain('（未配置学校名称）');
    expect(pages[0]?.replace(/\s/g, '')).toContain('第1页/共1页');
  });

  it('refuses in words when no Chinese font is installed', () => {
    expect(() => findPaperFont(undefined, [{ file: '/nowhere/font.ttc', face: 'X' }])).toThrow(
      PaperFontError,
    );
    expect(() => findPaperFont(undefined, [{ file: '/nowhere/font.ttc', face: 'X' }])).toThrow(
      /apt-get install fonts-noto-cjk/,
    );
    expect(() => findPaperFont('/nowhere/font.ttf')).toThrow(/KIOSK_CJK_FONT/);
  });
});

describe('the console export as PDF', () => {
  it('hands back the register with its names, as a PDF download', async () => {
    const file = await exportHandlers(db, cipher, names).exportDay(
      { date: '2026-11-23', format: 'pdf', fullIdNumbers: false },
      { actor: null, session: null, origin: null },
    );
    expect(file).toMatchObject({
      fileName: '出入记录-2026-11-23.pdf',
      mimeType: 'application/pdf',
    });
    expect(file.rows).toBe(busyRows + 2);
    const text = pagesOf(Buffer.from(file.base64, 'base64')).join('\n');
    expect(text).toContain('北京市第一实验小学 出入登记表');
    expect(text).not.toContain(fullId);
  });
});

describe('npm run export -- --format pdf', () => {
  it("writes the register with the config's names", async () => {
    db.close();
    const configFile = join(dataDir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ gate: { id: 'gate-1', name: '南门' }, school: { name: '实验小学' } }),
    );
    const out = join(makeTempDir(), 'register.pdf');
    const lines: string[] = [];
    const code = await main(
      ['--data-dir', dataDir, '--date', '2026-11-23', '--format', 'pdf', '--out', out],
      { output: { out: (line) => lines.push(line), error: (line) => lines.push(line) } },
    );
    expect(lines.join('\n')).toContain(String(busyRows + 2));
    expect(code).toBe(0);
    const text = pagesOf(readFileSync(out)).join('\n');
    expect(text).toContain('实验小学 出入登记表');
    expect(text).toContain('南门');
    expect(text).not.toContain(fullId);
    db = openDatabase(databaseFile(dataDir));
  });
});
