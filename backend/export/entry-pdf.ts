// The day's entry log as a printable A4 register (R13: inspections read the gate's register on
// paper): the school's and gates' names, the date, one line per entry in the export's words,
// the counts, a line for the duty leader's signature and "第 n 页 / 共 m 页" on every page.
// Read-only on the database; ID numbers masked unless the caller asks (and audits) by name.
import type { Database } from 'better-sqlite3';
import PDFDocument from 'pdfkit';
import type { FieldCipher } from '../privacy/field-cipher';
import type { EntryExportOptions, EntryRow } from './entry-export';
import { entryCells, gateName, readEntriesOfDay } from './entry-export';
import type { PaperCounts } from './export-labels';
import { entryColumns, paperWords } from './export-labels';
import { findPaperFont, type PaperFont } from './paper-font';
import { writeFileAtomically } from '../store/atomic-file';

type Cells = ReturnType<typeof entryCells>;

interface PaperColumn {
  header: string;
  width: number;
  cell: (cells: Cells, index: number) => string;
}

/** A column's header as the file exports name it, without the English half. */
function headerOf(key: (typeof entryColumns)[number]['key']): string {
  const header = entryColumns.find((column) => column.key === key)?.header ?? key;
  return header.split(' ')[0] ?? header;
}

/** Landscape A4 leaves 770 points between the margins; the widths add up to that. */
const columns: readonly PaperColumn[] = [
  { header: paperWords.number, width: 28, cell: (_, index) => String(index + 1) },
  { header: headerOf('time'), width: 50, cell: (cells) => cells.time.slice(11) },
  { header: headerOf('gate'), width: 62, cell: (cells) => cells.gate },
  { header: headerOf('direction'), width: 30, cell: (cells) => cells.direction },
  { header: headerOf('name'), width: 64, cell: (cells) => cells.name || cells.card },
  { header: headerOf('kind'), width: 38, cell: (cells) => cells.kind },
  {
    header: paperWords.classOrArea,
    width: 82,
    cell: (cells) => cells.className || cells.area,
  },
  { header: headerOf('host'), width: 54, cell: (cells) => cells.host },
  { header: headerOf('idNumber'), width: 118, cell: (cells) => cells.idNumber },
  {
    header: headerOf('temperature').replace('(°C)', '℃'),
    width: 34,
    cell: (cells) => cells.temperature,
  },
  { header: headerOf('decision'), width: 42, cell: (cells) => cells.decision },
  {
    header: paperWords.reasons,
    width: 168,
    cell: (cells) => [cells.reasons, cells.retestOutcome].filter(Boolean).join('；'),
  },
];

const margin = 36;
const footerHeight = 24;
const cellPadding = 3;
const bodySize = 8;

/** The day's register as the bytes of a PDF file, and how many entries it lists. */
export async function renderEntriesPdf(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
  font: PaperFont = findPaperFont(),
): Promise<{ bytes: Uint8Array; rows: number }> {
  const entries = readEntriesOfDay(db, cipher, options);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin,
    bufferPages: true,
    info: { Title: `${paperWords.title} ${options.date}`, Creator: 'Campus Gate Kiosk' },
  });
  const done = collect(doc);
  doc.registerFont('paper', font.file, font.face);
  doc.font('paper');

  const school = options.schoolName ?? paperWords.schoolUnset;
  heading(doc, school, gatesLine(entries, options), options.date);
  const cells = entries.map((entry) => entryCells(entry, options));
  let y = tableHeader(doc, doc.y);
  cells.forEach((row, index) => {
    const texts = columns.map((column) => column.cell(row, index));
    const height = rowHeight(doc, texts);
    if (y + height > pageBottom(doc)) {
      doc.addPage();
      y = tableHeader(doc, runningHeader(doc, school, options.date));
    }
    drawRow(doc, texts, y, height);
    y += height;
  });
  closing(doc, y, entries, { ...options, school });
  numberPages(doc);
  doc.end();
  return { bytes: await done, rows: entries.length };
}

/** Writes the register to a file (temporary name, then renamed); answers how many entries. */
export async function writeEntriesPdfFile(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
  file: string,
): Promise<number> {
  const { bytes, rows } = await renderEntriesPdf(db, cipher, options);
  writeFileAtomically(file, Buffer.from(bytes));
  return rows;
}

