// Every check of the soak accounted for, read from the kiosk's database once it has stopped:
// each check that got a decision has its entries there, every entry the kiosk announced was
// written, nothing waits in the outbox, the district holds every record, and the file is sound.
import Database from 'better-sqlite3';
import type { CheckOutcome } from './gate-traffic';

export interface Accounting {
  decidedChecks: number;
  /** Entries of this run (retest entries too), as the kiosk announced them and as stored. */
  entriesSeen: number;
  entriesInDb: number;
  /** Final decisions (pass, deny, refer) of this run in the database. */
  finalEntriesInDb: number;
  /** Decided checks whose entries are not (all) in the database: lost. */
  lostChecks: number;
  /** Entries announced as saved that the database does not have: lost. */
  lostEntries: number;
  outboxPending: number;
  districtRecords: number;
  /** All entries in the file, whatever run made them. */
  entriesTotal: number;
  quickCheck: string;
  problems: string[];
}

interface EntryRow {
  id: number;
  check_id: string;
  decision: string;
}

/** The highest entry id before the run (0 for a new data folder). */
export function entryIdFloor(dbFile: string): number {
  let db;
  try {
    db = new Database(dbFile, { fileMustExist: true });
  } catch {
    return 0;
  }
  try {
    return (
      db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM entries').get()?.id ?? 0
    );
  } finally {
    db.close();
  }
}

export function accountFor(input: {
  dbFile: string;
  floor: number;
  outcomes: readonly CheckOutcome[];
  saved: ReadonlyMap<number, { checkId: string; decision: string }>;
  districtRecords: number;
  /** The district saw only this data folder's entries: its count must equal the file's. */
  districtIsFresh: boolean;
}): Accounting {
  const db = new Database(input.dbFile, { fileMustExist: true });
  try {
    const rows = db
      .prepare<[number], EntryRow>('SELECT id, check_id, decision FROM entries WHERE id > ?')
      .all(input.floor);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const byCheck = new Map<string, EntryRow[]>();
    for (const row of rows) byCheck.set(row.check_id, [...(byCheck.get(row.check_id) ?? []), row]);
    const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
    const problems: string[] = [];

    let lostChecks = 0;
    const decided = input.outcomes.filter((outcome) => outcome.kind === 'decided');
    for (const outcome of decided) {
      const stored = byCheck.get(outcome.checkId) ?? [];
      const final = stored.at(-1);
      const complete = outcome.entryIds.every((id) =>
        outcome.checkIds.includes(byId.get(id)?.check_id ?? ''),
      );
      if (!complete || final?.decision !== outcome.decision) lostChecks += 1;
    }
    let lostEntries = 0;
    for (const [id, entry] of input.saved) {
      if (id > input.floor && byId.get(id)?.check_id !== entry.checkId) lostEntries += 1;
    }
    const finalEntriesInDb = rows.filter((row) => row.decision !== 'retest').length;
    const entriesSeen = [...input.saved.keys()].filter((id) => id > input.floor).length;
    const accounting: Accounting = {
      decidedChecks: decided.length,
      entriesSeen,
      entriesInDb: rows.length,
      finalEntriesInDb,
      lostChecks,
      lostEntries,
      outboxPending: count('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL'),
      districtRecords: input.districtRecords,
      entriesTotal: count('SELECT count(*) AS n FROM entries'),
      quickCheck:
        db.prepare<[], { quick_check: string }>('PRAGMA quick_check').get()?.quick_check ?? '?',
      problems,
    };
    if (lostChecks > 0) problems.push(`${lostChecks} decided checks are not in the database`);
    if (lostEntries > 0) problems.push(`${lostEntries} announced entries are not in the database`);
    if (finalEntriesInDb !== decided.length) {
      problems.push(
        `${decided.length} checks got a decision but the database has ${finalEntriesInDb} decisions`,
      );
    }
    if (entriesSeen !== rows.length) {
      problems.push(`the kiosk announced ${entriesSeen} entries; the database has ${rows.length}`);
    }
    if (accounting.outboxPending > 0) {
      problems.push(`${accounting.outboxPending} entries still wait in the outbox`);
    }
    const expected = accounting.entriesTotal;
    if (
      input.districtIsFresh
        ? input.districtRecords !== expected
        : input.districtRecords < rows.length
    ) {
      problems.push(`the district has ${input.districtRecords} records; the database ${expected}`);
    }
    if (accounting.quickCheck !== 'ok') problems.push(`quick_check: ${accounting.quickCheck}`);
    return accounting;
  } finally {
    db.close();
  }
}
