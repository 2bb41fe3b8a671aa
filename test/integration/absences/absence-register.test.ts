// The absence register's rules (backend/absences/absence-register.ts) through dispatch on a real
// single kiosk with the demo roster: an illness absence holds the pupil (needs-certificate, the
// reason without symptoms) and another cause does not; one open absence per person; follow-ups
// and the expected return only on an open absence; an illness absence ends only by the
// certificate, which clears needs-certificate or isolating and ends it; cancelling one recorded
// in error lifts its hold; every refusal says why and writes nothing.
import { describe, expect, it } from 'vitest';
import { useDispatchKiosk } from '../../rigs/dispatch-kiosk';

const rig = useDispatchKiosk({ name: 'absence-register', clock: '2026-11-23T00:30:00.000Z' });
const { call, value, rows } = rig;

/** The first admin 李老师 signed in; answers the session. */
async function signedIn(): Promise<string> {
  await value('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'pw-1234567',
  });
  return signIn();
}

/** 李老师 signs in again (a session idle for hours has ended). */
async function signIn(): Promise<string> {
  return String((await value('signIn', { username: 'li', secret: 'pw-1234567' })).token);
}

const idOf = (card: string) => Number(rows(`SELECT id FROM people WHERE card = '${card}'`)[0]?.id);
const statusOf = (card: string) =>
  rows(
    `SELECT status, status_reason AS reason, status_set_by AS setBy, status_set_at AS setAt
     FROM people WHERE card = '${card}'`,
  )[0];
const count = (table: string) => Number(rows(`SELECT count(*) AS n FROM ${table}`)[0]?.n);

const illness = (personId: number) => ({
  personId,
  cause: 'illness',
  symptoms: '发热 咳嗽',
  since: '2026-11-23',
  expectedReturn: null,
  note: null,
});

describe('opening an absence', () => {
  it('for illness holds the pupil with a reason the guard may see, without the symptoms', async () => {
    const admin = await signedIn();
    const absence = await value('openAbsence', illness(idOf('S2026001')), admin);
    expect(absence).toMatchObject({
      person: { name: '王小明', kind: 'student', className: '一年级1班' },
      className: '一年级1班',
      cause: 'illness',
      symptoms: '发热 咳嗽',
      since: '2026-11-23',
      source: 'register',
      openedBy: '李老师',
      openedAt: '2026-11-23T00:30:00.000Z',
      followUps: [],
      followUpDue: true,
      held: true,
      ended: null,
      certificate: null,
    });
    expect(statusOf('S2026001')).toEqual({
      status: 'needs-certificate',
      reason: '因病缺勤，自 2026-11-23',
      setBy: '李老师',
      setAt: '2026-11-23T00:30:00.000Z',
    });
  });

  it('for another cause holds nobody', async () => {
    const admin = await signedIn();
    const absence = await value(
      'openAbsence',
      { ...illness(idOf('S2026002')), cause: 'other', symptoms: null, note: '家中有事' },
      admin,
    );
    expect(absence).toMatchObject({ cause: 'other', followUpDue: false, held: false });
    expect(statusOf('S2026002')).toMatchObject({ status: 'active', reason: null });
  });

  it('leaves an isolating pupil isolating', async () => {
    const admin = await signedIn();
    await value(
      'setPersonStatus',
      { personId: idOf('S2026003'), status: 'isolating', reason: '密接者' },
      admin,
    );
    await value('openAbsence', illness(idOf('S2026003')), admin);
    expect(statusOf('S2026003')).toMatchObject({ status: 'isolating', reason: '密接者' });
  });

  it('refuses a second open absence for the same person, saying so, and writes nothing', async () => {
    const admin = await signedIn();
    await value('openAbsence', illness(idOf('S2026001')), admin);
    const again = await call(
      'openAbsence',
      { ...illness(idOf('S2026001')), cause: 'other' },
      admin,
    );
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'bad-input',
        message: expect.stringMatching(/王小明 already has an open absence/),
      },
    });
    expect(count('absences')).toBe(1);
  });

  it('refuses someone not on the roster, a return before the first day, and no real date', async () => {
    const admin = await signedIn();
    const refusals = [
      [{ ...illness(9999) }, /No person with id 9999/],
      [{ ...illness(idOf('S2026001')), expectedReturn: '2026-11-20' }, /before the absence began/],
      [{ ...illness(idOf('S2026001')), since: '2026-02-30' }, /no real date/],
    ] as const;
    for (const [input, words] of refusals) {
      expect(await call('openAbsence', input, admin)).toMatchObject({
        ok: false,
        error: { code: 'bad-input', message: expect.stringMatching(words) },
      });
    }
    expect(count('absences')).toBe(0);
    expect(statusOf('S2026001')).toMatchObject({ status: 'active' });
  });

  it('needs someone signed in', async () => {
    expect(await call('openAbsence', illness(1))).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });
});

