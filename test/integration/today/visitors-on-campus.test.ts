// Visitors on campus and their exit, on a real database: inside after a pass in, out after an
// exit, inside again on the second entry of a two-entry pass; overstay counted from the end of
// the visit on an injected clock; an exit refused when the visitor is not inside (so a double
// click writes one exit), written with its outbox row; and the query walks the index.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntryLog, type EntryLog } from '../../../backend/entries/entry-log';
import { openDatabase } from '../../../backend/store/database';
import {
  createVisitorsOnCampus,
  onCampusQuery,
  type VisitorsOnCampus,
} from '../../../backend/today/visitors-on-campus';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';

let db: Database;
let log: EntryLog;
let visitors: VisitorsOnCampus;
let clock: Date;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertBasics(db);
  log = createEntryLog(db, testCipher);
  clock = new Date('2026-11-23T02:00:00.000Z');
  visitors = createVisitorsOnCampus({
    db,
    entryLog: log,
    gateId: 'north',
    policyVersion: () => 1,
    now: () => clock,
  });
  insertAppointment(db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

const inside = () => visitors.list().map((visitor) => visitor.appointmentId);

describe('visitors on campus', () => {
  it('follow the latest pass: in, out, in again on a two-entry pass', () => {
    expect(inside()).toEqual([]);
    appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
    expect(visitors.list()).toEqual([
      {
        appointmentId: 'A1',
        name: '访客A1',
        host: '王老师',
        area: '教学楼A座',
        enteredAt: '2026-11-23T01:10:00.000Z',
        until: '2026-11-23T04:00:00.000Z',
        overstayMinutes: null,
      },
    ]);
    visitors.recordExit('A1');
    expect(inside()).toEqual([]);
    appendEntry(log, { at: '2026-11-23T02:30:00.000Z', appointmentId: 'A1' });
    expect(inside()).toEqual(['A1']);
  });

  it('announce an exit once, after it is committed, and not one that was refused', () => {
    const announced: { direction: string; committed: boolean }[] = [];
    log.onSaved((entry) =>
      announced.push({ direction: entry.direction, committed: !db.inTransaction }),
    );
    appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
    visitors.recordExit('A1');
    expect(() => visitors.recordExit('A1')).toThrow(/not on campus/);
    expect(announced).toEqual([
      { direction: 'in', committed: true },
      { direction: 'out', committed: true },
    ]);
  });

  it('are not moved by a denied or referred attempt', () => {
    appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
    visitors.recordExit('A1');
    appendEntry(log, {
      at: '2026-11-23T01:50:00.000Z',
      appointmentId: 'A1',
      decision: 'refer',
      reasons: ['fever-confirmed'],
    });
    expect(inside()).toEqual([]);
  });

  it('are flagged as overstaying after the visit ends, the longest first', () => {
    insertAppointment(db, 'A2', '2026-11-23T01:00:00.000Z', '2026-11-23T03:00:00.000Z');
    insertAppointment(db, 'A3', '2026-11-23T01:00:00.000Z', '2026-11-23T06:00:00.000Z');
    for (const id of ['A3', 'A1', 'A2']) {
      appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: id });
    }
    expect(visitors.list().map((visitor) => visitor.overstayMinutes)).toEqual([null, null, null]);
    clock = new Date('2026-11-23T04:30:59.000Z');
    expect(visitors.list().map((v) => [v.appointmentId, v.overstayMinutes])).toEqual([
      ['A2', 90],
      ['A1', 30],
      ['A3', null],
    ]);
  });

  it('look the visitors up by index, not by reading the whole log', () => {
    const plan = db
      .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${onCampusQuery}`)
      .all()
      .map((row) => row.detail);
    expect(plan.join('\n')).toContain('entries_visit');
    expect(plan.filter((detail) => /^SCAN (e|entries)$/.test(detail))).toEqual([]);
  });
});

describe('a visitor exit', () => {
  it('is an out entry with the exit reason, the appointment and its outbox row', () => {
    appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
    const exit = visitors.recordExit('A1');
    expect(exit).toMatchObject({
      direction: 'out',
      decision: 'pass',
      reasons: ['visitor-exit'],
      at: clock.toISOString(),
      person: { name: '访客A1', kind: 'visitor' },
      visit: { appointmentId: 'A1' },
      policyVersion: 1,
    });
    const outbox = db.prepare('SELECT COUNT(*) FROM outbox WHERE entry_id = ?').pluck();
    expect(outbox.get(exit.id)).toBe(1);
  });

  it('is refused for a visitor who never came in, and for one who already left', () => {
    expect(() => visitors.recordExit('A1')).toThrow(/not on campus/);
    appendEntry(log, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
    visitors.recordExit('A1');
    expect(() => visitors.recordExit('A1')).toThrow(/not on campus/);
    const exits = db.prepare("SELECT COUNT(*) FROM entries WHERE direction = 'out'").pluck();
    expect(exits.get()).toBe(1);
  });

  it('is refused for an appointment that does not exist', () => {
    expect(() => visitors.recordExit('nope')).toThrow(/No appointment/);
  });
});
