// The hub's feed read in small pages (backend/hub/change-feed.ts page()): whatever the hub did
// between pulls, a gate that applies page after page never skips a change. After every page, a
// row the hub has not changed since the gate's cursor is on the gate exactly as at the hub; every
// page commits (the gate checks foreign keys at each page: an appointment's maker, an account's
// creator); and at the head the gate holds all of it. Random runs; the seed is in the message
// (HUB_FEED_SEED=… reruns one).
import { afterEach, describe, expect, it } from 'vitest';
import { readRow, type ReplicatedKind } from '../../../backend/hub/replicated-tables';
import { importRoster } from '../../../backend/roster/roster-store';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { startSchool, type School } from './hub-rig';

afterEach(() => {
  removeTempDirs();
});

/** A small seeded generator (mulberry32): the same seed, the same run. */
function randomOf(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** One thing the office does at the hub, chosen at random. */
function hubStep(school: School, random: ReturnType<typeof randomOf>, step: number): void {
  const { db, cipher } = school.hub;
  const ids = (table: string, key = 'id') =>
    db
      .prepare<[], { id: number | string }>(`SELECT ${key} AS id FROM ${table}`)
      .all()
      .map((r) => r.id);
  const at = new Date(Date.parse('2026-11-23T00:00:00.000Z') + step * 60_000).toISOString();
  const until = new Date(Date.parse(at) + 3_600_000).toISOString();
  switch (random.below(7)) {
    case 0:
      importRoster(
        db,
        cipher,
        [
          {
            card: `S${1000 + step}`,
            name: `学生${step}`,
            kind: 'student',
            className: `${1 + random.below(6)}年级1班`,
            idNumber: random.below(3) === 0 ? null : `1101051949123${String(1000 + step)}X`,
          },
        ],
        new Date(at),
      );
      return;
    case 1: {
      const people = ids('people');
      if (people.length === 0) return;
      db.prepare('UPDATE people SET class_name = ? WHERE id = ?').run(
        `改${step}`,
        random.pick(people),
      );
      return;
    }
    case 2:
      db.prepare(
        `INSERT INTO accounts (username, display_name, role, secret_hash, created_at, created_by)
         VALUES (?, ?, 'guard', 'x', ?, ?)`,
      ).run(`guard${step}`, `保安${step}`, at, random.pick(ids('accounts')));
      return;
    case 3:
      // A reset secret: the account's latest change moves past rows that name it.
      db.prepare('UPDATE accounts SET secret_hash = ? WHERE id = ?').run(
        `hash${step}`,
        random.pick(ids('accounts')),
      );
      return;
    case 4:
      db.prepare(
        `INSERT INTO appointments (id, visitor_name, document_type, document_number, phone, host,
           reason, area, valid_from, valid_to, entries_allowed, state, created_at, created_by)
         VALUES (?, ?, 'resident-id', ?, '13800138000', '王老师', '家长会', '教学楼A座', ?, ?, 3,
           'approved', ?, ?)`,
      ).run(`A${step}`, `访客${step}`, `D${step}`, at, until, at, random.pick(ids('accounts')));
      return;
    case 5: {
      const appointments = ids('appointments');
      if (appointments.length === 0) return;
      db.prepare(
        `UPDATE appointments SET entries_used = entries_used + 1
         WHERE id = ? AND entries_used < entries_allowed`,
      ).run(random.pick(appointments));
      return;
    }
    default:
      db.prepare('UPDATE appointments SET approved_by = ? WHERE id = ?').run(
        random.pick(ids('accounts')),
        random.pick(ids('appointments')) ?? '',
      );
  }
}

/** Every row the hub has not changed after `cursor` is on the gate as it is at the hub. */
function expectSettledRowsCopied(school: School, cursor: number, message: string): void {
  const settled = school.hub.db
    .prepare<[number], { kind: string; key: string }>(
      `SELECT kind, key FROM feed_changes GROUP BY kind, key HAVING max(seq) <= ?`,
    )
    .all(cursor);
  for (const { kind, key } of settled) {
    if (!['person', 'policy', 'appointment', 'account'].includes(kind)) continue;
    const replicated = kind as ReplicatedKind;
    const atHub = readRow(school.hub.db, school.hub.cipher, replicated, key);
    const atGate = readRow(school.gate.db, school.gate.cipher, replicated, key);
    expect(atGate, `${message}: ${kind} ${key} at cursor ${cursor}`).toEqual(atHub);
  }
}

describe('the feed in small pages', () => {
  const runs = process.env.HUB_FEED_SEED === undefined ? 12 : 1;
  const firstSeed = Number(process.env.HUB_FEED_SEED ?? Date.now() % 1_000_000);
  for (let run = 0; run < runs; run += 1) {
    const seed = firstSeed + run;
    it(`never skips a change (seed ${seed})`, () => {
      const random = randomOf(seed);
      const school = startSchool();
      try {
        const message = `HUB_FEED_SEED=${seed}`;
        for (let step = 0; step < 80; step += 1) {
          hubStep(school, random, step);
          if (random.below(4) !== 0) continue;
          // The gate pulls a few pages, not necessarily to the head.
          for (let pulls = random.below(3); pulls >= 0; pulls -= 1) {
            const page = school.page(1 + random.below(3));
            expect(() => school.replica.apply(page, school.clock.now), message).not.toThrow();
            expectSettledRowsCopied(school, page.cursor, message);
          }
        }
        school.sync(1 + random.below(3));
        const cursor = school.replica.meta().cursor;
        expect(cursor, message).toBe(school.feed.head());
        expectSettledRowsCopied(school, cursor, message);
        for (const table of ['people', 'appointments', 'accounts', 'policies']) {
          const count = (db: School['hub']['db']) =>
            db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n;
          expect(count(school.gate.db), `${message}: ${table}`).toBe(count(school.hub.db));
        }
      } finally {
        school.close();
      }
    });
  }
});
