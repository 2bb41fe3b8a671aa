// A gate's records stored at its hub (backend/hub/hub-intake.ts), read from a real gate database
// by the gate's own reader (gate-records.ts) and taken into a real hub database, each side with
// its own data key: a batch is stored exactly once however often it is resent; a hub restored
// from an older backup says how far it has the gate's records and notes it for the office; the
// district outbox follows who uploads; a refer opens a fever case at the hub; a retest names the
// hub's entry; a pass used beyond its allowance at two gates is kept and flagged; columns the hub
// does not have are dropped.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { createGateRecordReader, type GateRecord } from '../../../backend/hub/gate-records';
import { createHubGates } from '../../../backend/hub/hub-gates';
import { createHubIntake, type HubIntake } from '../../../backend/hub/hub-intake';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment } from '../../fixtures/visit-rows';
import { openSide, startSchool, type School } from './hub-rig';

let school: School;
let intake: HubIntake;

const intakeOf = (side: Pick<School['hub'], 'db' | 'cipher' | 'entryLog'>) =>
  createHubIntake({ ...side, now: () => school.clock.now });

beforeEach(() => {
  school = startSchool();
  insertAppointment(school.hub.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
  school.sync();
  const gates = createHubGates(school.hub.db, school.hub.cipher, () => school.clock.now);
  gates.enroll('east');
  gates.enroll('west');
  intake = intakeOf(school.hub);
});

afterEach(() => {
  school.close();
  removeTempDirs();
});

const recordsOf = (side: School['gate'], after = 0): GateRecord[] =>
  JSON.parse(JSON.stringify(createGateRecordReader(side.db, side.cipher).read(after, 500)));

const count = (side: Pick<School['hub'], 'db'>, sql: string): number =>
  side.db.prepare<[], { n: number }>(sql).get()?.n ?? 0;

const student = (at: string) => ({ at, checkId: `check-${at}` });

describe('a gate’s batch at the hub', () => {
  it('is stored exactly once, resent whole or in overlapping ranges', () => {
    for (const minute of ['10', '11', '12']) {
      appendEntry(school.gate.entryLog, student(`2026-11-23T01:${minute}:00.000Z`));
    }
    const first = intake.take('east', 0, recordsOf(school.gate), false);
    expect(first).toMatchObject({ ok: true, receivedThrough: 3, stored: 3 });
    expect(intake.take('east', 0, recordsOf(school.gate), false)).toMatchObject({
      ok: true,
      receivedThrough: 3,
      stored: 0,
    });
    for (const minute of ['13', '14']) {
      appendEntry(school.gate.entryLog, student(`2026-11-23T01:${minute}:00.000Z`));
    }
    // The gate lost the answer to the first batch and sends from record 1 on, with the new two.
    expect(intake.take('east', 1, recordsOf(school.gate, 1), false)).toMatchObject({
      ok: true,
      receivedThrough: 5,
      stored: 2,
    });
    expect(count(school.hub, 'SELECT count(*) AS n FROM entries')).toBe(5);
    expect(
      school.hub.db
        .prepare<[], { check_id: string; gate_id: string }>(
          'SELECT check_id, gate_id FROM entries ORDER BY id',
        )
        .all()
        .map((row) => `${row.gate_id} ${row.check_id}`),
    ).toEqual(
      ['10', '11', '12', '13', '14'].map((minute) => `east check-2026-11-23T01:${minute}:00.000Z`),
    );
  });

  it('at a hub restored from an older backup is refused with the hub’s number, then resent', () => {
    for (const minute of ['10', '11']) {
      appendEntry(school.gate.entryLog, student(`2026-11-23T01:${minute}:00.000Z`));
    }
    expect(intake.take('east', 0, recordsOf(school.gate), false)).toMatchObject({ ok: true });
    const backup = join(makeTempDir('kiosk-hub-backup-'), 'kiosk.db');
    school.hub.db.exec(`VACUUM INTO '${backup}'`);
    for (const minute of ['12', '13']) {
      appendEntry(school.gate.entryLog, student(`2026-11-23T01:${minute}:00.000Z`));
    }
    expect(intake.take('east', 2, recordsOf(school.gate, 2), false)).toMatchObject({
      receivedThrough: 4,
    });
    // The hub's disk fails; the office restores last night's backup.
    const restoredDb = openDatabase(backup);
    try {
      const restored = { db: restoredDb, cipher: school.hub.cipher };
      const restoredIntake = intakeOf({
        ...restored,
        entryLog: createEntryLog(restoredDb, school.hub.cipher),
      });
      appendEntry(school.gate.entryLog, student('2026-11-23T01:14:00.000Z'));
      expect(restoredIntake.take('east', 4, recordsOf(school.gate, 4), false)).toEqual({
        ok: false,
        receivedThrough: 2,
        reason: 'hub-behind',
      });
      const notice = restoredDb
        .prepare<[], { notice: string | null }>("SELECT notice FROM hub_gates WHERE id = 'east'")
        .get()?.notice;
      expect(JSON.parse(notice ?? 'null')).toEqual({
        code: 'records-restored',
        at: school.clock.now.toISOString(),
        gateHad: 4,
        hubHas: 2,
      });
      expect(count(restored, 'SELECT count(*) AS n FROM entries')).toBe(2);
      // The gate sends again from what the hub has.
      expect(restoredIntake.take('east', 2, recordsOf(school.gate, 2), false)).toMatchObject({
        ok: true,
        receivedThrough: 5,
        stored: 3,
      });
      expect(count(restored, 'SELECT count(*) AS n FROM entries')).toBe(5);
    } finally {
      restoredDb.close();
    }
  });
});

describe('an entry copied from a gate', () => {
  it('goes to the district from the hub only when the gate does not upload it itself', () => {
    appendEntry(school.gate.entryLog, student('2026-11-23T01:10:00.000Z'));
    const outboxBefore = count(school.hub, 'SELECT count(*) AS n FROM outbox');
    intake.take('east', 0, recordsOf(school.gate), true);
    expect(count(school.hub, 'SELECT count(*) AS n FROM outbox')).toBe(outboxBefore);
    const west = openSide('gate');
    west.db.exec(`ATTACH '${school.gate.db.name}' AS east`);
    west.db.exec('INSERT INTO policies SELECT * FROM east.policies');
    west.db.exec('DETACH east');
    appendEntry(west.entryLog, student('2026-11-23T01:11:00.000Z'));
    const [record] = recordsOf(west);
    intake.take('west', 0, record === undefined ? [] : [record], false);
    const hubEntry = school.hub.db
      .prepare<[], { id: number }>("SELECT id FROM entries WHERE gate_id = 'west'")
      .get()?.id;
    expect(
      count(school.hub, `SELECT count(*) AS n FROM outbox WHERE entry_id = ${hubEntry ?? -1}`),
    ).toBe(1);
    expect(count(school.hub, 'SELECT count(*) AS n FROM outbox')).toBe(outboxBefore + 1);
    west.db.close();
  });

  it('opens a fever case at the hub on refer, and its retest names the hub’s entry', () => {
    // The hub's own entries first, so the hub's ids are not the gate's.
    appendEntry(school.hub.entryLog, student('2026-11-23T01:00:00.000Z'));
    appendEntry(school.hub.entryLog, student('2026-11-23T01:01:00.000Z'));
    const retest = appendEntry(school.gate.entryLog, {
      ...student('2026-11-23T01:10:00.000Z'),
      decision: 'retest',
      celsius: 37.6,
    });
    appendEntry(school.gate.entryLog, {
      ...student('2026-11-23T01:20:00.000Z'),
      decision: 'refer',
      celsius: 37.9,
      followsEntryId: retest,
    });
    intake.take('east', 0, recordsOf(school.gate), false);
    const copies = school.hub.db
      .prepare<[], { id: number; decision: string; follows_entry_id: number | null }>(
        "SELECT id, decision, follows_entry_id FROM entries WHERE gate_id = 'east' ORDER BY id",
      )
      .all();
    expect(copies.map((row) => row.decision)).toEqual(['retest', 'refer']);
    expect(copies[0]?.id).not.toBe(retest);
    expect(copies[1]?.follows_entry_id).toBe(copies[0]?.id);
    const cases = school.hub.db
      .prepare<[], { entry_id: number }>('SELECT entry_id FROM fever_cases')
      .all()
      .map((row) => row.entry_id);
    expect(cases).toEqual([copies[1]?.id]);
  });

  it('keeps a pass used beyond its allowance at two gates, and flags it', () => {
    // A1 allows two entries; east lets the visitor in twice, west (offline) once more.
    const west = openSide('gate');
    west.db.exec(`ATTACH '${school.gate.db.name}' AS east`);
    west.db.exec('INSERT INTO policies SELECT * FROM east.policies');
    west.db.exec('INSERT INTO accounts SELECT * FROM east.accounts');
    west.db.exec('INSERT INTO appointments SELECT * FROM east.appointments');
    west.db.exec('DETACH east');
    const visit = (at: string, direction: 'in' | 'out' = 'in') => ({
      at,
      checkId: `visit-${at}`,
      appointmentId: 'A1',
      direction,
    });
    appendEntry(school.gate.entryLog, visit('2026-11-23T01:10:00.000Z'));
    appendEntry(school.gate.entryLog, visit('2026-11-23T01:30:00.000Z', 'out'));
    appendEntry(school.gate.entryLog, visit('2026-11-23T02:10:00.000Z'));
    appendEntry(west.entryLog, visit('2026-11-23T02:20:00.000Z'));
    intake.take('east', 0, recordsOf(school.gate), false);
    intake.take('west', 0, recordsOf(west), false);
    west.db.close();
    expect(count(school.hub, "SELECT count(*) AS n FROM entries WHERE appointment_id = 'A1'")).toBe(
      4,
    );
    expect(
      school.hub.db
        .prepare<[], { entries_used: number }>(
          "SELECT entries_used FROM appointments WHERE id = 'A1'",
        )
        .get()?.entries_used,
    ).toBe(2);
    const flagged = school.hub.db
      .prepare<[], { appointment_id: string; gate_id: string; at: string; check_id: string }>(
        `SELECT o.appointment_id, o.gate_id, o.at, e.check_id
         FROM hub_pass_overuse o JOIN entries e ON e.id = o.entry_id`,
      )
      .all();
    expect(flagged).toEqual([
      {
        appointment_id: 'A1',
        gate_id: 'west',
        at: '2026-11-23T02:20:00.000Z',
        check_id: 'visit-2026-11-23T02:20:00.000Z',
      },
    ]);
  });

  it('drops columns the hub does not have, and never puts one into SQL', () => {
    appendEntry(school.gate.entryLog, student('2026-11-23T01:10:00.000Z'));
    const [record] = recordsOf(school.gate);
    if (record === undefined) throw new Error('the gate has no record');
    const fromNewerGate: GateRecord = {
      ...record,
      row: {
        ...record.row,
        mood_score: 3,
        'name) VALUES (1); DROP TABLE people; --': 'x',
      },
    };
    const people = count(school.hub, 'SELECT count(*) AS n FROM people');
    // Either name in the INSERT would fail it (no such column; a syntax error).
    expect(intake.take('east', 0, [fromNewerGate], false)).toMatchObject({ ok: true, stored: 1 });
    expect(count(school.hub, "SELECT count(*) AS n FROM entries WHERE gate_id = 'east'")).toBe(1);
    expect(count(school.hub, 'SELECT count(*) AS n FROM people')).toBe(people);
  });

  it('seals a courier’s phone again under the hub’s key, with the hub’s own lookup hash', () => {
    const phone = '13912345678';
    school.gate.db
      .prepare(
        `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, phone_hash, company,
           recipient, guard_id, guard_name)
         VALUES ('2026-11-23T01:10:00.000Z', 'north', '快递员', ?, ?, '顺丰', '王老师', 2, '王保安')`,
      )
      .run(school.gate.cipher.seal('phone', phone), school.gate.cipher.lookup('phone', phone));
    intake.take('east', 0, recordsOf(school.gate), false);
    const stored = school.hub.db
      .prepare<[], { phone: string; phone_hash: string; gate_id: string }>(
        'SELECT phone, phone_hash, gate_id FROM courier_drop_offs',
      )
      .get();
    expect(stored?.gate_id).toBe('east');
    expect(school.hub.cipher.open('phone', stored?.phone ?? '')).toBe(phone);
    expect(stored?.phone_hash).toBe(school.hub.cipher.lookup('phone', phone));
  });
});
