// Visitors on campus at a gate of a school hub (backend/today/visitors-on-campus.ts): a visitor
// who came in at another gate is known here only from the hub's counts (replica_visits), and
// may leave here; the exit takes them off the list, however this gate's clock stands against
// the other's, before and after the exit reaches the hub and the hub's count comes back down.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateRecordReader } from '../../../backend/hub/gate-records';
import { createHubIntake } from '../../../backend/hub/hub-intake';
import { createHubGates } from '../../../backend/hub/hub-gates';
import {
  createVisitorsOnCampus,
  type VisitorsOnCampus,
} from '../../../backend/today/visitors-on-campus';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment } from '../../fixtures/visit-rows';
import { startSchool, type School } from './hub-rig';

let school: School;
let visitors: VisitorsOnCampus;

beforeEach(() => {
  school = startSchool();
  insertAppointment(school.hub.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
  visitors = createVisitorsOnCampus({
    db: school.gate.db,
    entryLog: school.gate.entryLog,
    gateId: 'east',
    policyVersion: () => 1,
    now: () => school.clock.now,
  });
});

afterEach(() => {
  school.close();
  removeTempDirs();
});

const inside = () => visitors.list().map((visitor) => visitor.appointmentId);

/** The visitor came in at another gate; the hub has that entry (counted in its feed). */
function enteredElsewhere(at: string): void {
  appendEntry(school.hub.entryLog, { at, checkId: `west-${at}`, appointmentId: 'A1' });
}

/** This gate's records up to the hub, stored there, and the hub's answer taken. */
function pushToHub(): void {
  createHubGates(school.hub.db, school.hub.cipher, () => school.clock.now).enroll('east');
  const intake = createHubIntake({ ...school.hub, now: () => school.clock.now });
  const after = school.replica.meta().sentThrough;
  const records = createGateRecordReader(school.gate.db, school.gate.cipher).read(after, 500);
  const answer = intake.take('east', after, JSON.parse(JSON.stringify(records)), true);
  if (!answer.ok) throw new Error('the hub refused the records');
  school.replica.setSentThrough(answer.receivedThrough);
}

describe('a visitor who came in at another gate', () => {
  it('is on this gate’s list and leaves here', () => {
    enteredElsewhere('2026-11-23T01:10:00.000Z');
    school.sync();
    expect(visitors.list()).toEqual([
      expect.objectContaining({ appointmentId: 'A1', enteredAt: '2026-11-23T01:10:00.000Z' }),
    ]);
    const exit = visitors.recordExit('A1');
    expect(exit).toMatchObject({ direction: 'out', visit: { appointmentId: 'A1' } });
    expect(inside()).toEqual([]);
    expect(() => visitors.recordExit('A1')).toThrow(/not on campus/);
  });

  it('is out after leaving here even when this gate’s clock is behind the other’s', () => {
    enteredElsewhere('2026-11-23T02:10:00.000Z');
    school.sync();
    school.clock.now = new Date('2026-11-23T02:00:00.000Z'); // ten minutes behind the other gate
    const exit = visitors.recordExit('A1');
    expect(Date.parse(exit.at)).toBeLessThan(Date.parse('2026-11-23T02:10:00.000Z'));
    expect(inside()).toEqual([]);
    // The hub's count comes down before it has this gate's exit …
    school.sync();
    expect(inside()).toEqual([]);
    // … and after: the hub counts the exit, this gate no longer counts it itself. In between —
    // the exit stored at the hub, its count not yet back here — the visitor does not reappear.
    pushToHub();
    expect(inside()).toEqual([]);
    school.sync();
    expect(school.gate.db.prepare('SELECT ins, outs FROM replica_visits').get()).toEqual({
      ins: 1,
      outs: 1,
    });
    expect(inside()).toEqual([]);
    expect(() => visitors.recordExit('A1')).toThrow(/not on campus/);
  });

  it('is inside again on the second entry of the pass, at either gate', () => {
    enteredElsewhere('2026-11-23T01:10:00.000Z');
    school.sync();
    visitors.recordExit('A1');
    pushToHub();
    school.sync();
    expect(inside()).toEqual([]);
    appendEntry(school.gate.entryLog, {
      at: '2026-11-23T02:30:00.000Z',
      checkId: 'east-again',
      appointmentId: 'A1',
    });
    expect(inside()).toEqual(['A1']);
    pushToHub();
    school.sync();
    expect(inside()).toEqual(['A1']);
    visitors.recordExit('A1');
    expect(inside()).toEqual([]);
  });
});
