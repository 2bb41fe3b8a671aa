// The day the entry export tests export (2026-11-23 in Beijing), as the log would hold it: a
// pass a millisecond before it starts, a retest at its first instant, a denied card from gate-2
// whose text would be a formula in a spreadsheet, and the retest's ending referral.
import type { Database } from 'better-sqlite3';
import { insertEntryRow, type EntryRowInput } from '../../fixtures/entry-rows';

export const student = {
  personId: null,
  name: '王小明',
  kind: 'student',
  className: '三年级2班',
  idNumber: '11010519491231002X',
};

/** The four entries; `retest` adds to (or overrides) the retest's row. */
export function insertEntriesAroundMidnight(db: Database, retest: Partial<EntryRowInput>): void {
  insertEntryRow(db, { at: '2026-11-22T15:59:59.999Z', ...student, temperatureCelsius: 36.44 });
  insertEntryRow(db, {
    at: '2026-11-22T16:00:00.000Z',
    ...student,
    decision: 'retest',
    reasons: ['temperature-high'],
    ...retest,
  });
  insertEntryRow(db, {
    at: '2026-11-23T00:05:01.123Z',
    gateId: 'gate-2',
    decision: 'deny',
    reasons: ['card-unknown'],
    cardText: "=cmd|' /C calc'!A0",
  });
  insertEntryRow(db, {
    at: '2026-11-23T01:00:00.000Z',
    ...student,
    decision: 'refer',
    reasons: ['fever-confirmed'],
    temperatureCelsius: 38,
    followsEntryId: 2,
    manual: { guardName: '王师傅', instrument: 'clinical' },
  });
}
