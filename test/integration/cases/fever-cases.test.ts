// Fever-case follow-up on a real database, through dispatch() as the console and the guard's
// panel call it: a refer opens a case showing the first and retest readings of its check;
// a guard adds the hand-off and the guardian informed; only an admin closes, once, with an
// outcome ("other" needs a note); a closed case takes no more events and moves to closed.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseHandlers } from '../../../backend/cases/case-handlers';
import { createFeverCases } from '../../../backend/cases/fever-cases';
import type { ActorView, Caller, Handlers } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { adminActor, appendEntry, guardActor, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';

let db: Database;
let handlers: Handlers;
let clock: Date;
const audited: string[] = [];

const as = (actor: ActorView | null): Caller => ({ actor, session: null, origin: 'test' });
const call = (name: string, input: unknown, actor: ActorView | null) =>
  dispatch(handlers, name, input, as(actor), (_caller, action) => audited.push(action));

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertBasics(db);
  clock = new Date('2026-11-23T00:10:00.000Z');
  // Only the case operations exist here; dispatch() looks up nothing else.
  handlers = caseHandlers(createFeverCases(db, () => clock, testCipher)) as unknown as Handlers;
  const log = createEntryLog(db, testCipher);
  const first = appendEntry(log, {
    at: '2026-11-23T00:00:00.000Z',
    decision: 'retest',
    reasons: ['temperature-high'],
    celsius: 38.5,
    checkId: 'c1',
    name: '小明',
  });
  appendEntry(log, {
    at: '2026-11-23T00:01:00.000Z',
    decision: 'refer',
    reasons: ['fever-confirmed'],
    celsius: 38.4,
    checkId: 'c1',
    followsEntryId: first,
    name: '小明',
  });
  audited.length = 0;
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

async function cases() {
  const result = await call('feverCases', { closedLimit: 10 }, adminActor);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { open: { id: number }[]; closed: { id: number; closed: unknown }[] };
}

describe('fever cases', () => {
  it('open on a refer with the first and the retest reading of the check', async () => {
    const result = await call('feverCases', { closedLimit: 10 }, guardActor);
    expect(result).toMatchObject({
      ok: true,
      value: {
        open: [
          {
            id: 1,
            openedAt: '2026-11-23T00:01:00.000Z',
            person: { name: '小明', kind: 'student' },
            readings: [
              { decision: 'retest', celsius: 38.5 },
              { decision: 'refer', celsius: 38.4 },
            ],
            events: [],
            closed: null,
          },
        ],
        closed: [],
      },
    });
  });

  it('take follow-up events from a guard, in order, with who recorded them', async () => {
    await call(
      'addFeverCaseEvent',
      { caseId: 1, kind: 'retest-reading', celsius: 38.3 },
      guardActor,
    );
    await call(
      'addFeverCaseEvent',
      { caseId: 1, kind: 'observation-handoff', person: '校医 刘医生' },
      guardActor,
    );
    const told = await call(
      'addFeverCaseEvent',
      {
        caseId: 1,
        kind: 'guardian-informed',
        person: '小明妈妈',
        method: 'phone',
        note: '10分钟后到',
      },
      guardActor,
    );
    expect(told.ok).toBe(true);
    const view = told.ok ? (told.value as { events: object[] }) : { events: [] };
    expect(view.events).toEqual([
      expect.objectContaining({ kind: 'retest-reading', celsius: 38.3, recordedBy: '王保安' }),
      expect.objectContaining({ kind: 'observation-handoff', person: '校医 刘医生' }),
      expect.objectContaining({
        kind: 'guardian-informed',
        person: '小明妈妈',
        method: 'phone',
        note: '10分钟后到',
        at: '2026-11-23T00:10:00.000Z',
      }),
    ]);
  });

  it('refuse an event without what it needs, and save nothing', async () => {
    const handoff = await call(
      'addFeverCaseEvent',
      { caseId: 1, kind: 'observation-handoff', person: ' ' },
      guardActor,
    );
    expect(handoff).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const unknown = await call(
      'addFeverCaseEvent',
      { caseId: 99, kind: 'note', note: '?' },
      guardActor,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(db.prepare('SELECT COUNT(*) FROM fever_case_events').pluck().get()).toBe(0);
  });

  it('are closed by an admin only, once, and then move to the closed list', async () => {
    const byGuard = await call(
      'closeFeverCase',
      { caseId: 1, outcome: 'sent-home', note: null },
      guardActor,
    );
    expect(byGuard).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await cases()).open).toHaveLength(1);

    const closed = await call(
      'closeFeverCase',
      { caseId: 1, outcome: 'sent-home', note: null },
      adminActor,
    );
    expect(closed).toMatchObject({
      ok: true,
      value: { closed: { outcome: 'sent-home', by: '李老师', at: clock.toISOString() } },
    });
    expect(audited).toContain('closeFeverCase');
    const again = await call(
      'closeFeverCase',
      { caseId: 1, outcome: 'hospital', note: null },
      adminActor,
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const after = await call(
      'addFeverCaseEvent',
      { caseId: 1, kind: 'note', note: '补记' },
      guardActor,
    );
    expect(after).toMatchObject({ ok: false, error: { code: 'bad-input' } });

    const list = await cases();
    expect(list.open).toEqual([]);
    expect(list.closed).toMatchObject([{ id: 1, closed: { outcome: 'sent-home' } }]);
  });

  it('need a note to close with the outcome "other"', async () => {
    const bare = await call(
      'closeFeverCase',
      { caseId: 1, outcome: 'other', note: null },
      adminActor,
    );
    expect(bare).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const noted = await call(
      'closeFeverCase',
      { caseId: 1, outcome: 'other', note: '家长接回后就医' },
      adminActor,
    );
    expect(noted).toMatchObject({
      ok: true,
      value: { closed: { outcome: 'other', note: '家长接回后就医' } },
    });
  });

  it('are not for anyone who has not signed in', async () => {
    expect(await call('feverCases', { closedLimit: 10 }, null)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });
});