describe('an open absence', () => {
  it('takes follow-ups in order with who recorded them; the follow-up is no longer due', async () => {
    let admin = await signedIn();
    const { id } = await value('openAbsence', illness(idOf('S2026001')), admin);
    rig.clock = new Date('2026-11-23T02:00:00.000Z');
    admin = await signIn();
    const called = await value(
      'addAbsenceFollowUp',
      { absenceId: id, method: 'phone', outcome: 'seen-doctor', contact: '王妈妈', note: '已就医' },
      admin,
    );
    expect(called).toMatchObject({
      followUpDue: false,
      followUps: [
        {
          at: '2026-11-23T02:00:00.000Z',
          method: 'phone',
          outcome: 'seen-doctor',
          contact: '王妈妈',
          note: '已就医',
          recordedBy: '李老师',
        },
      ],
    });
    // The next school day, a call is due again.
    rig.clock = new Date('2026-11-24T00:30:00.000Z');
    admin = await signIn();
    const register = await value('absenceRegister', { date: '2026-11-24' }, admin);
    expect(register.open).toEqual([expect.objectContaining({ id, followUpDue: true })]);
  });

  it('takes an expected return on or after its first day, and clears it', async () => {
    const admin = await signedIn();
    const { id } = await value('openAbsence', illness(idOf('S2026001')), admin);
    const set = await value(
      'setExpectedReturn',
      { absenceId: id, expectedReturn: '2026-11-26' },
      admin,
    );
    expect(set).toMatchObject({ expectedReturn: '2026-11-26' });
    const early = await call(
      'setExpectedReturn',
      { absenceId: id, expectedReturn: '2026-11-22' },
      admin,
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const cleared = await value(
      'setExpectedReturn',
      { absenceId: id, expectedReturn: null },
      admin,
    );
    expect(cleared).toMatchObject({ expectedReturn: null });
  });

  it('for another cause ends as returned', async () => {
    const admin = await signedIn();
    const { id } = await value(
      'openAbsence',
      { ...illness(idOf('S2026002')), cause: 'other', symptoms: null },
      admin,
    );
    const ended = await value(
      'endAbsence',
      { absenceId: id, how: 'returned', note: '已返校' },
      admin,
    );
    expect(ended).toMatchObject({
      ended: { how: 'returned', by: '李老师', note: '已返校', at: '2026-11-23T00:30:00.000Z' },
    });
  });

  it('for illness does not end as returned: the certificate ends it, and the hold stays', async () => {
    const admin = await signedIn();
    const { id } = await value('openAbsence', illness(idOf('S2026001')), admin);
    const returned = await call(
      'endAbsence',
      { absenceId: id, how: 'returned', note: '回来了' },
      admin,
    );
    expect(returned).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/return-to-school certificate/) },
    });
    expect(rows('SELECT ended_at FROM absences')).toEqual([{ ended_at: null }]);
    expect(statusOf('S2026001')).toMatchObject({ status: 'needs-certificate' });
  });

  it('cancelled as recorded in error lifts the hold it set', async () => {
    const admin = await signedIn();
    const { id } = await value('openAbsence', illness(idOf('S2026001')), admin);
    const cancelled = await value(
      'endAbsence',
      { absenceId: id, how: 'cancelled', note: '登记错了' },
      admin,
    );
    expect(cancelled).toMatchObject({ ended: { how: 'cancelled' }, held: false });
    expect(statusOf('S2026001')).toMatchObject({ status: 'active', reason: null, setBy: '李老师' });
  });
});

describe('an ended absence', () => {
  it('takes no follow-up, no expected return and no second ending', async () => {
    const admin = await signedIn();
    const { id } = await value(
      'openAbsence',
      { ...illness(idOf('S2026002')), cause: 'other', symptoms: null },
      admin,
    );
    await value('endAbsence', { absenceId: id, how: 'returned', note: '已返校' }, admin);
    const attempts = [
      call(
        'addAbsenceFollowUp',
        { absenceId: id, method: 'phone', outcome: 'recovered', contact: null, note: null },
        admin,
      ),
      call('setExpectedReturn', { absenceId: id, expectedReturn: '2026-11-25' }, admin),
      call('endAbsence', { absenceId: id, how: 'cancelled', note: '?' }, admin),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt).toMatchObject({
        ok: false,
        error: { code: 'bad-input', message: expect.stringMatching(/has ended/) },
      });
    }
    expect(count('absence_follow_ups')).toBe(0);
    expect(rows('SELECT expected_return, ended_how FROM absences')).toEqual([
      { expected_return: null, ended_how: 'returned' },
    ]);
  });
});

