// The daily entry log as a CSV file an admin opens in Excel: one school day (Asia/Shanghai),
// in time order, UTF-8 with BOM, CRLF, ID numbers masked, every cell safe from formula injection.
// Also the day's rows and their words for the .xlsx export (entry-xlsx.ts), so both agree.
// Read-only on the database; writes a full ID number only when the caller asks by name.
import type { Database } from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { openCardText, shownCardText } from '../entries/entry-log';
import { selectEntriesSql, type StoredEntry } from '../entries/entry-rows';
import { createRetestQueries, type RetestFollowUp } from '../entries/retest-queries';
import { maskIdNumber } from '../../contract/id-number';
import { openNullable, type FieldCipher } from '../privacy/field-cipher';
import { passPrefix } from '../visitors/pass-token';
import type { EntryColumnKey } from './export-labels';
import {
  decisionWords,
  directionWords,
  entryColumns,
  kindWords,
  passCardWord,
  reasonSeparator,
  reasonWords,
  retestOutcomeWords,
  thermometerWords,
  wordFor,
} from './export-labels';
import { answersWords, healthCodeCell, personStatusCell } from './gate-flow-cells';
import { formatShanghaiTime, shanghaiDayRange } from '../../contract/school-time';
import { writeFileAtomically } from '../store/atomic-file';

export interface EntryExportOptions {
  /** The Shanghai calendar day, YYYY-MM-DD. */
  date: string;
  /** Only this gate's entries; all gates when absent. */
  gateId?: string;
  /**
   * Unmasked ID numbers. Off unless an admin asks for it; the caller audits the request,
   * because the file then holds personal data that outlives the kiosk's own access rules.
   */
  fullIdNumbers?: boolean;
  /** Gate names by id, from the config; a gate not named here is shown by its id. */
  gateNames?: Readonly<Record<string, string>>;
  /** The school's name from the config, for the heading of the printed log. */
  schoolName?: string;
}

/** One day's entries by time; [from, to) are UTC bounds, so the entries_at index serves it. */
export const entriesOfDaySql = selectEntriesSql(`WHERE e.at >= ? AND e.at < ?
    AND (? IS NULL OR e.gate_id = ?)
  ORDER BY e.at, e.id`);

/** The questions of a policy version, read loosely: an old body is shown, never refused. */
const policyBodySql = 'SELECT body FROM policies WHERE version = ?';

/** Columns the cells do without: a row made by hand (a test) may leave them out. */
type UnreadColumns =
  | 'checkId'
  | 'identitySource'
  | 'personId'
  | 'temperatureAt'
  | 'policyVersion'
  | 'appointmentId'
  | 'visitHost'
  | 'visitArea'
  | 'visitUntil'
  | 'visitDocument'
  | 'personStatusSetAt'
  | 'guardName';

/**
 * An entry as the export shows it: the ID number, a card text that is one and the visitor's
 * document number opened (entryCells() masks them unless asked not to).
 */
export type EntryRow = Omit<StoredEntry, UnreadColumns> &
  Partial<Pick<StoredEntry, UnreadColumns>> & {
    /** The question texts (id → Chinese) of the entry's policy version. */
    questions?: Readonly<Record<string, string>>;
    /**
     * For a retest entry, the entry that ended it, or null while nothing has; undefined when
     * not looked up (the retest outcome cell is then left empty rather than guessed).
     */
    followUp?: Pick<RetestFollowUp, 'decision' | 'reasons' | 'guardName'> | null;
  };

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP). */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell that starts like a formula gets a leading single quote, so a spreadsheet shows it as
 * text (OWASP "CSV Injection"). Card text is written by whoever holds the card.
 */
export function neutraliseCsvCell(text: string): string {
  return formulaStarts.has(text.charAt(0)) ? `'${text}` : text;
}

/** The day's entries as the CSV text of the file (BOM included). */
export function exportEntriesCsv(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): string {
  return renderEntries(db, cipher, options).text;
}

