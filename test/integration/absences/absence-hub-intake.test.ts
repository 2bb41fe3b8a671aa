// From a gate to the register at its hub (backend/absences/fever-referral.ts, called by the entry
// log's append and appendCopy): a gate keeps no register, so its refer opens no absence there,
// but it holds the pupil on its own copy of the roster at once (the hub may be away); when the
// gate's records reach the hub (hub-intake.ts, the gate's own reader, each side its own data
// key), the hub opens the pupil's fever-at-gate absence with the reading, linked to the hub's
// fever case, and holds them — and the hold travels to every gate in the hub's feed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateRecordReader } from '../../../backend/hub/gate-records';
import { createHubGates } from '../../../backend/hub/hub-gates';
import { createHubIntake } from '../../../backend/hub/hub-intake';
import type { Decision, ReasonCode } from '../../../contract/api';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { startSchool, type School } from '../hub/hub-rig';

let school: School;
let pupil: number;

beforeEach(() => {
  school = startSchool();
  pupil = Number(
    school.hub.db
      .prepare(
        `INSERT INTO people (card, name, kind, class_name, imported_at)
         VALUES ('S1', '小红', 'student', '三年级2班', '2026-09-01T00:00:00.000Z')`,
      )
      .run().lastInsertRowid,
  );
  school.sync();
  createHubGates(school.hub.db, school.hub.cipher, () => school.clock.now).enroll('east');
});

afterEach(() => {
  school.close();
  removeTempDirs();
});

/** The pupil's entry at the gate east, at 07:40 in Shanghai on 2026-11-23 unless told. */
function atGate(
  decision: Decision,
  reasons: ReasonCode[],
  celsius: number,
  at = '2026-11-22T23:40:00.000Z',
) {
  return school.gate.entryLog.append({
    checkId: `check-${at}`,
    at: new Date(at),
    gateId: 'east',
    decision,
    reasons,
    cardText: 'S1',
    identitySource: 'wedge',
    person: { id: pupil, name: '小红', kind: 'student', className: '三年级2班', idNumber: null },
    temperature: {
      celsius,
      at: new Date(at),
      source: 'simulated',
      settled: true,
      rawCelsius: celsius,
      offsetCelsius: 0,
      ambientCelsius: null,
      manual: null,
    },
    policyVersion: 1,
    followsEntryId: null,
    appointmentId: null,
    guardName: '王保安',
  });
}

/** The gate's records up to the hub, as its link sends them (through JSON). */
function pushToHub(): void {
  const records = createGateRecordReader(school.gate.db, school.gate.cipher).read(0, 500);
  const intake = createHubIntake({ ...school.hub, now: () => school.clock.now });
  const answer = intake.take('east', 0, JSON.parse(JSON.stringify(records)), false);
  if (!answer.ok) throw new Error('the hub refused the records');
}

const statusAt = (side: School['hub']) =>
  side.db
    .prepare(
      'SELECT status, status_reason AS reason, status_set_by AS setBy FROM people WHERE id = ?',
    )
    .get(pupil);

describe('a refer at a gate of a hub', () => {
  it('holds the pupil at the gate at once, and opens their absence at the hub once the entry arrives', () => {
    atGate('refer', ['fever-confirmed'], 38.4);
    expect(school.gate.db.prepare('SELECT count(*) FROM absences').pluck().get()).toBe(0);
    // Held at this gate before the hub hears of it: the hub may be away for hours.
    const held = {
      status: 'needs-certificate',
      reason: '门口发热转诊 38.4 °C，自 2026-11-23',
      setBy: '王保安',
    };
    expect(statusAt(school.gate)).toEqual(held);
    expect(statusAt(school.hub)).toMatchObject({ status: 'active' });

    pushToHub();
    const feverCase = school.hub.db.prepare('SELECT id FROM fever_cases').pluck().get();
    expect(feverCase).toBeDefined();
    expect(
      school.hub.db
        .prepare(
          `SELECT person_id, name, class_name, cause, celsius, fever_case_id, gate_id, since,
             source, opened_at, opened_by, opened_by_name, ended_at FROM absences`,
        )
        .all(),
    ).toEqual([
      {
        person_id: pupil,
        name: '小红',
        class_name: '三年级2班',
        cause: 'fever-at-gate',
        celsius: 38.4,
        fever_case_id: feverCase,
        gate_id: 'east',
        since: '2026-11-23',
        source: 'gate',
        opened_at: '2026-11-22T23:40:00.000Z',
        opened_by: null,
        opened_by_name: '王保安',
        ended_at: null,
      },
    ]);
    expect(statusAt(school.hub)).toEqual(held);
    // The hub's hold comes down in its feed as the same status.
    school.sync();
    expect(statusAt(school.gate)).toEqual(held);
  });

  it('holds a pupil already on the register for another cause, who keeps that absence', () => {
    school.hub.db
      .prepare(
        `INSERT INTO absences (person_id, name, kind, class_name, cause, since, source, opened_at,
           opened_by_name)
         VALUES (?, '小红', 'student', '三年级2班', 'other', '2026-11-20', 'register',
           '2026-11-20T00:00:00.000Z', '班主任')`,
      )
      .run(pupil);
    atGate('refer', ['fever-confirmed'], 38.6);
    pushToHub();
    expect(school.hub.db.prepare('SELECT cause, ended_at FROM absences').all()).toEqual([
      { cause: 'other', ended_at: null },
    ]);
    expect(statusAt(school.hub)).toMatchObject({ status: 'needs-certificate' });
  });

  it('opens nothing for an entry that is no refer', () => {
    atGate('retest', ['temperature-high'], 37.6);
    pushToHub();
    expect(school.hub.db.prepare('SELECT count(*) FROM absences').pluck().get()).toBe(0);
    expect(statusAt(school.hub)).toMatchObject({ status: 'active' });
  });
});
