// The roster operations of the admin console through dispatch(), on a kiosk with its demo roster
// (12 people): the preview says what an import would add, change and leave out and writes
// nothing; a refused row or a broken file imports nothing; marking people as left; a status with
// who and why; the template; and a guard may call none of it.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rosterTemplateHeaders } from '../../../backend/roster/roster-template';
import { base64, startConsoleKiosk, type ConsoleKiosk } from './console-kiosk';
import { workbookBytes } from './roster-workbook';

let kiosk: ConsoleKiosk;
const clock = new Date('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  kiosk = await startConsoleKiosk(() => clock);
});

afterEach(async () => {
  await kiosk.close();
});

const header = [...rosterTemplateHeaders];
/** S2026001 moves to another class, S9001 is new, S2026002 is as on the roster. */
const nextYear = [
  header,
  ['S2026001', '王小明', '学生', '二年级1班', '11010520190314013X'],
  ['S2026002', '李思雨', '学生', '一年级1班', '110105201908220243'],
  ['S9001', '新同学', '学生', '一年级2班', '11010519491231002X'],
];

function csvFile(rows: readonly (readonly string[])[]) {
  return {
    fileName: 'roster.csv',
    fileBase64: base64(rows.map((row) => row.join(',')).join('\r\n')),
  };
}

async function xlsxFile(rows: readonly (readonly string[])[]) {
  return { fileName: '名单.xlsx', fileBase64: base64(await workbookBytes(rows)) };
}

const peopleCount = () => kiosk.rows('SELECT count(*) AS n FROM people')[0]?.n;