/**
 * Writes the day's entries to a file and returns how many rows it has. Written to a temporary
 * name first and renamed, so a reader never sees half a file.
 */
export function writeEntriesCsvFile(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
  file: string,
): number {
  const { text, rows } = renderEntries(db, cipher, options);
  writeFileAtomically(file, Buffer.from(text, 'utf8'));
  return rows;
}

/**
 * The day's entries (Shanghai day, optionally one gate) in time order, ID numbers opened (not
 * yet masked: entryCells() masks them), and a card text that is one too. A number that does not
 * open throws FieldCipherError, so a damaged value stops the export in words instead of leaving
 * a cell quietly blank.
 */
export function readEntriesOfDay(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): EntryRow[] {
  const { from, to } = shanghaiDayRange(options.date);
  const gateId = options.gateId ?? null;
  const entries = db.prepare<[string, string, string | null, string | null], StoredEntry>(
    entriesOfDaySql,
  );
  const retests = createRetestQueries(db);
  const policyBody = db.prepare<[number], { body: string }>(policyBodySql);
  // One read transaction: each retest's outcome is as of the same moment as the rows.
  const read = db.transaction(() => ({
    rows: entries.all(from, to, gateId, gateId),
    followUps: retests.followUps(options.date),
  }));
  const { rows, followUps } = read();
  const questionsOf = new Map<number, Readonly<Record<string, string>>>();
  return rows.map((row) => ({
    ...row,
    cardText: openCardText(cipher, row.cardText),
    idNumber: openNullable(cipher, 'id-number', row.idNumber),
    visitDocument: openNullable(cipher, 'document-number', row.visitDocument),
    questions: questionsOfVersion(row.policyVersion, questionsOf, (version) =>
      policyBody.get(version),
    ),
    ...(row.decision === 'retest' ? { followUp: followUps.get(row.id) ?? null } : {}),
  }));
}

/** The question texts of a version, parsed once per export; {} for a body without them. */
function questionsOfVersion(
  version: number | undefined,
  cache: Map<number, Readonly<Record<string, string>>>,
  read: (version: number) => { body: string } | undefined,
): Readonly<Record<string, string>> {
  if (version === undefined) return {};
  const known = cache.get(version);
  if (known !== undefined) return known;
  const texts: Record<string, string> = {};
  try {
    const body: unknown = JSON.parse(read(version)?.body ?? '{}');
    const questions: unknown =
      typeof body === 'object' && body !== null ? (body as { questions?: unknown }).questions : [];
    for (const question of Array.isArray(questions) ? questions : []) {
      const { id, 'zh-CN': text } = (question ?? {}) as { id?: unknown; 'zh-CN'?: unknown };
      if (typeof id === 'string' && typeof text === 'string') texts[id] = text;
    }
  } catch {
    // A body that is not JSON names no questions: the answers keep their ids.
  }
  cache.set(version, texts);
  return texts;
}

function renderEntries(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): { text: string; rows: number } {
  const entries = readEntriesOfDay(db, cipher, options);
  const records = [
    entryColumns.map((column) => column.header),
    ...entries.map((entry) => {
      const cells = entryCells(entry, options);
      return entryColumns.map((column) => neutraliseCsvCell(cells[column.key]));
    }),
  ];
  const text = stringify(records, { bom: true, record_delimiter: 'windows', quoted_string: true });
  return { text, rows: entries.length };
}

