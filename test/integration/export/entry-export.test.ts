import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entriesOfDaySql, exportEntriesCsv } from '../../../backend/export/entry-export';
import { entryColumns } from '../../../backend/export/export-labels';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { insertAppointment } from '../../fixtures/visit-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';
import { insertEntriesAroundMidnight, student } from './entries-around-midnight';

let db: Database;

/** The export as rows of cells, header first. */
function rowsOf(text: string): Record<string, string>[] {
  return parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
}

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertEntriesAroundMidnight(db, { temperatureCelsius: 37.5 });
  insertEntryRow(db, { at: '2026-11-23T16:00:00.000Z', ...student });
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('exportEntriesCsv', () => {
  it('is UTF-8 with BOM and CRLF line ends, with bilingual headers', () => {
    const text = exportEntriesCsv(db, testCipher, { date: '2026-11-23' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(Object.keys(rowsOf(text)[0] ?? {})).toEqual(entryColumns.map((column) => column.header));
  });

  it('holds exactly the Shanghai day, in time order', () => {
    const rows = rowsOf(exportEntriesCsv(db, testCipher, { date: '2026-11-23' }));
    expect(rows.map((row) => row['时间 Time'])).toEqual([
      '2026-11-23 00:00:00',
      '2026-11-23 08:05:01',
      '2026-11-23 09:00:00',
    ]);
    const dayBefore = rowsOf(exportEntriesCsv(db, testCipher, { date: '2026-11-22' }));
    expect(dayBefore.map((row) => row['时间 Time'])).toEqual(['2026-11-22 23:59:59']);
  });

  it('writes Chinese words, one-decimal temperatures and masked ID numbers', () => {
    const [retest, denied, referred] = rowsOf(
      exportEntriesCsv(db, testCipher, { date: '2026-11-23' }),
    );
    expect(retest).toMatchObject({
      '姓名 Name': '王小明',
      '类别 Kind': '学生',
      '班级 Class': '三年级2班',
      '证件号码 ID number': '110***********002X',
      '体温(°C) Temperature': '37.5',
      '结果 Decision': '复测',
      '原因 Reasons': '体温偏高',
      '进出 Direction': '进校',
    });
    expect(denied).toMatchObject({ '结果 Decision': '拒绝', '原因 Reasons': '未登记的卡' });
    expect(denied?.['体温(°C) Temperature']).toBe('');
    expect(retest?.['测温方式 Measured by']).toBe('设备 模拟测温（演示）');
    expect(denied?.['测温方式 Measured by']).toBe('');
    expect(referred).toMatchObject({
      '体温(°C) Temperature': '38.0',
      '测温方式 Measured by': '手动 王师傅（体温计）',
      '结果 Decision': '转观察点',
      '更正记录号 Corrects entry no.': '2',
    });
    const text = exportEntriesCsv(db, testCipher, { date: '2026-11-22' });
    expect(text).not.toContain('11010519491231002X');
    expect(rowsOf(text)[0]?.['体温(°C) Temperature']).toBe('36.4');
  });

  it('says how each retest ended, and marks one nothing followed as unresolved', () => {
    const retest = (at: string, name: string) =>
      insertEntryRow(db, {
        at,
        ...student,
        name,
        decision: 'retest',
        reasons: ['temperature-high'],
        temperatureCelsius: 37.6,
      });
    const passed = retest('2026-11-23T02:00:00.000Z', '甲');
    insertEntryRow(db, {
      at: '2026-11-23T02:01:00.000Z',
      ...student,
      reasons: ['temperature-normal-on-retest'],
      followsEntryId: passed,
    });
    // Ended by a guard without a second reading, at the other gate, the next day.
    const wentHome = retest('2026-11-23T03:00:00.000Z', '乙');
    insertEntryRow(db, {
      at: '2026-11-23T16:10:00.000Z',
      gateId: 'gate-2',
      decision: 'deny',
      reasons: ['retest-went-home'],
      followsEntryId: wentHome,
      guardName: '王保安',
    });
    retest('2026-11-23T04:00:00.000Z', '丙');
    const outcomes = (gateId?: string) =>
      rowsOf(exportEntriesCsv(db, testCipher, { date: '2026-11-23', gateId }))
        .filter((row) => row['复测结果 Retest outcome'] !== '')
        .map((row) => [row['姓名 Name'], row['复测结果 Retest outcome']]);
    const expected = [
      ['王小明', '已转观察点'],
      ['甲', '已复测通过'],
      ['乙', '保安处理：未复测，由家长接回（王保安）'],
      ['丙', '未处理'],
    ];
    expect(outcomes()).toEqual(expected);
    expect(outcomes('gate-1')).toEqual(expected);
    // Only retest rows have an outcome: the entries that ended them do not.
    const rows = rowsOf(exportEntriesCsv(db, testCipher, { date: '2026-11-23' }));
    expect(rows.filter((row) => row['结果 Decision'] !== '复测')).not.toContainEqual(
      expect.objectContaining({ '复测结果 Retest outcome': expect.stringMatching(/./) }),
    );
  });

  it('neutralises a card written like a formula', () => {
    const text = exportEntriesCsv(db, testCipher, { date: '2026-11-23' });
    const denied = rowsOf(text)[1];
    expect(denied?.['卡号 Card']).toBe("'=cmd|' /C calc'!A0");
    expect(text).not.toMatch(/(^|,)"?=cmd/m);
  });

  it('can keep to one gate', () => {
    const rows = rowsOf(exportEntriesCsv(db, testCipher, { date: '2026-11-23', gateId: 'gate-2' }));
    expect(rows.map((row) => row['闸机 Gate'])).toEqual(['gate-2']);
  });

  it('writes just the header for a quiet day', () => {
    const text = exportEntriesCsv(db, testCipher, { date: '2026-11-25' });
    expect(text.split('\r\n')).toHaveLength(2);
  });

  it('refuses a date that is not a day', () => {
    expect(() => exportEntriesCsv(db, testCipher, { date: '2026-11-31' })).toThrow(RangeError);
  });

  it.each([null, 'gate-1'])('finds the day through the entries_at index (gate %s)', (gate) => {
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${entriesOfDaySql}`)
      .all('2026-11-22T16:00:00.000Z', '2026-11-23T16:00:00.000Z', gate, gate)
      .map((row) => row.detail);
    // The visitor's appointment is one primary-key look-up per row, never a scan.
    expect(plan).toEqual([
      'SEARCH e USING INDEX entries_at (at>? AND at<?)',
      'SEARCH ap USING INDEX sqlite_autoindex_appointments_1 (id=?) LEFT-JOIN',
    ]);
  });
});

describe('visitor rows and words', () => {
  it('puts the visitor in their own columns and names gates, thermometers and questions', () => {
    insertAppointment(db, 'A1', '2026-11-23T00:00:00.000Z', '2026-11-23T10:00:00.000Z');
    db.prepare("UPDATE appointments SET document_number = ? WHERE id = 'A1'").run(
      testCipher.seal('document-number', '110105198001010038'),
    );
    db.prepare(
      `INSERT INTO policies (version, effective_from, body, created_at)
       VALUES (2, '2026-01-01T00:00:00.000Z', ?, '2026-01-01T00:00:00.000Z')`,
    ).run(JSON.stringify({ questions: [{ id: 'symptoms', 'zh-CN': '是否发热？', en: 'Fever?' }] }));
    insertEntryRow(db, {
      at: '2026-11-23T03:00:00.000Z',
      name: '访客A1',
      kind: 'visitor',
      className: '教学楼A座',
      cardText: 'GP1.a-long-signed-pass',
      appointmentId: 'A1',
      temperatureCelsius: 36.6,
      policyVersion: 2,
      answers: '{"symptoms":"no","travel":"no"}',
    });
    const rows = rowsOf(
      exportEntriesCsv(db, testCipher, { date: '2026-11-23', gateNames: { 'gate-1': '南门' } }),
    );
    const visitor = rows.find((row) => row['姓名 Name'] === '访客A1');
    expect(visitor).toMatchObject({
      '闸机 Gate': '南门',
      '类别 Kind': '访客',
      '班级 Class': '',
      '被访人 Host': '王老师',
      '访问区域 Area': '教学楼A座',
      '卡号 Card': '访客码',
      '证件号码 ID number': '110***********0038',
      '测温方式 Measured by': '设备 模拟测温（演示）',
      '问询 Answers': '是否发热？否；travel 否',
    });
    // Another kiosk's gate, not named in this config, keeps its id.
    expect(rows.find((row) => row['闸机 Gate'] === 'gate-2')).toBeDefined();
  });
});
