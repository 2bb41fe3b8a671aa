// Checks the entry chain against the entry log and finds every break, first by entry id: a row
// changed, an entry deleted, an entry without its chain row, chain rows deleted or out of
// order, personal fields that no longer match their digest. Only reads; runs on a read-only
// connection beside a running kiosk (WAL). Design: chain-encoding.ts.
import type { Database } from 'better-sqlite3';
import type { SqlValue } from './chain-encoding';
import { entryColumnList } from './entry-chain';
import {
  allChainColumns,
  chainHash,
  genesisHash,
  isErased,
  personalDigest,
  splitChainRow,
} from './chain-encoding';

export type ChainBreakKind =
  /** The entry (or its chain row) was changed: the stored hash does not match. */
  | 'row-changed'
  /** The chain row remains but its entry is gone. */
  | 'entry-missing'
  /** The entry has no chain row. */
  | 'chain-row-missing'
  /** Chain rows (and most likely their entries) were deleted before this one. */
  | 'chain-gap'
  /** A chain row out of order or not linked to the one before: inserted or rewritten. */
  | 'extra-chain-row'
  /** The personal fields are present but do not match their digest. */
  | 'personal-changed'
  /** The personal fields are present but their salt is erased: they cannot be checked. */
  | 'personal-unverifiable';

export interface ChainBreak {
  kind: ChainBreakKind;
  entryId: number;
  /** The chain row concerned, when there is one. */
  seq: number | null;
  /** For chain-gap: how many chain rows are missing. */
  missing?: number;
}

export interface ChainReport {
  entries: number;
  chainRows: number;
  /** Entries whose personal fields are all erased (purged, or never had any). */
  purged: number;
  /** Purged entries whose salt is still stored (a privacy slip of the purge, not a break). */
  purgedWithSalt: number;
  /** The last chain row's hash and entry: worth recording outside the kiosk. */
  head: { hash: string; entryId: number } | null;
  /** Every break, by entry id (capped at `maxBreaks`); `breakCount` counts them all. */
  breaks: ChainBreak[];
  breakCount: number;
}

/** The columns of `entries` the chain does not cover: must be empty, or tampering hides there. */
export function uncoveredColumns(db: Database): string[] {
  const known = new Set<string>(allChainColumns);
  return entryColumnNames(db).filter((name) => !known.has(name));
}

function entryColumnNames(db: Database): string[] {
  return db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all('entries')
    .map((column) => column.name);
}

/** True once migration 0120 made the chain table. */
export function hasChain(db: Database): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'entry_chain'")
      .get() !== undefined
  );
}

/** PRAGMA integrity_check: an empty list when the file is sound, else its first problems. */
export function fileProblems(db: Database, limit = 10): string[] {
  const rows = db.pragma(`integrity_check(${Math.trunc(limit)})`) as { integrity_check: string }[];
  const problems = rows.map((row) => String(row.integrity_check)).filter((text) => text !== 'ok');
  return rows.length === 0 ? ['the integrity check gave no answer'] : problems;
}

const fixedColumns = 6;

/**
 * Walks the chain in one read transaction, so that a kiosk appending meanwhile (an entry and its
 * chain row commit together) cannot make the counts and the walk disagree.
 */
export function verifyChain(db: Database, maxBreaks = 100): ChainReport {
  return db.transaction(() => walkChain(db, maxBreaks))();
}

function walkChain(db: Database, maxBreaks: number): ChainReport {
  const columns = entryColumnList(db, 'e.');
  const walk = db
    .prepare<[], SqlValue[]>(
      `SELECT c.seq, c.entry_id, c.personal_salt, c.personal_digest, c.previous_hash, c.hash,
         ${columns} FROM entry_chain c LEFT JOIN entries e ON e.id = c.entry_id ORDER BY c.seq`,
    )
    .raw(true);
  const walked = new BreakList(maxBreaks);
  const report: ChainReport = {
    entries: countOf(db, 'SELECT count(*) FROM entries'),
    chainRows: countOf(db, 'SELECT count(*) FROM entry_chain'),
    purged: 0,
    purgedWithSalt: 0,
    head: null,
    breaks: [],
    breakCount: 0,
  };
  let previous = genesisHash;
  let expectedSeq = 1;
  let lastEntryId = 0;
  for (const row of walk.iterate()) {
    const [seq, entryId, salt, digest, previousHash, hash] = row as ChainRow;
    if (seq !== expectedSeq) {
      walked.add({ kind: 'chain-gap', entryId, seq, missing: seq - expectedSeq });
    } else if (entryId <= lastEntryId || previousHash !== previous) {
      walked.add({ kind: 'extra-chain-row', entryId, seq });
    }
    expectedSeq = seq + 1;
    lastEntryId = Math.max(lastEntryId, entryId);
    // Each row is checked against its own previous hash, so one break does not hide the rest.
    previous = hash;
    report.head = { hash, entryId };
    const { chained, personal } = splitChainRow(row.slice(fixedColumns));
    if (chained[0] === null) {
      walked.add({ kind: 'entry-missing', entryId, seq });
      continue;
    }
    if (chainHash(previousHash, chained, digest) !== hash) {
      walked.add({ kind: 'row-changed', entryId, seq });
    }
    const problem = personalProblem(personal, salt, digest);
    if (problem === 'purged') {
      report.purged += 1;
      if (salt !== null) report.purgedWithSalt += 1;
    } else if (problem !== null) {
      walked.add({ kind: problem, entryId, seq });
    }
  }
  const unchained = new BreakList(maxBreaks);
  const selectUnchained = db
    .prepare<[], number>(
      `SELECT e.id FROM entries e
       WHERE NOT EXISTS (SELECT 1 FROM entry_chain c WHERE c.entry_id = e.id) ORDER BY e.id`,
    )
    .pluck();
  for (const entryId of selectUnchained.iterate()) {
    unchained.add({ kind: 'chain-row-missing', entryId, seq: null });
  }
  report.breaks = [...walked.breaks, ...unchained.breaks]
    .sort((first, second) => first.entryId - second.entryId)
    .slice(0, maxBreaks);
  report.breakCount = walked.count + unchained.count;
  return report;
}

type ChainRow = [number, number, Buffer | null, string, string, string];

/** The first breaks in the order found, and how many there were in all. */
class BreakList {
  readonly breaks: ChainBreak[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  add(found: ChainBreak): void {
    this.count += 1;
    if (this.breaks.length < this.limit) this.breaks.push(found);
  }
}

function personalProblem(
  personal: readonly SqlValue[],
  salt: Buffer | null,
  digest: string,
): ChainBreakKind | 'purged' | null {
  if (personal.every(isErased)) return 'purged';
  if (salt === null) return 'personal-unverifiable';
  return personalDigest(salt, personal) === digest ? null : 'personal-changed';
}

function countOf(db: Database, sql: string): number {
  return Number(db.prepare(sql).pluck().get());
}
