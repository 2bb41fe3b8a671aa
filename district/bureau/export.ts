// The Excel exports (exceljs): the day's reports by status, fever and retests, and missing
// records, for the district; a school's records of the day. These are the only place ID
// numbers are written in full, and each export is audited (who, which day, how many rows).
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { rangesCount, rangesText, sheetTime } from './format';
import { dayReports } from './queries/day-reports';
import { missingOfDay } from './queries/missing';
import { schoolRecords, watchOfDay, type RecordRow } from './queries/records';
import { audit } from './queries/settings';
import type { Words } from './words';

type Row = (string | number | null)[];

function addSheet(book: ExcelJS.Workbook, name: string, header: string[], rows: Row[]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(
      ...[header, ...rows].map(
        (row) =>
          String(row[index] ?? '').length * (/[^\x00-\xff]/.test(String(row[index] ?? '')) ? 2 : 1),
      ),
    );
    column.width = Math.min(60, Math.max(8, widest + 2));
  });
}

function reasonsText(w: Words, reasons: string[]): string {
  return reasons.map((code) => w.reasonWords[code] ?? code).join(', ');
}

function recordCells(w: Words, row: RecordRow): Row {
  return [
    sheetTime(row.at),
    row.schoolId,
    row.schoolName,
    row.gateId,
    row.gateName,
    row.direction === 'out' ? w.directionOut : w.directionIn,
    w.decisions[row.decision] ?? row.decision,
    row.name,
    row.kind ? (w.kinds[row.kind] ?? row.kind) : null,
    row.className,
    row.idNumber,
    row.cardText,
    row.celsius,
    row.method,
    row.measuredBy,
    reasonsText(w, row.reasons),
    row.recordId,
    row.followsRecordId,
  ];
}

function recordHeader(w: Words): string[] {
  return [
    w.time,
    w.schoolId,
    w.school,
    w.gateId,
    w.gate,
    w.direction,
    w.decision,
    w.name,
    w.kind,
    w.className,
    w.idNumber,
    w.card,
    w.reading,
    w.method,
    w.measuredBy,
    w.reasons,
    w.recordId,
    w.follows,
  ];
}

/** The district's day: reports by status, fever and retests, missing records. */
export async function dayExport(
  pool: pg.Pool,
  w: Words,
  day: string,
  actor: string,
  now: number,
): Promise<Buffer> {
  const [reports, watch, missing] = await Promise.all([
    dayReports(pool, day, now),
    watchOfDay(pool, day, 100_000),
    missingOfDay(pool, day),
  ]);
  const book = new ExcelJS.Workbook();
  const reportRows: Row[] = reports.schools.flatMap((school) =>
    school.gates.map((gate) => [
      school.schoolId,
      school.name,
      school.area,
      gate.gateId,
      gate.gateName,
      w.status[gate.status],
      sheetTime(gate.firstReceivedAt),
      sheetTime(gate.receivedAt),
      gate.versions || null,
      gate.counts?.entries ?? null,
      gate.counts?.visitors ?? null,
      gate.counts?.denied ?? null,
      gate.counts?.retests ?? null,
      gate.counts?.feverCases ?? null,
      gate.counts?.unresolvedRetests ?? null,
      gate.missing,
    ]),
  );
  addSheet(
    book,
    w.sheetReports,
    [
      w.schoolId,
      w.school,
      w.area,
      w.gateId,
      w.gate,
      `${w.statusColumn}（${w.deadline} ${reports.deadline}）`,
      w.firstReceived,
      w.latestReceived,
      w.versions,
      w.entries,
      w.visitors,
      w.denied,
      w.retests,
      w.feverCases,
      w.unresolvedRetests,
      w.missingRecords,
    ],
    reportRows,
  );
  const watchRows: Row[] = [
    ...watch.referrals.map((row) => [w.referrals, ...recordCells(w, row)]),
    ...watch.unresolvedRetests.map((row) => [w.openRetests, ...recordCells(w, row)]),
  ];
  addSheet(book, w.sheetFever, [w.item, ...recordHeader(w)], watchRows);
  const missingRows: Row[] = missing.map((report) => [
    report.schoolId,
    report.schoolName,
    report.gateId,
    report.gateName,
    report.installationId,
    report.reportId,
    report.first === null ? null : `${report.first}–${report.last}`,
    report.entries,
    report.received,
    report.missing === null ? null : rangesCount(report.missing),
    report.missing === null ? w.notSaid : rangesText(report.missing),
  ]);
  addSheet(
    book,
    w.sheetMissing,
    [
      w.schoolId,
      w.school,
      w.gateId,
      w.gate,
      w.installation,
      'reportId',
      w.range,
      w.entries,
      w.received,
      w.missingRecords,
      w.missing,
    ],
    missingRows,
  );
  await audit(pool, now, actor, 'export-day', {
    date: day,
    gates: reportRows.length,
    fever: watchRows.length,
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A school's records of the day, all of them, ID numbers in full. */
export async function schoolExport(
  pool: pg.Pool,
  w: Words,
  schoolId: string,
  day: string,
  actor: string,
  now: number,
): Promise<Buffer> {
  const { records } = await schoolRecords(pool, schoolId, day, 0, null);
  const book = new ExcelJS.Workbook();
  addSheet(
    book,
    w.sheetRecords,
    recordHeader(w),
    records.map((row) => recordCells(w, row)),
  );
  await audit(pool, now, actor, 'export-school', { date: day, schoolId, records: records.length });
  return Buffer.from(await book.xlsx.writeBuffer());
}