/** What the day's entries add up to, for the line under the table. */
export function countEntries(entries: readonly EntryRow[]): PaperCounts {
  const counts: PaperCounts = {
    total: entries.length,
    in: 0,
    out: 0,
    pass: 0,
    deny: 0,
    retest: 0,
    refer: 0,
    visitors: 0,
  };
  for (const entry of entries) {
    if (entry.kind === 'visitor') counts.visitors += 1;
    if (entry.direction === 'out') {
      counts.out += 1;
      continue;
    }
    counts.in += 1;
    if (
      entry.decision === 'pass' ||
      entry.decision === 'deny' ||
      entry.decision === 'retest' ||
      entry.decision === 'refer'
    ) {
      counts[entry.decision] += 1;
    }
  }
  return counts;
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

/** The gate the export keeps to, or every gate of the day's entries, by name. */
function gatesLine(entries: readonly EntryRow[], options: EntryExportOptions): string {
  if (options.gateId !== undefined) return gateName(options.gateId, options.gateNames);
  const ids = [...new Set(entries.map((entry) => entry.gateId))];
  if (ids.length === 0) return paperWords.allGates;
  return ids.map((id) => gateName(id, options.gateNames)).join('、');
}

function heading(doc: PDFKit.PDFDocument, school: string, gates: string, date: string): void {
  doc.fontSize(16).text(`${school} ${paperWords.title}`, { align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(10)
    .text(`${paperWords.gates}：${gates}      ${paperWords.date}：${date}`, { align: 'center' });
  doc.moveDown(0.6);
}

/** The top of a following page: school and date, so a loose sheet still says whose it is. */
function runningHeader(doc: PDFKit.PDFDocument, school: string, date: string): number {
  doc.fontSize(9).text(`${school} ${paperWords.title}  ${date}`, margin, margin);
  return doc.y + 4;
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  const texts = columns.map((column) => column.header);
  doc.fontSize(bodySize);
  const height = rowHeight(doc, texts);
  doc.save().rect(margin, y, tableWidth(), height).fill('#e8e8e8').restore();
  drawRow(doc, texts, y, height);
  return y + height;
}

function tableWidth(): number {
  return columns.reduce((sum, column) => sum + column.width, 0);
}

function rowHeight(doc: PDFKit.PDFDocument, texts: readonly string[]): number {
  doc.fontSize(bodySize);
  const heights = texts.map((text, index) =>
    doc.heightOfString(text || ' ', { width: (columns[index]?.width ?? 0) - 2 * cellPadding }),
  );
  return Math.max(...heights) + 2 * cellPadding;
}

function drawRow(doc: PDFKit.PDFDocument, texts: readonly string[], y: number, height: number) {
  doc.fontSize(bodySize).lineWidth(0.5);
  let x = margin;
  texts.forEach((text, index) => {
    const width = columns[index]?.width ?? 0;
    doc.rect(x, y, width, height).stroke();
    doc.text(text, x + cellPadding, y + cellPadding, { width: width - 2 * cellPadding });
    x += width;
  });
}

function pageBottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - margin - footerHeight;
}

/** The counts, a note on the numbers and the signature lines, on a new page if need be. */
function closing(
  doc: PDFKit.PDFDocument,
  y: number,
  entries: readonly EntryRow[],
  options: EntryExportOptions & { school: string },
): void {
  const needed = 70;
  let top = y + 12;
  if (top + needed > pageBottom(doc)) {
    doc.addPage();
    top = runningHeader(doc, options.school, options.date) + 8;
  }
  doc.fontSize(10);
  const counts = entries.length === 0 ? paperWords.none : paperWords.count(countEntries(entries));
  doc.text(counts, margin, top, { width: tableWidth() });
  doc
    .fontSize(8)
    .text(options.fullIdNumbers === true ? paperWords.fullNumbers : paperWords.masked, {
      width: tableWidth(),
    });
  doc.moveDown(2.2).fontSize(11);
  const line = '_______________________';
  doc.text(
    `${paperWords.guardSignature}${line}      ${paperWords.leaderSignature}${line}      ` +
      `${paperWords.signedOn}______________`,
    margin,
    doc.y,
    { width: tableWidth() },
  );
}

/** "第 n 页 / 共 m 页" at the foot of every page, once the number of pages is known. */
function numberPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    // Inside the bottom margin: without this pdfkit would start a new page for the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(9)
      .text(paperWords.page(index + 1, range.count), margin, doc.page.height - margin - 12, {
        width: tableWidth(),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}
