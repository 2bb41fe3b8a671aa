// The hub's change feed copied into a gate's database (backend/hub/change-feed.ts,
// backend/replica/replica-store.ts), two real SQLite files with a data key each: the roster
// reaches the gate with its ID numbers sealed under the gate's own key and found by the guard's
// forgotten-card search there; a row changed many times travels once; a policy version is never
// rewritten; a pass's uses never go down; a page with a forged pass key changes nothing; a
// database that becomes a hub names what it already holds; a single kiosk writes no hub rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedPage } from '../../../backend/hub/change-feed';
import { createChangeFeed } from '../../../backend/hub/change-feed';
import { setSchoolRole } from '../../../backend/hub/school-role';
import { createReplicaStore } from '../../../backend/replica/replica-store';
import { findPeople } from '../../../backend/roster/person-lookup';
import { importRoster } from '../../../backend/roster/roster-store';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment, insertBasics } from '../../fixtures/visit-rows';
import { makePassKey, openSide, startSchool, type School } from './hub-rig';

const idNumber = '11010519491231002X';
const student = {
  card: 'S2026001',
  name: '王小明',
  kind: 'student' as const,
  className: '三年级2班',
  idNumber,
};

let school: School;

beforeEach(() => {
  school = startSchool();
});

afterEach(() => {
  school.close();
  removeTempDirs();
});

const storedIdNumber = (side: School['hub'] | School['gate'], card: string) =>
  side.db
    .prepare<[string], { id_number: string }>('SELECT id_number FROM people WHERE card = ?')
    .get(card)?.id_number;

describe('the roster, copied to a gate', () => {
  it('arrives with the ID number sealed under the gate’s own key and found by its last four', () => {
    importRoster(school.hub.db, school.hub.cipher, [student], school.clock.now);
    school.sync();
    const atHub = storedIdNumber(school.hub, student.card);
    const atGate = storedIdNumber(school.gate, student.card);
    expect(atGate).toMatch(/^enc1:/);
    expect(atGate).not.toBe(atHub);
    expect(school.gate.cipher.open('id-number', atGate ?? '')).toBe(idNumber);
    // The hub's key cannot open the gate's copy: each side seals with its own.
    expect(() => school.hub.cipher.open('id-number', atGate ?? '')).toThrow();
    for (const query of ['002X', '002x', idNumber]) {
      const found = findPeople(school.gate.db, school.gate.cipher, query).people;
      expect(
        found.map((person) => person.name),
        query,
      ).toEqual(['王小明']);
    }
  });

  it('sends a row changed many times once, as it is now', () => {
    importRoster(school.hub.db, school.hub.cipher, [student], school.clock.now);
    school.sync();
    const setClass = school.hub.db.prepare('UPDATE people SET class_name = ? WHERE card = ?');
    for (const className of ['三年级3班', '三年级4班', '四年级1班']) {
      setClass.run(className, student.card);
    }
    const page = school.page();
    expect(page.changes.map((change) => change.kind)).toEqual(['person']);
    expect(page.changes[0]?.row).toMatchObject({ class_name: '四年级1班', id_number: idNumber });
    school.replica.apply(page, school.clock.now);
    const className = school.gate.db
      .prepare<[string], { class_name: string }>('SELECT class_name FROM people WHERE card = ?')
      .get(student.card)?.class_name;
    expect(className).toBe('四年级1班');
    expect(school.page().changes).toEqual([]);
  });
});