describe('the return-to-school certificate', () => {
  const certificate = (personId: number) => ({
    personId,
    issuer: '区人民医院',
    issuedOn: '2026-11-23',
    scan: null,
  });

  it('clears needs-certificate and ends the illness absence, in one go', async () => {
    let admin = await signedIn();
    const { id } = await value('openAbsence', illness(idOf('S2026001')), admin);
    rig.clock = new Date('2026-11-25T00:10:00.000Z');
    admin = await signIn();
    const recorded = await value('recordReturnCertificate', certificate(idOf('S2026001')), admin);
    expect(recorded).toMatchObject({
      certificate: {
        issuer: '区人民医院',
        issuedOn: '2026-11-23',
        recordedAt: '2026-11-25T00:10:00.000Z',
        recordedBy: '李老师',
        hasScan: false,
        cleared: 'needs-certificate',
      },
      absence: {
        id,
        held: false,
        ended: { how: 'certificate', at: '2026-11-25T00:10:00.000Z', by: '李老师', note: null },
        certificate: { issuer: '区人民医院' },
      },
    });
    expect(statusOf('S2026001')).toEqual({
      status: 'active',
      reason: null,
      setBy: '李老师',
      setAt: '2026-11-25T00:10:00.000Z',
    });
    expect(rows('SELECT absence_id, cleared FROM return_certificates')).toEqual([
      { absence_id: id, cleared: 'needs-certificate' },
    ]);
  });

  it('clears an isolation with no absence open', async () => {
    const admin = await signedIn();
    await value(
      'setPersonStatus',
      { personId: idOf('S2026004'), status: 'isolating', reason: '密接者' },
      admin,
    );
    const recorded = await value('recordReturnCertificate', certificate(idOf('S2026004')), admin);
    expect(recorded).toMatchObject({ certificate: { cleared: 'isolating' }, absence: null });
    expect(statusOf('S2026004')).toMatchObject({ status: 'active', reason: null });
  });

  it('is refused for someone not held, and one dated after today or before the absence; nothing is written', async () => {
    const admin = await signedIn();
    const notHeld = await call('recordReturnCertificate', certificate(idOf('S2026002')), admin);
    expect(notHeld).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/李思雨 is not held/) },
    });
    await value('openAbsence', illness(idOf('S2026001')), admin);
    const later = await call(
      'recordReturnCertificate',
      { ...certificate(idOf('S2026001')), issuedOn: '2026-11-24' },
      admin,
    );
    expect(later).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/after today/) },
    });
    const before = await call(
      'recordReturnCertificate',
      { ...certificate(idOf('S2026001')), issuedOn: '2026-11-21' },
      admin,
    );
    expect(before).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/before 王小明's absence began/) },
    });
    expect(count('return_certificates')).toBe(0);
    expect(statusOf('S2026001')).toMatchObject({ status: 'needs-certificate' });
  });

  it('keeps a scan sealed and gives it back as given; a scan not of its type is refused', async () => {
    const admin = await signedIn();
    await value('openAbsence', illness(idOf('S2026001')), admin);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString(
      'base64',
    );
    const wrong = await call(
      'recordReturnCertificate',
      { ...certificate(idOf('S2026001')), scan: { type: 'application/pdf', base64: png } },
      admin,
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/not a PDF/) },
    });
    const recorded = await value(
      'recordReturnCertificate',
      { ...certificate(idOf('S2026001')), scan: { type: 'image/png', base64: png } },
      admin,
    );
    const certificateId = (recorded.certificate as { id: number }).id;
    expect(recorded.certificate).toMatchObject({ hasScan: true });
    const [stored] = rows('SELECT scan, scan_type FROM return_certificates');
    expect(String(stored?.scan)).toMatch(/^enc1:/);
    expect(String(stored?.scan)).not.toContain(png);
    expect(await value('returnCertificateScan', { certificateId }, admin)).toEqual({
      type: 'image/png',
      base64: png,
    });
  });
});

describe('who keeps the register', () => {
  it('is the school doctor (role health) or an admin; a guard is refused', async () => {
    const admin = await signedIn();
    await value(
      'createAccount',
      { username: 'liu', displayName: '刘医生', role: 'health', secret: 'doctor-pw-1' },
      admin,
    );
    await value(
      'createAccount',
      { username: 'wang', displayName: '王保安', role: 'guard', secret: '2468' },
      admin,
    );
    const doctor = String(
      (await value('signIn', { username: 'liu', secret: 'doctor-pw-1' })).token,
    );
    const guard = String((await value('signIn', { username: 'wang', secret: '2468' })).token);
    expect(await call('openAbsence', illness(idOf('S2026001')), guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('absenceRegister', { date: '2026-11-23' }, guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await value('openAbsence', illness(idOf('S2026001')), doctor);
    expect(statusOf('S2026001')).toMatchObject({ status: 'needs-certificate', setBy: '刘医生' });
    const recorded = await value(
      'recordReturnCertificate',
      { personId: idOf('S2026001'), issuer: '区人民医院', issuedOn: '2026-11-23', scan: null },
      doctor,
    );
    expect(recorded).toMatchObject({ certificate: { recordedBy: '刘医生' } });
  });
});
