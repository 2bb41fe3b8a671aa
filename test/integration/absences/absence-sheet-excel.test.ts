// An absence sheet as Excel itself writes one, not as exceljs does: the package's XML parts by
// hand (shared strings, a date kept as Excel's day number with the built-in date format 14, a
// card kept as a number, no element for an empty row), zipped here. The known answer comes from
// outside our code: Excel counts days from 1899-12-30, so its 46349 is 2026-11-23.
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ActorView } from '../../../contract/api';
import { absenceImportHandlers } from '../../../backend/absences/absence-import';
import type { SheetAbsence } from '../../../backend/absences/absence-sheet';
import { findPersonByCard, importRoster } from '../../../backend/roster/roster-store';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

const teacher: ActorView = { id: 7, username: 'wang', displayName: '王老师', role: 'health' };
let db: Database;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  importRoster(
    db,
    testCipher,
    [
      { card: 'S001', name: '王小明', kind: 'student', className: '三年级2班', idNumber: null },
      { card: '20260002', name: '李思雨', kind: 'student', className: '三年级2班', idNumber: null },
    ],
    new Date('2026-11-23T00:00:00.000Z'),
  );
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

const shared = [
  '卡号',
  '姓名',
  '班级',
  '原因',
  '症状',
  '日期',
  'S001',
  '王小明',
  '三年级2班',
  '病假',
];
shared.push('发热', '事假', '旷课');
type Cell = string | { number: number; date?: true } | null;

/** A row as Excel writes it: each cell named by its reference, no element for an empty one. */
function row(line: number, cells: readonly Cell[]): string {
  const xml = cells.map((cell, index) => {
    const at = `${String.fromCharCode(65 + index)}${line}`;
    if (cell === null) return '';
    if (typeof cell === 'string') return `<c r="${at}" t="s"><v>${shared.indexOf(cell)}</v></c>`;
    return `<c r="${at}"${cell.date ? ' s="1"' : ''}><v>${cell.number}</v></c>`;
  });
  return `<row r="${line}">${xml.join('')}</row>`;
}

/** Rows 1, 2, 4 and 5 (none when `lastCause` is null); Excel writes no element for the empty row 3. */
const sheetXml = (lastCause: string | null) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
${row(1, ['卡号', '姓名', '班级', '原因', '症状', '日期'])}
${row(2, ['S001', '王小明', '三年级2班', '病假', '发热', { number: 46349, date: true }])}
${row(4, [{ number: 20260002 }, null, null, '事假', null, { number: 46347, date: true }])}
${lastCause === null ? '' : row(5, [{ number: 20260002 }, null, null, lastCause])}
</sheetData></worksheet>`;

function workbookParts(lastCause: string | null): Record<string, string> {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="缺勤" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${pkg}">
<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${main}" count="${shared.length}" uniqueCount="${shared.length}">${shared
      .map((text) => `<si><t>${text}</t></si>`)
      .join('')}</sst>`,
    // Style 1 is the built-in number format 14, Excel's short date (2026/11/23 on a Chinese Windows).
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${main}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    'xl/worksheets/sheet1.xml': sheetXml(lastCause),
  };
}

/** A zip archive of these files, stored without compression (as valid as deflated). */
function zip(files: Record<string, string>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x21, 12); // 1980-01-01
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    header.copy(entry, 10, 8, 28); // method, time, date, crc, sizes, name length
    entry.writeUInt32LE(offset, 42);
    local.push(header, nameBytes, data);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

async function importWorkbook(lastCause: string | null) {
  const calls: SheetAbsence[][] = [];
  const register = {
    openMany: (rows: SheetAbsence[]) => (calls.push(rows), { opened: rows.length, alreadyOpen: 0 }),
  };
  const result = await absenceImportHandlers(db, register).importAbsences(
    {
      fileName: '三年级2班缺勤.xlsx',
      fileBase64: Buffer.from(zip(workbookParts(lastCause))).toString('base64'),
      date: '2026-11-24',
    },
    { actor: teacher, session: null, origin: 'test' },
  );
  return { result, calls };
}

it('reads a workbook as Excel writes it: shared strings, date numbers, the rows it numbers', async () => {
  const id = (card: string) => findPersonByCard(db, testCipher, card)?.id;
  // The same person on rows 4 and 5: refused on row 5, as Excel numbers it (row 3 is empty).
  const duplicate = await importWorkbook('事假');
  expect(duplicate.result).toEqual({
    ok: false,
    file: null,
    problems: [{ line: 5, column: '卡号', problem: 'duplicate', value: '20260002' }],
  });
  const bad = await importWorkbook('旷课');
  expect(bad.result).toMatchObject({
    ok: false,
    problems: [
      { line: 5, column: '原因', problem: 'cause-unknown', value: '旷课' },
      { line: 5, column: '卡号', problem: 'duplicate' },
    ],
  });
  expect([...duplicate.calls, ...bad.calls]).toEqual([]);

  // Without row 5: both open, since the days Excel's numbers 46349 and 46347 are.
  const { result, calls } = await importWorkbook(null);
  expect(result).toEqual({ ok: true, opened: 2, alreadyOpen: 0 });
  expect(calls).toEqual([
    [
      {
        personId: id('S001'),
        cause: 'illness',
        symptoms: '发热',
        since: '2026-11-23',
        expectedReturn: null,
      },
      {
        personId: id('20260002'),
        cause: 'other',
        symptoms: null,
        since: '2026-11-21',
        expectedReturn: null,
      },
    ],
  ]);
});
