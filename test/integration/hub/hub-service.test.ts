// The hub's side of its gates (backend/hub/hub-service.ts) answering signed requests as the
// HTTP routes hand them over, on a real hub database: a feed request held open returns once the
// office changes something; a body that is not JSON, or has fields the protocol does not know,
// is refused (400); a gate that holds more of the feed than a restored hub answers an empty page
// at the hub's head and the office sees a notice (the lost changes over the records the gate
// sends again, each kept as first noticed); a gate's records go in and come back down to the
// other gates as the visitor's count.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedPage } from '../../../backend/hub/change-feed';
import { createGateRecordReader } from '../../../backend/hub/gate-records';
import { createHubService, type HubService } from '../../../backend/hub/hub-service';
import { createReplicaStore } from '../../../backend/replica/replica-store';
import { importRoster } from '../../../backend/roster/roster-store';
import type { EntryView } from '../../../contract/api';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment } from '../../fixtures/visit-rows';
import { openSide, signedRequest, startSchool, type School } from './hub-rig';

let school: School;
let service: HubService;
let secret: string;
let announced: EntryView[];

beforeEach(() => {
  school = startSchool();
  announced = [];
  service = createHubService({
    ...school.hub,
    passKeys: () => school.passKeys,
    now: () => school.clock.now,
    onEntries: (entries) => announced.push(...entries),
  });
  secret = service.gates.enroll('east');
});

afterEach(() => {
  service.close();
  school.close();
  removeTempDirs();
});

const feed = (body: unknown) =>
  service.handle('feed', signedRequest('east', secret, school.clock.now, body));

const records = (body: unknown) =>
  service.handle(
    'records',
    signedRequest('east', secret, school.clock.now, body, '/hub/v1/records'),
  );

describe('a gate’s feed request', () => {
  it('held open, returns with the change once the hub writes one', async () => {
    const first = await feed({ cursor: 0 });
    expect(first.status).toBe(200);
    const head = (first.body as FeedPage).head;
    let answered = false;
    const waiting = feed({ cursor: head, waitSeconds: 60 }).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    importRoster(
      school.hub.db,
      school.hub.cipher,
      [{ card: 'S1', name: '王小明', kind: 'student', className: '三年级2班', idNumber: null }],
      school.clock.now,
    );
    const answer = await waiting;
    expect(answer.status).toBe(200);
    const page = answer.body as FeedPage;
    expect(page.changes.map((change) => [change.kind, change.row?.card])).toEqual([
      ['person', 'S1'],
    ]);
    expect(page.cursor).toBe(page.head);
  });

  it('refuses a body that is not JSON, or has fields the protocol does not know', async () => {
    for (const body of ['{"cursor":', 'not json', '']) {
      const answer = await feed(body);
      expect(answer, body).toMatchObject({ status: 400, body: { error: 'bad-input' } });
    }
    expect(await feed({ cursor: 0, extra: true })).toMatchObject({ status: 400 });
    expect(await feed({ cursor: -1 })).toMatchObject({ status: 400 });
    expect(await records({ after: 0, records: [], gateUploads: false, more: 1 })).toMatchObject({
      status: 400,
    });
    expect(
      await records({
        after: 0,
        records: [{ id: 1, kind: 'entry', row: { 'a-b': 1 } }],
        gateUploads: false,
      }),
    ).toMatchObject({ status: 400 });
  });

  it('refuses a request not signed by an enrolled gate', async () => {
    const answer = await service.handle(
      'feed',
      signedRequest('east', 'not the secret', school.clock.now, { cursor: 0 }),
    );
    expect(answer).toEqual({ status: 401, body: { refusal: 'bad-signature' } });
  });

  it('from a gate beyond a restored hub’s head, answers an empty page at the head and a notice', async () => {
    const head = school.feed.head();
    const answer = await feed({ cursor: head + 40 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ head, cursor: head, changes: [] });
    const [gate] = service.gates.list();
    expect(gate?.notice).toEqual({
      code: 'changes-restored',
      at: school.clock.now.toISOString(),
      gateHad: head + 40,
      hubHas: head,
    });
    expect(gate?.feedCursor).toBe(head + 40);
  });
});

describe('the office’s notice about a gate', () => {
  const noticeOf = () => service.gates.list()[0]?.notice;
  const later = (ms: number) => (school.clock.now = new Date(school.clock.now.getTime() + ms));

  it('records-restored: the gate had sent more than the hub holds, as first noticed', async () => {
    const first = school.clock.now.toISOString();
    await feed({ cursor: 0, sentThrough: 7 });
    expect(noticeOf()).toEqual({ code: 'records-restored', at: first, gateHad: 7, hubHas: 0 });
    // The gate asks again (and again) until it has sent them: the first noticing stands.
    later(30_000);
    await feed({ cursor: 0, sentThrough: 7 });
    expect(noticeOf()).toEqual({ code: 'records-restored', at: first, gateHad: 7, hubHas: 0 });
    // Another restore later is noticed anew.
    later(60_000);
    await feed({ cursor: 0, sentThrough: 9 });
    expect(noticeOf()).toMatchObject({ at: school.clock.now.toISOString(), gateHad: 9 });
  });

  it('keeps lost changes over the records the gate sends again by itself', async () => {
    const head = school.feed.head();
    await feed({ cursor: head + 40, sentThrough: 7 });
    expect(noticeOf()).toMatchObject({ code: 'changes-restored', gateHad: head + 40 });
    later(30_000);
    // The gate now follows the hub's head, and is still sending its records again.
    await feed({ cursor: head, sentThrough: 7 });
    expect(await records({ after: 7, records: [], gateUploads: false })).toMatchObject({
      status: 409,
    });
    expect(noticeOf()).toMatchObject({ code: 'changes-restored', hubHas: head });
  });

  it('a stored notice this hub cannot read is none, not a broken status', () => {
    school.hub.db.prepare("UPDATE hub_gates SET notice = 'restored?' WHERE id = 'east'").run();
    expect(noticeOf()).toBeNull();
    expect(service.gates.list()).toHaveLength(1);
  });
});

describe('a gate’s records', () => {
  it('are stored, announced, and come down to the other gates as the visitor’s count', async () => {
    insertAppointment(school.hub.db, 'A1', '2026-11-23T01:00:00.000Z', '2026-11-23T04:00:00.000Z');
    school.sync();
    appendEntry(school.gate.entryLog, {
      at: '2026-11-23T01:10:00.000Z',
      appointmentId: 'A1',
    });
    const reader = createGateRecordReader(school.gate.db, school.gate.cipher);
    const sent = JSON.parse(JSON.stringify(reader.read(0, 500))) as unknown;
    const answer = await records({ after: 0, records: sent, gateUploads: false });
    expect(answer).toMatchObject({ status: 200, body: { receivedThrough: 1, stored: 1 } });
    expect(announced.map((entry) => entry.visit?.appointmentId)).toEqual(['A1']);
    // Another gate of the school learns that the visitor is inside.
    const west = openSide('gate');
    const westCopy = createReplicaStore(west.db, west.cipher, 'west');
    const page = await feed({ cursor: 0 });
    westCopy.apply(JSON.parse(JSON.stringify(page.body)) as FeedPage, school.clock.now);
    expect(
      west.db.prepare("SELECT ins, outs FROM replica_visits WHERE appointment_id = 'A1'").get(),
    ).toEqual({ ins: 1, outs: 0 });
    west.db.close();
  });
});