describe('previewRoster', () => {
  it('shows who is added, what changes and who is not in the file, and writes nothing', async () => {
    const preview = await kiosk.value('previewRoster', await xlsxFile(nextYear));
    expect(preview).toMatchObject({
      ok: true,
      addedCount: 1,
      added: [{ card: 'S9001', name: '新同学', idNumber: '110***********002X' }],
      changedCount: 1,
      changed: [
        {
          card: 'S2026001',
          rejoins: false,
          fields: [{ field: 'className', before: '一年级1班', after: '二年级1班' }],
        },
      ],
      unchanged: 1,
      missingCount: 10,
    });
    expect(JSON.stringify(preview)).not.toContain('11010519491231002X');
    expect(peopleCount()).toBe(12);
    expect(kiosk.rows("SELECT class_name FROM people WHERE card = 'S2026001'")).toEqual([
      { class_name: '一年级1班' },
    ]);
  });

  it('lists every refused row with its number and reason, and the import then writes nothing', async () => {
    const withBadRows = [
      ...nextYear,
      ['S9002', '错号码', '学生', '一年级2班', '110105194912310021'],
      ['S9003', '无类别', '', '一年级2班', ''],
    ];
    const file = await xlsxFile(withBadRows);
    expect(await kiosk.value('previewRoster', file)).toEqual({
      ok: false,
      place: 'row',
      problems: [
        {
          line: 5,
          code: 'bad-id-number',
          params: { problem: 'wrong-check-character', value: '110***********0021' },
        },
        { line: 6, code: 'missing-kind', params: {} },
      ],
    });
    const imported = await kiosk.value('importRoster', { ...file, markMissingAsLeft: true });
    expect(imported).toMatchObject({ ok: false, problems: [{ line: 5 }, { line: 6 }] });
    expect(peopleCount()).toBe(12);
    expect(kiosk.rows("SELECT count(*) AS n FROM people WHERE status = 'left'")).toEqual([
      { n: 0 },
    ]);
  });

  it('refuses a broken file with a clear problem: not a workbook, cut short, wrong columns', async () => {
    const good = await workbookBytes(nextYear);
    const files = [
      { fileName: 'a.xlsx', fileBase64: base64('卡号,姓名\nnot a workbook') },
      { fileName: 'b.xlsx', fileBase64: base64(good.slice(0, Math.floor(good.length / 2))) },
      csvFile([
        ['number', 'who'],
        ['1', '王'],
      ]),
    ];
    const codes = [];
    for (const file of files) {
      const preview = await kiosk.value<{ ok: boolean; problems: { code: string }[] }>(
        'previewRoster',
        file,
      );
      expect(preview.ok).toBe(false);
      codes.push(preview.problems.map((problem) => problem.code));
      expect(await kiosk.value('importRoster', { ...file, markMissingAsLeft: true })).toMatchObject(
        { ok: false },
      );
    }
    expect(codes).toEqual([
      ['not-a-workbook'],
      ['not-a-workbook'],
      ['missing-column', 'missing-column', 'missing-column'],
    ]);
    expect(peopleCount()).toBe(12);
    const notBase64 = await kiosk.call(
      'previewRoster',
      { fileName: 'c.csv', fileBase64: '%%%' },
      kiosk.admin,
    );
    expect(notBase64).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('importRoster', () => {
  it('imports the whole file and keeps people not in it unless asked to mark them as left', async () => {
    const file = await xlsxFile(nextYear);
    expect(await kiosk.value('importRoster', { ...file, markMissingAsLeft: false })).toEqual({
      ok: true,
      added: 1,
      updated: 1,
      unchanged: 1,
      left: 0,
    });
    expect(peopleCount()).toBe(13);
    expect(kiosk.rows("SELECT count(*) AS n FROM people WHERE status = 'left'")).toEqual([
      { n: 0 },
    ]);

    expect(await kiosk.value('importRoster', { ...file, markMissingAsLeft: true })).toMatchObject({
      ok: true,
      left: 10,
    });
    expect(
      kiosk.rows("SELECT status, status_set_by AS setBy FROM people WHERE card = 'T0001'"),
    ).toEqual([{ status: 'left', setBy: '李老师 (li)' }]);
    // Already left: not listed again as missing from the next file.
    const again = await kiosk.value('previewRoster', file);
    expect(again).toMatchObject({ ok: true, missingCount: 0, unchanged: 3 });
  });

  it('puts someone marked as left back on the roster when a file has them again', async () => {
    await kiosk.value('importRoster', { ...(await xlsxFile(nextYear)), markMissingAsLeft: true });
    const back = csvFile([
      header,
      ['T0001', '孙丽华', '教职工', '三年级2班', '110105198506120421'],
    ]);
    const preview = await kiosk.value('previewRoster', back);
    expect(preview).toMatchObject({ changed: [{ card: 'T0001', rejoins: true, fields: [] }] });
    await kiosk.value('importRoster', { ...back, markMissingAsLeft: false });
    expect(kiosk.rows("SELECT status FROM people WHERE card = 'T0001'")).toEqual([
      { status: 'active' },
    ]);
  });
});

describe('people and their statuses', () => {
  it('finds people by name, card or class, with ID numbers masked', async () => {
    const byClass = await kiosk.value<{
      total: number;
      people: { card: string; idNumber: string }[];
    }>('listPeople', { query: '三年级2班', limit: 2, offset: 0 });
    expect(byClass.total).toBe(4);
    expect(byClass.people).toHaveLength(2);
    const byCard = await kiosk.value('listPeople', { query: 'T0002', limit: 50, offset: 0 });
    expect(byCard).toEqual({
      total: 1,
      people: [expect.objectContaining({ name: '吴建国', idNumber: '110***********0310' })],
    });
    const wildcard = await kiosk.value('listPeople', { query: '%', limit: 50, offset: 0 });
    expect(wildcard).toMatchObject({ total: 0 });
  });

  it('lists classes in the order a school reads them: 一年级, 二年级, 三年级 …', async () => {
    const all = await kiosk.value<{ people: { className: string }[] }>('listPeople', {
      query: '',
      limit: 200,
      offset: 0,
    });
    const grades = [...new Set(all.people.map((person) => person.className.slice(0, 3)))];
    const students = grades.filter((grade) => grade.endsWith('年级'));
    const numerals = '一二三四五六';
    expect(students.length).toBeGreaterThanOrEqual(4);
    expect(students).toEqual(
      [...students].sort((a, b) => numerals.indexOf(a[0] ?? '') - numerals.indexOf(b[0] ?? '')),
    );
  });

  it('sets a status with a required reason and records who and when', async () => {
    const [person] = (
      await kiosk.value<{ people: { id: number }[] }>('listPeople', {
        query: '王小明',
        limit: 1,
        offset: 0,
      })
    ).people;
    const noReason = await kiosk.call(
      'setPersonStatus',
      { personId: person?.id, status: 'isolating', reason: '  ' },
      kiosk.admin,
    );
    expect(noReason).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const set = await kiosk.value('setPersonStatus', {
      personId: person?.id,
      status: 'isolating',
      reason: '密接，居家隔离至12月1日',
    });
    expect(set).toMatchObject({
      status: 'isolating',
      statusReason: '密接，居家隔离至12月1日',
      statusSetBy: '李老师 (li)',
      statusSetAt: clock.toISOString(),
    });
    const audit = await kiosk.value<{ action: string; actor: string }[]>('auditLog', { limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'setPersonStatus', actor: '李老师 (li)' });
    const unknown = await kiosk.call(
      'setPersonStatus',
      { personId: 99999, status: 'active', reason: 'x' },
      kiosk.admin,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('the template and who may call', () => {
  it('hands out the Chinese template, which the import reads back', async () => {
    const template = await kiosk.value<{ fileName: string; base64: string }>('rosterTemplate', {});
    expect(template.fileName).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(template.base64, 'base64')).buffer);
    expect(workbook.worksheets[0]?.getRow(1).values).toEqual([undefined, ...header]);
    const preview = await kiosk.value('previewRoster', {
      fileName: template.fileName,
      fileBase64: template.base64,
    });
    expect(preview).toMatchObject({ ok: true, addedCount: 1 });
  });

  it('refuses every roster operation to a guard', async () => {
    const file = csvFile(nextYear);
    const calls: [string, unknown][] = [
      ['rosterTemplate', {}],
      ['previewRoster', file],
      ['importRoster', { ...file, markMissingAsLeft: true }],
      ['listPeople', { query: '', limit: 10, offset: 0 }],
      ['setPersonStatus', { personId: 1, status: 'isolating', reason: 'x' }],
    ];
    for (const [name, input] of calls) {
      expect(await kiosk.call(name, input, kiosk.guard), name).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(peopleCount()).toBe(12);
  });

  it('keeps the file itself out of the audit log: it is full of ID numbers', async () => {
    const file = csvFile(nextYear);
    await kiosk.value('previewRoster', file);
    const [entry] = await kiosk.value<{ action: string; detail: string }[]>('auditLog', {
      limit: 1,
    });
    expect(entry?.action).toBe('previewRoster');
    expect(entry?.detail).toContain('roster.csv');
    expect(entry?.detail).not.toContain(file.fileBase64.slice(0, 40));
  });
});
