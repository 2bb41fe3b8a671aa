// What `npm run verify` says: the usage text and the report's sentences in one place (for
// translation later). Plain sentences for an admin; never prints personal fields.
import type { ChainBreak, ChainReport } from './chain-verifier';

export const verifyUsage = [
  'Usage: npm run verify -- --data-dir DIR',
  '',
  'Checks the kiosk database file (PRAGMA integrity_check) and the hash chain over the entry',
  'log: names the first entry that was changed, deleted or left out. Only reads; safe while',
  'the kiosk is running.',
  '',
  '  --data-dir DIR   the kiosk data folder holding kiosk.db',
  '',
  'Exit codes: 0 intact, 1 broken (or the file is damaged), 2 wrong arguments or no readable',
  'database.',
].join('\n');

const count = (value: number) => value.toLocaleString('en');

export const verifyMessages = {
  badArguments: (detail: string) => `${detail}\n`,
  missingDataDir: 'The option --data-dir is required.\n',
  database: (file: string) => `Database: ${file}`,
  notFound: (file: string) => `Cannot verify: there is no database at ${file}.`,
  unreadable: (file: string, detail: string) => `Cannot verify: cannot read ${file}: ${detail}`,
  fileOk: 'File: ok (PRAGMA integrity_check).',
  fileDamaged: (problems: readonly string[]) =>
    [`BROKEN: the database file is damaged (PRAGMA integrity_check):`]
      .concat(problems.map((problem) => `  ${problem}`))
      .join('\n'),
  walkFailed: (detail: string) => `BROKEN: the entry log cannot be read to the end: ${detail}`,
  noChain:
    'BROKEN: this database has no entry chain yet. Start the kiosk once with this version ' +
    'to chain the existing entries, then verify again.',
  uncovered: (columns: readonly string[]) =>
    `Warning: the chain does not cover the entries column(s) ${columns.join(', ')}; changes ` +
    'there cannot be detected. This program is older than the database or needs updating.',
  counts: (report: ChainReport) =>
    `Entries: ${count(report.entries)} checked against ${count(report.chainRows)} chain rows; ` +
    `personal fields purged from ${count(report.purged)}.`,
  head: (report: ChainReport) =>
    report.head === null
      ? 'Chain head: none (the log is empty).'
      : `Chain head: entry ${report.head.entryId}, hash ${report.head.hash}`,
  saltsLeft: (purged: number) =>
    `Note: ${count(purged)} purged entries still keep their personal salt; the purge should ` +
    'erase it with the fields.',
  plainText: (counts: Record<string, number>) =>
    'Note: numbers still in plain text (written before this version sealed them; the kiosk ' +
    'seals them at its next start, except in entries already chained, which keep them until ' +
    `the retention purge): ${Object.entries(counts)
      .map(([column, number]) => `${column} ${count(number)}`)
      .join(', ')}.`,
  intact: 'Intact: every entry matches its chain.',
  firstBreak: (found: ChainBreak) => `BROKEN: the first break is at ${describeBreak(found)}`,
  allBreaks: (report: ChainReport) =>
    `${count(report.breakCount)} break${report.breakCount === 1 ? '' : 's'} in all` +
    (report.breakCount > report.breaks.length ? `; the first ${report.breaks.length}:` : ':'),
  breakLine: (found: ChainBreak) => `  ${describeBreak(found)}`,
  elapsed: (milliseconds: number) => `Checked in ${(milliseconds / 1000).toFixed(2)} s.`,
};

/** One break as a sentence that starts with the entry it concerns. */
export function describeBreak(found: ChainBreak): string {
  const where = `entry ${found.entryId}`;
  switch (found.kind) {
    case 'row-changed':
      return `${where}: the row was changed after it was written (it no longer matches its chain hash).`;
    case 'entry-missing':
      return `${where}: the row is missing (deleted); its chain row ${found.seq ?? '?'} remains.`;
    case 'chain-row-missing':
      return `${where}: the chain row is missing (the entry was never chained, or its chain row was deleted).`;
    case 'chain-gap':
      return (
        `${where}: ${found.missing ?? 1} chain row(s) before it are missing ` +
        '(entries were deleted together with their chain rows).'
      );
    case 'extra-chain-row':
      return `${where}: an extra chain row (${found.seq ?? '?'}) does not follow the one before (inserted or rewritten).`;
    case 'personal-changed':
      return `${where}: the personal fields do not match their digest (changed after they were written).`;
    case 'personal-unverifiable':
      return `${where}: the personal fields are present but their salt was erased, so they cannot be checked.`;
    default: {
      const unknown: never = found.kind;
      return `${where}: ${String(unknown)}`;
    }
  }
}
