// Roster files tried systematically (issue 7, item 6): random bytes, CSV of hostile cells and
// wrong columns, workbooks with formulas, dates, errors and huge cells, and truncated or
// damaged zips. Each ends in people that obey every rule, or in numbered problems in words —
// never a throw, a hang or a full ID number in a message.
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it, vi } from 'vitest';
import { validateIdNumber } from '../../../contract/id-number';
import { parseRosterFile } from '../../../backend/roster/roster-file';
import type { RosterParseResult } from '../../../backend/roster/roster-rows';
import { fuzzParameters, fuzzTimeout, hostileText, withinMs } from './fuzz-settings';
import { validIdNumber } from './documents-arbitraries';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

const today = new Date('2026-11-23T00:00:00.000Z');
const headers = ['卡号', '姓名', '类别', '班级', '身份证号', 'card', 'name', 'kind', 'class'];
const kinds = ['学生', '教职工', 'student', 'Staff', 'teacher', ''];

/** Parses with a time limit: a file that makes the reader spin is a failure. */
async function parse(fileName: string, bytes: Uint8Array): Promise<RosterParseResult> {
  return withinMs(parseRosterFile(fileName, bytes, { today }), 5000, `parsing ${fileName}`);
}

/** What every result must be: people that obey the rules, or problems in words. */
function expectWellFormed(result: RosterParseResult, secrets: readonly string[] = []): void {
  if (result.ok) {
    const cards = new Set<string>();
    for (const person of result.people) {
      expect(person.card.length).toBeGreaterThan(0);
      expect(Array.from(person.card).length).toBeLessThanOrEqual(64);
      expect(person.name.length).toBeGreaterThan(0);
      expect(Array.from(person.name).length).toBeLessThanOrEqual(64);
      expect(['student', 'staff']).toContain(person.kind);
      if (person.idNumber !== null) {
        expect(validateIdNumber(person.idNumber, { today })).toMatchObject({ ok: true });
      }
      expect(cards.has(person.card)).toBe(false);
      cards.add(person.card);
    }
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
    expect(error.code).toMatch(/^[a-z-]+$/);
    expect(error.message.length).toBeGreaterThan(0);
    // An ID number from the file is masked wherever a problem quotes it (PIPL).
    const shown = `${error.message} ${JSON.stringify(error.params)}`;
    for (const secret of secrets) expect(shown).not.toContain(secret);
  }
}

const cellText = fc.oneof(
  { weight: 3, arbitrary: hostileText(80) },
  fc.constantFrom(...kinds, ...headers),
  validIdNumber,
  fc.string({ minLength: 60, maxLength: 70 }),
  fc.constant('=HYPERLINK("http://x","y")'),
  fc.constant('x'.repeat(3000)),
);

describe('roster files: any bytes', () => {
  it('reads random bytes as CSV or workbook without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('roster.csv', 'roster.xlsx', 'roster.xls', 'roster', '名单.XLSM'),
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          // Starts like a zip, then anything.
          fc
            .uint8Array({ maxLength: 2000 })
            .map((bytes) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...bytes])),
        ),
        async (name, bytes) => expectWellFormed(await parse(name, bytes)),
      ),
      fuzzParameters(300),
    );
  });
});