describe('what the gate keeps of its own', () => {
  it('leaves a policy version it holds as it is when the version is sent again', () => {
    school.sync();
    const bodyAtGate = () =>
      school.gate.db
        .prepare<[], { body: string }>('SELECT body FROM policies WHERE version = 1')
        .get()?.body;
    expect(bodyAtGate()).toBe('{}');
    const again: FeedPage = {
      hubId: school.feed.hubId,
      head: school.feed.head(),
      cursor: school.feed.head(),
      changes: [
        {
          seq: school.feed.head(),
          kind: 'policy',
          key: '1',
          row: {
            version: 1,
            effective_from: '2026-01-01T00:00:00.000Z',
            body: '{"feverThresholdCelsius":39}',
            created_at: '2026-01-01T00:00:00.000Z',
            source: 'config',
            saved_by: null,
          },
        },
      ],
    };
    school.replica.apply(again, school.clock.now);
    expect(bodyAtGate()).toBe('{}');
  });

  it('never lowers a pass’s uses to an older count from the hub', () => {
    insertAppointment(school.hub.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
    school.sync();
    const used = () =>
      school.gate.db
        .prepare<[], { entries_used: number }>(
          "SELECT entries_used FROM appointments WHERE id = 'A1'",
        )
        .get()?.entries_used;
    expect(used()).toBe(0);
    // The visitor came in at this gate while the hub had not heard of it yet.
    school.gate.db.prepare("UPDATE appointments SET entries_used = 1 WHERE id = 'A1'").run();
    // Meanwhile the hub changed something else of the appointment, with its older count.
    school.hub.db.prepare("UPDATE appointments SET host = '李老师' WHERE id = 'A1'").run();
    school.sync();
    expect(used()).toBe(1);
    // A newer count from the hub (both gates' uses) is taken.
    school.hub.db.prepare("UPDATE appointments SET entries_used = 2 WHERE id = 'A1'").run();
    school.sync();
    expect(used()).toBe(2);
  });

  it('refuses a page whose pass key is not the one its kid names, and applies none of it', () => {
    school.sync();
    const before = school.replica.meta();
    importRoster(school.hub.db, school.hub.cipher, [student], school.clock.now);
    const honest = school.page();
    const forged = makePassKey();
    const [known] = [...school.passKeys.keys()];
    const page: FeedPage = {
      ...honest,
      changes: [
        ...honest.changes,
        {
          seq: honest.cursor,
          kind: 'pass-key',
          key: known ?? '',
          row: {
            kid: known ?? '',
            public_key: forged.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          },
        },
      ],
    };
    expect(() => school.replica.apply(page, school.clock.now)).toThrow(/does not match/);
    expect(storedIdNumber(school.gate, student.card)).toBeUndefined();
    expect(school.replica.meta()).toEqual(before);
    expect(
      [...school.replica.passKeys().values()].map((key) => key.equals(forged.publicKey)),
    ).not.toContain(true);
    // The honest page still applies.
    school.replica.apply(honest, school.clock.now);
    expect(storedIdNumber(school.gate, student.card)).toMatch(/^enc1:/);
  });

  it('copies the school’s pass keys, so the gate verifies passes the hub signs', () => {
    school.sync();
    const keys = school.replica.passKeys();
    expect([...keys.keys()]).toEqual([...school.passKeys.keys()]);
    for (const [kid, key] of keys) expect(key.equals(school.passKeys.get(kid) ?? key)).toBe(true);
  });
});

describe('a database that becomes a hub', () => {
  it('names the rows it already held, once, and its gate copies them', () => {
    const kiosk = openSide(null);
    insertBasics(kiosk.db);
    importRoster(kiosk.db, kiosk.cipher, [student], new Date('2026-09-01T00:00:00.000Z'));
    insertAppointment(kiosk.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
    expect(countRows(kiosk.db, 'feed_changes')).toBe(0);
    setSchoolRole(kiosk.db, 'hub');
    const key = makePassKey();
    const feed = createChangeFeed({
      db: kiosk.db,
      cipher: kiosk.cipher,
      passKeys: () => new Map([[key.kid, key.publicKey]]),
    });
    feed.seed();
    const named = () =>
      kiosk.db
        .prepare<[], { kind: string; key: string }>(
          'SELECT kind, key FROM feed_changes ORDER BY seq',
        )
        .all()
        .map((row) => `${row.kind}:${row.key}`);
    expect(named()).toEqual([
      'person:1',
      'policy:1',
      'appointment:A1',
      'account:1',
      'account:2',
      `pass-key:${key.kid}`,
    ]);
    feed.seed();
    expect(named()).toHaveLength(6);

    const gate = openSide('gate');
    const replica = createReplicaStore(gate.db, gate.cipher, 'east');
    replica.apply(JSON.parse(JSON.stringify(feed.page(0, 100))) as FeedPage, new Date());
    expect(countRows(gate.db, 'people')).toBe(1);
    expect(countRows(gate.db, 'appointments')).toBe(1);
    expect(countRows(gate.db, 'accounts')).toBe(2);
    expect([...replica.passKeys().keys()]).toEqual([key.kid]);
    kiosk.db.close();
    gate.db.close();
  });
});

describe('a single kiosk (no school role)', () => {
  it('writes no feed changes and no hub outbox rows, where a hub and a gate do', () => {
    const written = (role: 'hub' | 'gate' | null) => {
      const side = openSide(role);
      insertBasics(side.db);
      importRoster(side.db, side.cipher, [student], new Date('2026-09-01T00:00:00.000Z'));
      side.db.prepare("UPDATE people SET status = 'isolating' WHERE card = ?").run(student.card);
      insertAppointment(side.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
      appendEntry(side.entryLog, { at: '2026-11-23T01:10:00.000Z', appointmentId: 'A1' });
      appendEntry(side.entryLog, { at: '2026-11-23T01:11:00.000Z', decision: 'refer' });
      side.db
        .prepare(`INSERT INTO shifts (account_id, gate_id, started_at) VALUES (2, 'east', ?)`)
        .run('2026-11-23T00:00:00.000Z');
      side.db.prepare("UPDATE shifts SET handover_note = '交班' WHERE account_id = 2").run();
      const counts = {
        feed: countRows(side.db, 'feed_changes'),
        outbox: countRows(side.db, 'hub_outbox'),
      };
      side.db.close();
      return counts;
    };
    expect(written(null)).toEqual({ feed: 0, outbox: 0 });
    expect(written('hub').feed).toBeGreaterThan(0);
    expect(written('gate').outbox).toBeGreaterThan(0);
  });
});

function countRows(db: School['hub']['db'], table: string): number {
  return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
}
