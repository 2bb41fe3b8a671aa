// The hub's list of visitors' passes used beyond their allowance (backend/hub/pass-overuse.ts,
// status.passOveruse on the hub): two gates that could not reach each other each let the visitor
// of a once-only pass in; the hub stores both entries and lists the one that came second, with
// the visitor's name and allowance, newest first and at most 50, the name gone once purged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateRecordReader, type GateRecord } from '../../../backend/hub/gate-records';
import { createHubGates } from '../../../backend/hub/hub-gates';
import { createHubIntake, type HubIntake } from '../../../backend/hub/hub-intake';
import { createPassOveruse } from '../../../backend/hub/pass-overuse';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment } from '../../fixtures/visit-rows';
import { openSide, startSchool, type School, type SchoolSide } from './hub-rig';

let school: School;
let west: SchoolSide;
let intake: HubIntake;

beforeEach(() => {
  school = startSchool();
  insertAppointment(school.hub.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
  school.hub.db.exec("UPDATE appointments SET entries_allowed = 1 WHERE id = 'A1'");
  school.sync();
  const gates = createHubGates(school.hub.db, school.hub.cipher, () => school.clock.now);
  gates.enroll('east');
  gates.enroll('west');
  intake = createHubIntake({ ...school.hub, now: () => school.clock.now });
  // A second gate with the same copy of the school as east.
  west = openSide('gate');
  west.db.exec(`ATTACH '${school.gate.db.name}' AS east`);
  west.db.exec('INSERT INTO policies SELECT * FROM east.policies');
  west.db.exec('INSERT INTO accounts SELECT * FROM east.accounts');
  west.db.exec('INSERT INTO appointments SELECT * FROM east.appointments');
  west.db.exec('DETACH east');
});

afterEach(() => {
  west.db.close();
  school.close();
  removeTempDirs();
});

const recordsOf = (side: SchoolSide): GateRecord[] =>
  JSON.parse(JSON.stringify(createGateRecordReader(side.db, side.cipher).read(0, 500)));

const visit = (at: string) => ({ at, checkId: `visit-${at}`, appointmentId: 'A1' });

describe('the hub’s passes used beyond their allowance', () => {
  it('lists the once-only pass let in at two gates: the entry that reached the hub second', () => {
    appendEntry(school.gate.entryLog, visit('2026-11-23T01:10:00.000Z'));
    appendEntry(west.entryLog, visit('2026-11-23T01:20:00.000Z'));
    const list = createPassOveruse(school.hub.db).list;
    expect(intake.take('east', 0, recordsOf(school.gate), false).ok).toBe(true);
    expect(list()).toEqual([]);
    expect(intake.take('west', 0, recordsOf(west), false).ok).toBe(true);
    const westEntry = school.hub.db
      .prepare<[], { id: number }>("SELECT id FROM entries WHERE check_id LIKE 'visit-%T01:20%'")
      .get()?.id;
    expect(list()).toEqual([
      {
        entryId: westEntry,
        appointmentId: 'A1',
        visitorName: '访客A1',
        entriesAllowed: 1,
        gateId: 'west',
        at: '2026-11-23T01:20:00.000Z',
      },
    ]);
  });

  it('lists the newest 50, newest first, without the name once retention purged it', () => {
    appendEntry(school.gate.entryLog, visit('2026-11-23T01:00:30.000Z'));
    intake.take('east', 0, recordsOf(school.gate), false);
    const minute = (n: number) =>
      new Date(Date.parse('2026-11-23T01:01:00.000Z') + n * 60_000).toISOString();
    for (let n = 0; n < 55; n += 1) appendEntry(west.entryLog, visit(minute(n)));
    intake.take('west', 0, recordsOf(west), false);
    school.hub.db.exec(
      "UPDATE appointments SET visitor_name = NULL, document_number = NULL, phone = NULL, purged_at = '2026-12-23T00:00:00.000Z' WHERE id = 'A1'",
    );
    const listed = createPassOveruse(school.hub.db).list();
    expect(listed.map((use) => use.at)).toEqual(
      Array.from({ length: 50 }, (_, index) => minute(54 - index)),
    );
    expect(new Set(listed.map((use) => use.visitorName))).toEqual(new Set([null]));
    expect(new Set(listed.map((use) => use.gateId))).toEqual(new Set(['west']));
  });
});