/** One entry in the words of the export, every cell as text (not yet neutralised). */
export function entryCells(
  entry: EntryRow,
  options: Pick<EntryExportOptions, 'fullIdNumbers' | 'gateNames'> = {},
): Record<EntryColumnKey, string> {
  // A visitor's row: the area is no class, the pass no card, the document their ID number.
  const visit = isVisit(entry);
  return {
    time: formatShanghaiTime(entry.at),
    gate: gateName(entry.gateId, options.gateNames),
    direction: wordFor(directionWords, entry.direction),
    name: entry.name ?? '',
    kind: wordFor(kindWords, entry.kind),
    className: visit ? '' : (entry.className ?? ''),
    host: entry.visitHost ?? '',
    area: visit ? (entry.visitArea ?? entry.className ?? '') : '',
    // A card text that is an ID number is masked like the ID number column.
    card: entry.cardText.startsWith(passPrefix)
      ? passCardWord
      : options.fullIdNumbers === true
        ? entry.cardText
        : shownCardText(entry.cardText),
    idNumber: idNumberCell(
      visit ? (entry.visitDocument ?? null) : entry.idNumber,
      options.fullIdNumbers === true,
    ),
    temperature:
      entry.temperature === null ? '' : (Math.round(entry.temperature * 10) / 10).toFixed(1),
    measuredBy: measuredByWords(entry),
    answers: answersWords(entry.answers, entry.questions),
    healthCode: healthCodeCell(entry),
    personStatus: personStatusCell(entry),
    decision: wordFor(decisionWords, entry.decision),
    reasons: reasonsInWords(entry.reasons),
    retestOutcome: retestOutcomeCell(entry),
    entryId: String(entry.id),
    correctsEntryId: entry.followsEntryId === null ? '' : String(entry.followsEntryId),
  };
}

/** A gate by its configured name; a gate the config does not name (another kiosk's) by id. */
export function gateName(
  gateId: string,
  gateNames: Readonly<Record<string, string>> | undefined = {},
): string {
  return Object.hasOwn(gateNames, gateId) ? (gateNames[gateId] ?? gateId) : gateId;
}

function isVisit(entry: EntryRow): boolean {
  return entry.kind === 'visitor' || (entry.appointmentId ?? null) !== null;
}

function idNumberCell(idNumber: string | null, full: boolean): string {
  if (idNumber === null) return '';
  return full ? idNumber : maskIdNumber(idNumber);
}

/** "设备 红外测温模块", or "手动 王师傅（体温计）" for a reading the guard typed in. */
function measuredByWords(entry: EntryRow): string {
  if (entry.temperature === null) return '';
  if (entry.temperatureMethod !== 'manual') {
    const source = entry.temperatureSource;
    if (source === null) return '设备';
    return `设备 ${Object.hasOwn(thermometerWords, source) ? wordFor(thermometerWords, source) : `测温设备（${source}）`}`;
  }
  const instrument = entry.instrument === 'clinical' ? '体温计' : '手持测温枪';
  return `手动 ${entry.measuredBy ?? ''}（${instrument}）`;
}

/**
 * How a retest ended: "已复测通过", "已转观察点" (fever on the second reading), "保安处理：" with
 * the reasons and the guard of an ending without a second reading ("保安处理：未复测，由家长接回
 * （王保安）"), or "未处理". Empty on other rows.
 */
function retestOutcomeCell(entry: EntryRow): string {
  if (entry.decision !== 'retest' || entry.followUp === undefined) return '';
  const followUp = entry.followUp;
  if (followUp === null) return retestOutcomeWords.unresolved;
  if (followUp.decision === 'pass') return retestOutcomeWords.passed;
  if (followUp.decision === 'refer' && reasonCodes(followUp.reasons).includes('fever-confirmed')) {
    return retestOutcomeWords.referred;
  }
  const why = reasonsInWords(followUp.reasons) || wordFor(decisionWords, followUp.decision);
  const guard = followUp.guardName === null ? '' : `（${followUp.guardName}）`;
  return `${retestOutcomeWords.byGuard}：${why}${guard}`;
}

function reasonCodes(reasons: string): string[] {
  try {
    const codes: unknown = JSON.parse(reasons);
    return Array.isArray(codes) ? codes.map(String) : [];
  } catch {
    return [];
  }
}

/** reasons is a JSON array of codes; anything else is shown as stored rather than lost. */
function reasonsInWords(reasons: string): string {
  let codes: unknown;
  try {
    codes = JSON.parse(reasons);
  } catch {
    return reasons;
  }
  if (!Array.isArray(codes)) {
    return reasons;
  }
  return codes.map((code) => wordFor(reasonWords, String(code))).join(reasonSeparator);
}
