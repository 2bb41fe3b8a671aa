// The absence register and the gate on one real single kiosk (createKiosk, the demo roster, the
// simulated thermometer, a clock in the test's hand), through dispatch as the screens call it:
// a pupil absent for illness is held at the gate (denied for want of a certificate, the entry
// saying why and who set it) until the school doctor records the return-to-school certificate,
// then passes; a refer (over the threshold, and again on the retest) opens a fever-at-gate
// absence with the retest's reading and holds the pupil; symptoms are stored sealed.
import { describe, expect, it } from 'vitest';
import type { CheckView } from '../../../contract/api';
import { useDispatchKiosk } from '../../rigs/dispatch-kiosk';

const rig = useDispatchKiosk({ name: 'absence-gate', clock: '2026-11-23T00:00:00.000Z' });
const { value, rows } = rig;
const tick = (seconds: number) => (rig.clock = new Date(rig.clock.getTime() + seconds * 1000));

async function signedIn(): Promise<string> {
  await value('createFirstAdmin', {
    username: 'liu',
    displayName: '刘医生',
    password: 'pw-1234567',
  });
  return String((await value('signIn', { username: 'liu', secret: 'pw-1234567' })).token);
}

const scan = async (text: string) =>
  (await value('scan', { text, source: 'wedge' })) as unknown as CheckView;
const measure = (celsius: number) => value('simulateReading', { celsius });
const personId = (card: string) =>
  Number(rows(`SELECT id FROM people WHERE card = '${card}'`)[0]?.id);

describe('a pupil absent for illness, at the gate', () => {
  it('is held until the certificate is recorded, then passes', async () => {
    const doctor = await signedIn();
    await value(
      'openAbsence',
      {
        personId: personId('S2026001'),
        cause: 'illness',
        symptoms: '发热 咳嗽',
        since: '2026-11-20',
        expectedReturn: null,
        note: null,
      },
      doctor,
    );
    tick(60);
    const held = await scan('S2026001');
    expect(held.entry).toMatchObject({
      decision: 'deny',
      reasons: ['status-needs-certificate'],
      person: { name: '王小明' },
      personStatus: {
        status: 'needs-certificate',
        reason: '因病缺勤，自 2026-11-20',
        setBy: '刘医生',
        setAt: '2026-11-23T00:00:00.000Z',
      },
    });
    // The day's register shows the gate held them, by the gate's name in the config (the
    // default gate: id gate-1, name 校门 1), as the doctor knows it.
    const day = await value('absenceRegister', { date: '2026-11-23' }, doctor);
    expect(day.picture).toMatchObject({ heldAtGate: 1, absentIll: 1 });
    expect(day.awaitingCertificate).toEqual([
      expect.objectContaining({ name: '王小明', heldAt: held.entry?.at, heldGate: '校门 1' }),
    ]);

    tick(60);
    await value(
      'recordReturnCertificate',
      { personId: personId('S2026001'), issuer: '区人民医院', issuedOn: '2026-11-22', scan: null },
      doctor,
    );
    tick(60);
    const back = await scan('S2026001');
    expect(back.entry).toBeNull();
    expect(back.missing).toEqual(['temperature']);
    await measure(36.6);
    const [passed] = (await value('recentEntries', {
      limit: 1,
    })) as unknown as CheckView['entry'][];
    expect(passed).toMatchObject({
      decision: 'pass',
      person: { name: '王小明' },
      personStatus: null,
    });
  });

  it('has the symptoms stored sealed, never in the clear', async () => {
    const doctor = await signedIn();
    await value(
      'openAbsence',
      {
        personId: personId('S2026002'),
        cause: 'illness',
        symptoms: '呕吐 腹泻',
        since: '2026-11-23',
        expectedReturn: null,
        note: null,
      },
      doctor,
    );
    const [stored] = rows('SELECT symptoms FROM absences');
    expect(String(stored?.symptoms)).toMatch(/^enc1:/);
    expect(String(stored?.symptoms)).not.toContain('呕吐');
    expect(rows("SELECT status_reason FROM people WHERE card = 'S2026002'")).toEqual([
      { status_reason: '因病缺勤，自 2026-11-23' },
    ]);
    const day = await value('absenceRegister', { date: '2026-11-23' }, doctor);
    expect(day.open).toEqual([expect.objectContaining({ symptoms: '呕吐 腹泻' })]);
  });
});

describe('a refer at the gate', () => {
  it('opens a fever-at-gate absence with the retest’s reading and holds the pupil', async () => {
    await scan('S2026003');
    await measure(37.9);
    tick(31);
    await scan('S2026003');
    await measure(38.4);
    const [refer] = (await value('recentEntries', { limit: 1 })) as unknown as NonNullable<
      CheckView['entry']
    >[];
    expect(refer).toMatchObject({ decision: 'refer', temperatureCelsius: 38.4 });
    const doctor = await signedIn();
    const day = await value('absenceRegister', { date: '2026-11-23' }, doctor);
    const [feverCase] = rows('SELECT id FROM fever_cases');
    expect(day.open).toEqual([
      expect.objectContaining({
        person: expect.objectContaining({ name: '张子涵', className: '二年级3班' }),
        cause: 'fever-at-gate',
        celsius: 38.4,
        feverCaseId: feverCase?.id,
        gateId: 'gate-1',
        // The gate by its name in the config (the default gate: id gate-1, name 校门 1).
        gateName: '校门 1',
        since: '2026-11-23',
        source: 'gate',
        // No guard looked the pupil up: the gate opened it, named as people know it.
        openedBy: '校门 1',
        held: true,
      }),
    ]);
    expect(
      rows("SELECT status, status_reason, status_set_by FROM people WHERE card = 'S2026003'"),
    ).toEqual([
      {
        status: 'needs-certificate',
        status_reason: '门口发热转诊 38.4 °C，自 2026-11-23',
        status_set_by: '校门 1',
      },
    ]);
    // Back the next morning, well: held; the guard is told who set it by the gate's name.
    rig.clock = new Date('2026-11-24T00:00:00.000Z');
    const next = await scan('S2026003');
    expect(next.entry).toMatchObject({
      decision: 'deny',
      reasons: ['status-needs-certificate'],
      personStatus: { setBy: '校门 1' },
    });
    // A day on, the doctor signs in again.
    const again = String((await value('signIn', { username: 'liu', secret: 'pw-1234567' })).token);
    const nextDay = await value('absenceRegister', { date: '2026-11-24' }, again);
    expect(nextDay.awaitingCertificate).toEqual([
      expect.objectContaining({ name: '张子涵', heldAt: next.entry?.at, heldGate: '校门 1' }),
    ]);
  });
});
