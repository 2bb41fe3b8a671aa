// The absence register in a school with a hub, on whole kiosks (the hub served over loopback
// HTTP, a gate that joined it): the register is kept at the hub — at the gate every absence
// operation is refused 'at-hub' and nothing is written — and its hold reaches the gate through
// the hub's feed: the pupil the school doctor registered ill is held at the gate, and passes
// there once the certificate is recorded at the hub. A refer at the gate reaches the register
// under the gate's name, as the gate gives it with its health, not its id.
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, CheckView } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { shanghaiDate } from '../../../contract/school-time';
import type { Kiosk } from '../../../backend/kiosk';
import { waitFor } from '../../rigs/wait-for';
import {
  gateCaller,
  gateConfig,
  linkStatus,
  makeDataDir,
  serveHub,
  startKiosk,
  stopSchoolKiosks,
} from '../hub/school-kiosks';

afterEach(stopSchoolKiosks);

const doctorActor = { id: 1, username: 'liu', displayName: '刘医生', role: 'admin' } as const;

async function value(kiosk: Kiosk, name: string, input: unknown, caller: Caller) {
  const result = await dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

/**
 * A hub with its first admin signed in, and a gate holding the hub's feed. The gate's clock runs
 * `ahead` of the hub's (well inside the skew the hub allows): moving it on lets a card read again
 * open a new check rather than show the decision just made.
 */
async function school() {
  const ahead = { ms: 0 };
  const { kiosk: hub, db: hubDb } = await startKiosk(
    await makeDataDir(),
    { gate: { id: 'office', name: '办公室' } },
    { hub: true },
  );
  await value(
    hub,
    'createFirstAdmin',
    { username: 'liu', displayName: '刘医生', password: 'pw-1234567' },
    gateCaller,
  );
  const { token } = await value(
    hub,
    'signIn',
    { username: 'liu', secret: 'pw-1234567' },
    gateCaller,
  );
  const session = String(token);
  const doctor: Caller = { actor: hub.authenticate(session), session, origin: 'test' };
  const url = await serveHub(hub);
  // Named as people know it; the hub learns the name from the health the gate reports.
  const { kiosk: gate, db: gateDb } = await startKiosk(
    await makeDataDir(),
    { ...gateConfig(hub, 'east', url), gate: { id: 'east', name: '东门' } },
    { hubWaitSeconds: 1, now: () => new Date(Date.now() + ahead.ms) },
  );
  await linkStatus(
    gate,
    (status) => status?.state === 'online' && status.syncedAt !== null,
    'the gate to hold the hub’s feed',
  );
  const personId = Number(
    hubDb.prepare("SELECT id FROM people WHERE card = 'S2026001'").pluck().get(),
  );
  const gateStatus = (status: string) =>
    waitFor(
      () => gateDb.prepare("SELECT status FROM people WHERE card = 'S2026001'").pluck().get(),
      (seen) => seen === status,
      { timeoutMs: 15_000, what: `the pupil's status ${status} at the gate` },
    );
  return { hub, hubDb, gate, gateDb, doctor, personId, gateStatus, ahead };
}

const scan = async (gate: Kiosk) =>
  (await value(gate, 'scan', { text: 'S2026001', source: 'wedge' }, gateCaller)) as CheckView;
const measure = (gate: Kiosk, celsius: number) =>
  value(gate, 'simulateReading', { celsius }, gateCaller);

describe('the absence register at a gate of a hub', () => {
  it('is refused at-hub, every operation, and nothing is written', async () => {
    const { gate, gateDb, personId } = await school();
    // Signed in as the hub's account the gate has copied: still refused, the register is the hub's.
    const asDoctor: Caller = { actor: doctorActor, session: null, origin: 'test' };
    const attempts = {
      absenceRegister: { date: '2026-11-23' },
      openAbsence: {
        personId,
        cause: 'illness',
        symptoms: null,
        since: '2026-11-23',
        expectedReturn: null,
        note: null,
      },
      addAbsenceFollowUp: {
        absenceId: 1,
        method: 'phone',
        outcome: 'recovered',
        contact: null,
        note: null,
      },
      setExpectedReturn: { absenceId: 1, expectedReturn: null },
      endAbsence: { absenceId: 1, how: 'cancelled', note: '错了' },
      recordReturnCertificate: {
        personId,
        issuer: '区人民医院',
        issuedOn: '2026-11-22',
        scan: null,
      },
      returnCertificateScan: { certificateId: 1 },
      importAbsences: { fileName: 'a.csv', fileBase64: '', date: '2026-11-23' },
    };
    for (const [name, input] of Object.entries(attempts)) {
      const result = await dispatch(gate.handlers, name, input, asDoctor, gate.audit);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'at-hub' } });
    }
    expect(gateDb.prepare('SELECT count(*) FROM absences').pluck().get()).toBe(0);
    expect(gateDb.prepare("SELECT status FROM people WHERE card = 'S2026001'").pluck().get()).toBe(
      'active',
    );
  });

  it('holds the pupil the hub registered ill until the hub records the certificate', async () => {
    const { hub, gate, doctor, personId, gateStatus, ahead } = await school();
    const today = shanghaiDate(new Date());
    await value(
      hub,
      'openAbsence',
      {
        personId,
        cause: 'illness',
        symptoms: '发热',
        since: today,
        expectedReturn: null,
        note: null,
      },
      doctor,
    );
    await gateStatus('needs-certificate');
    const held = await scan(gate);
    expect(held.entry).toMatchObject({
      decision: 'deny',
      reasons: ['status-needs-certificate'],
      personStatus: { reason: `因病缺勤，自 ${today}`, setBy: '刘医生' },
    });
    await value(
      hub,
      'recordReturnCertificate',
      { personId, issuer: '区人民医院', issuedOn: today, scan: null },
      doctor,
    );
    await gateStatus('active');
    ahead.ms = 60_000;
    const back = await scan(gate);
    expect(back.entry).toBeNull();
    expect(back.missing).toEqual(['temperature']);
  });

  it('names the gate that referred the pupil by its name: the absence, the hold, the doctor', async () => {
    const { hub, hubDb, gate, doctor, gateStatus, ahead } = await school();
    await scan(gate);
    await measure(gate, 37.9);
    ahead.ms = 31_000; // past the retest's wait
    await scan(gate);
    await measure(gate, 38.4);
    const [refer] = (await value(gate, 'recentEntries', { limit: 1 }, gateCaller)) as unknown as {
      at: string;
    }[];
    expect(refer).toMatchObject({ decision: 'refer' });
    // The gate holds the pupil at once; the refer reaches the hub, which opens the absence and
    // holds the pupil at every gate.
    await gateStatus('needs-certificate');
    await waitFor(
      () => hubDb.prepare('SELECT count(*) FROM absences').pluck().get(),
      (count) => count === 1,
      { timeoutMs: 10_000, what: 'the refer to open the absence at the hub' },
    );
    const date = shanghaiDate(new Date(String(refer?.at)));
    const day = await value(hub, 'absenceRegister', { date }, doctor);
    expect(day.open).toEqual([
      expect.objectContaining({
        cause: 'fever-at-gate',
        gateId: 'east',
        gateName: '东门',
        // No guard looked the pupil up: the gate, as the guards know it, set the hold.
        openedBy: '东门',
      }),
    ]);
    expect(
      hubDb.prepare("SELECT status_set_by FROM people WHERE card = 'S2026001'").pluck().get(),
    ).toBe('东门');
    ahead.ms = 120_000;
    const held = await scan(gate);
    expect(held.entry).toMatchObject({
      decision: 'deny',
      reasons: ['status-needs-certificate'],
      personStatus: { setBy: '东门' },
    });
    // Once the held entry reaches the hub, the doctor sees where the pupil is waiting.
    const awaiting = await waitFor(
      async () => (await value(hub, 'absenceRegister', { date }, doctor)).awaitingCertificate,
      (list) => Array.isArray(list) && list.some((each) => each.heldAt === held.entry?.at),
      { timeoutMs: 15_000, what: 'the held entry at the hub' },
    );
    expect(awaiting).toEqual([expect.objectContaining({ heldGate: '东门' })]);
  });
});