describe('roster files: CSV', () => {
  const row = (width: number) => fc.array(cellText, { minLength: 0, maxLength: width });

  it('gives rule-abiding people or numbered problems, never a full ID number', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(headers, { minLength: 0, maxLength: 6 }),
        fc.array(row(7), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (header, rows, newline, bom) => {
          const text = stringify([header, ...rows], { record_delimiter: newline });
          const bytes = new TextEncoder().encode((bom ? '\ufeff' : '') + text);
          const secrets = rows.flat().filter((cell) => validateIdNumber(cell, { today }).ok);
          expectWellFormed(await parse('roster.csv', bytes), secrets);
        },
      ),
      fuzzParameters(200),
    );
  });

  it('masks an ID number quoted from the wrong column (found by this fuzz)', async () => {
    const text = '卡号,姓名,类别\nS1,王小明,110000197001010006\n11010519491231002X,李雷,学生\n';
    const twice = `${text}11010519491231002X,韩梅梅,学生\n`;
    const result = await parse('roster.csv', new TextEncoder().encode(twice));
    expectWellFormed(result, ['110000197001010006', '11010519491231002X']);
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual([
      'too-long',
      'unknown-kind',
      'duplicate-card',
    ]);
  });

  it('reads back exactly the people a well-formed file lists', async () => {
    const person = fc.record({
      card: fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
      name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((name) => name.trim()),
      kind: fc.constantFrom('student', 'staff'),
      className: fc.string({ maxLength: 20 }).map((name) => name.trim()),
      idNumber: fc.option(validIdNumber, { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(person, { minLength: 1, maxLength: 20, selector: (entry) => entry.card }),
        async (people) => {
          fc.pre(people.every((entry) => entry.name !== ''));
          const rows = people.map((entry) => [
            entry.card,
            entry.name,
            entry.kind,
            entry.className,
            entry.idNumber ?? '',
          ]);
          const text = stringify([['card', 'name', 'kind', 'class', 'idNumber'], ...rows]);
          const result = await parse('roster.csv', new TextEncoder().encode(text));
          expect(result).toEqual({ ok: true, people });
        },
      ),
      fuzzParameters(200),
    );
  });
});

/** A cell as Excel may store it: text, numbers, dates, errors, formulas, rich text, links. */
const workbookCell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: cellText },
  fc.double(),
  fc.constantFrom(110105194912310020, 2026001, 0.1, -1, 1e21),
  fc.date({ noInvalidDate: true }),
  fc.constantFrom('#N/A', '#REF!', '#DIV/0!', '#VALUE!').map((error) => ({ error }) as CellValue),
  fc
    .tuple(fc.constantFrom('A1&B1', 'SUM(1,2)', 'NOW()', 'HYPERLINK("x")'), fc.option(cellText))
    .map(([formula, result]) => ({ formula, result: result ?? undefined }) as CellValue),
  cellText.map((text) => ({ richText: [{ text }, { text: ' ' }] })),
  cellText.map((text) => ({ text, hyperlink: 'https://example.com/' })),
  fc.constant(null),
);

async function workbook(rows: CellValue[][], sheetName: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  rows.forEach((cells, rowIndex) => {
    cells.forEach((value, columnIndex) => {
      sheet.getCell(rowIndex + 1, columnIndex + 1).value = value;
    });
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('roster files: workbooks', () => {
  const runs = 25;
  it(
    'reads any cells as people that obey the rules, or problems in words',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(headers, { maxLength: 6 }),
          fc.array(fc.array(workbookCell, { maxLength: 7 }), { maxLength: 8 }),
          fc.constantFrom('名单', 'Sheet1', "it's"),
          async (header, rows, sheetName) => {
            const bytes = await workbook([header, ...rows], sheetName);
            const secrets = rows
              .flat()
              .filter(
                (cell): cell is string =>
                  typeof cell === 'string' && validateIdNumber(cell, { today }).ok,
              );
            expectWellFormed(await parse('roster.xlsx', bytes), secrets);
          },
        ),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );

  it(
    'refuses a truncated or damaged workbook in words',
    async () => {
      const good = await workbook(
        [
          ['卡号', '姓名', '类别', '班级', '身份证号'],
          ['S1', '王小明', '学生', '三年级2班', ''],
        ],
        '名单',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: good.length }),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }),
          async (length, flips) => {
            const bytes = Uint8Array.from(good.subarray(0, length));
            for (const [at, mask] of flips) {
              const index = at % Math.max(1, bytes.length);
              if (index < bytes.length) bytes[index] = (bytes[index] ?? 0) ^ mask;
            }
            expectWellFormed(await parse('roster.xlsx', bytes));
          },
        ),
        fuzzParameters(runs * 2),
      );
    },
    fuzzTimeout(runs, 20_000),
  );
});
