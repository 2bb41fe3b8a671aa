// Visitors' document and phone numbers at rest, through the contract on a real kiosk: an
// appointment, a walk-in request (then approved into an appointment of its own) and a courier's
// drop-off store their numbers sealed with the right lookup hashes; neither the database file
// nor its WAL holds a number in plain text; every answer shows them masked; an admin finds a
// visitor by document or phone number however it is typed, and each look-up is audited.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView } from '../../../contract/api';
import type {
  CourierDropOffView,
  WalkInRequestView,
} from '../../../contract/operations/courier-operations';
import { idNumberCheckCharacter } from '../../../contract/id-number';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { isSealed, type FieldCipher } from '../../../backend/privacy/field-cipher';
import { findQuery } from '../../../backend/visitors/appointments';
import { startGateVisitorKiosk, type GateVisitorKiosk } from '../visitors/gate-visitor-kiosk';

const appointmentDocument = '11010519491231002X';
const appointmentPhone = '13800138000';
const walkInDocument = `11010519800101123${idNumberCheckCharacter('11010519800101123')}`;
const walkInPhone = '010-62751234';
const courierPhone = '13700137000';
// ICAO Doc 9303 specimen passport, MRZ line 2 (7th edition): the form stores L898902C3 alone.
const passportLine = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const passportNumber = 'L898902C3';
/** Every number in the forms stored and in the forms typed below. */
const plainNumbers = [
  appointmentDocument,
  appointmentPhone,
  '0013 8000',
  walkInDocument,
  walkInPhone,
  '62751234',
  courierPhone,
  passportNumber,
];

let rig: GateVisitorKiosk;
let raw: Database.Database;
let cipher: FieldCipher;

beforeEach(async () => {
  rig = await startGateVisitorKiosk();
  raw = new Database(path.join(rig.dir, 'kiosk.db'), { readonly: true });
  cipher = openFieldCipherForCli(raw, rig.dir);
});

afterEach(async () => {
  raw.close();
  await rig.close();
});

const visit = {
  visitorName: '张伟',
  documentType: 'resident-id',
  documentNumber: appointmentDocument.toLowerCase(),
  phone: '138 0013 8000',
  host: '王老师',
  reason: '家长会',
  area: '教学楼A座',
  vehiclePlate: null,
  validFrom: '2026-11-23T01:00:00.000Z',
  validTo: '2026-11-23T10:00:00.000Z',
  entriesAllowed: 1,
};

interface Recorded {
  answers: unknown[];
  appointment: AppointmentView;
  walkIn: WalkInRequestView;
}

/** An appointment, a walk-in request approved into one, and a courier; every answer kept. */
async function recordVisitors(): Promise<Recorded> {
  const answers: unknown[] = [];
  const keep = <T>(answer: T): T => {
    answers.push(answer);
    return answer;
  };
  const appointment = keep(await rig.value<AppointmentView>('createAppointment', visit, rig.admin));
  keep(await rig.value('approveAppointment', { id: appointment.id }, rig.admin));
  const asked = keep(
    await rig.value<{ request: WalkInRequestView }>(
      'requestWalkIn',
      {
        visitorName: '赵敏',
        documentType: 'resident-id',
        documentNumber: walkInDocument,
        phone: walkInPhone,
        host: '李老师',
        reason: '送教材',
        area: '行政楼',
      },
      rig.guard,
    ),
  );
  keep(await rig.value('gateWalkIns', {}, rig.guard));
  const walkIn = keep(
    await rig.value<WalkInRequestView>('approveWalkIn', { id: asked.request.id }, rig.admin),
  );
  keep(
    await rig.value<CourierDropOffView>(
      'registerCourier',
      {
        courierName: '刘师傅',
        phone: courierPhone,
        company: '顺丰',
        recipient: '教务处',
        parcels: 2,
        note: null,
      },
      rig.guard,
    ),
  );
  keep(await rig.value('listAppointments', { limit: 10 }, rig.admin));
  keep(await rig.value('walkInRequests', { limit: 10 }, rig.admin));
  keep(await rig.value('courierDropOffs', {}, rig.admin));
  return { answers, appointment, walkIn };
}

type NumberRow = Record<string, string | null>;

function rowOf(sql: string, key: string | number): NumberRow {
  return raw.prepare<[string | number], NumberRow>(sql).get(key) ?? {};
}

describe('visitors’ numbers at rest', () => {
  it('are sealed with the lookup hash of the stored form, the approved walk-in’s anew', async () => {
    const { appointment, walkIn } = await recordVisitors();
    const numbers = 'document_number, document_number_hash, phone, phone_hash';
    const stored = rowOf(`SELECT ${numbers} FROM appointments WHERE id = ?`, appointment.id);
    expect(isSealed(stored.document_number ?? '')).toBe(true);
    expect(isSealed(stored.phone ?? '')).toBe(true);
    expect(cipher.open('document-number', stored.document_number ?? '')).toBe(appointmentDocument);
    expect(cipher.open('phone', stored.phone ?? '')).toBe(appointmentPhone);
    expect(stored.document_number_hash).toBe(cipher.lookup('document-number', appointmentDocument));
    expect(stored.phone_hash).toBe(cipher.lookup('phone', appointmentPhone));

    const request = rowOf(`SELECT ${numbers} FROM walk_in_requests WHERE id = ?`, walkIn.id);
    expect(cipher.open('document-number', request.document_number ?? '')).toBe(walkInDocument);
    expect(cipher.open('phone', request.phone ?? '')).toBe(walkInPhone);
    expect(request.document_number_hash).toBe(cipher.lookup('document-number', walkInDocument));
    expect(request.phone_hash).toBe(cipher.lookup('phone', walkInPhone));

    // The walk-in's appointment seals its own values (fresh nonces); appointments keep a
    // phone as digits only, and its hash is of that form.
    const made = rowOf(
      `SELECT ${numbers} FROM appointments WHERE id = ?`,
      walkIn.appointmentId ?? '',
    );
    expect(isSealed(made.document_number ?? '')).toBe(true);
    expect(made.document_number).not.toBe(request.document_number);
    expect(made.phone).not.toBe(request.phone);
    expect(cipher.open('document-number', made.document_number ?? '')).toBe(walkInDocument);
    expect(cipher.open('phone', made.phone ?? '')).toBe('01062751234');
    expect(made.document_number_hash).toBe(request.document_number_hash);
    expect(made.phone_hash).toBe(cipher.lookup('phone', '01062751234'));

    const courier = raw
      .prepare<[], NumberRow>('SELECT phone, phone_hash FROM courier_drop_offs')
      .get();
    expect(isSealed(courier?.phone ?? '')).toBe(true);
    expect(cipher.open('phone', courier?.phone ?? '')).toBe(courierPhone);
    expect(courier?.phone_hash).toBe(cipher.lookup('phone', courierPhone));
  });

  it('never reach the database file or its WAL in plain text, and leave the kiosk masked', async () => {
    const { answers } = await recordVisitors();
    await rig.value('findAppointments', { phone: appointmentPhone }, rig.admin);
    const file = path.join(rig.dir, 'kiosk.db');
    const bytes = [file, `${file}-wal`]
      .filter((one) => existsSync(one))
      .map((one) => readFileSync(one).toString('latin1'));
    // The sealed values are there to be found, so the bytes read are the ones written.
    expect(bytes.some((content) => content.includes('enc1:'))).toBe(true);
    for (const number of plainNumbers) {
      for (const content of bytes) expect(content.includes(number), number).toBe(false);
    }

    const shown = JSON.stringify(answers);
    for (const number of plainNumbers) expect(shown, number).not.toContain(number);
    for (const masked of ['110***********002X', '138****8000', '010-****1234', '137****7000']) {
      expect(shown).toContain(masked);
    }
  });
});

describe('finding a visitor by number', () => {
  it('finds appointments and requests by document or phone number, however typed', async () => {
    const { appointment, walkIn } = await recordVisitors();
    const find = (query: object) =>
      rig.value<AppointmentView[]>('findAppointments', query, rig.admin);
    const ids = async (query: object) => (await find(query)).map((one) => one.id);

    expect(await ids({ documentNumber: ' 110105 19491231 002x ' })).toEqual([appointment.id]);
    expect(await ids({ phone: '138-0013-8000' })).toEqual([appointment.id]);
    // Full-width digits, as a Chinese input method types them.
    expect(await ids({ phone: '１３８００１３８０００' })).toEqual([appointment.id]);
    // The walk-in's appointment keeps 01062751234; the request keeps the dash as typed.
    expect(await ids({ phone: '01062751234' })).toEqual([walkIn.appointmentId]);
    expect(await ids({ documentNumber: walkInDocument })).toEqual([walkIn.appointmentId]);
    const requests = async (query: object) =>
      (await rig.value<WalkInRequestView[]>('findWalkInRequests', query, rig.admin)).map(
        (one) => one.id,
      );
    expect(await requests({ phone: '01062751234' })).toEqual([walkIn.id]);
    expect(await requests({ phone: walkInPhone })).toEqual([walkIn.id]);
    expect(await requests({ documentNumber: walkInDocument.toLowerCase() })).toEqual([walkIn.id]);

    const [found] = await find({ documentNumber: appointmentDocument });
    expect(found).toMatchObject({ documentNumber: '110***********002X', phone: '138****8000' });

    // Nothing for a number nobody gave, a courier's phone, or text that is no number at all.
    expect(await find({ documentNumber: 'E99999999' })).toEqual([]);
    expect(await find({ phone: '13900139000' })).toEqual([]);
    expect(await find({ phone: courierPhone })).toEqual([]);
    expect(await find({ phone: 'not a phone' })).toEqual([]);
    expect(await requests({ phone: appointmentPhone })).toEqual([]);
  });

  it('finds a passport by its number when the form was given the MRZ line', async () => {
    const created = await rig.value<AppointmentView>(
      'createAppointment',
      { ...visit, documentType: 'passport', documentNumber: passportLine },
      rig.admin,
    );
    // A short number shows two characters at each end, as walk-ins' do.
    expect(created.documentNumber).toBe('L8*****C3');
    for (const documentNumber of [passportLine, 'l898902c3']) {
      const found = await rig.value<AppointmentView[]>(
        'findAppointments',
        { documentNumber },
        rig.admin,
      );
      expect(found.map((one) => one.id)).toEqual([created.id]);
    }
  });

  it('is for admins only, and every look-up is audited without the number', async () => {
    await recordVisitors();
    const asGuard = await rig.call('findAppointments', { phone: appointmentPhone }, rig.guard);
    expect(asGuard.ok ? 'found' : asGuard.error.code).toBe('forbidden');
    const both = await rig.call(
      'findAppointments',
      { phone: appointmentPhone, documentNumber: appointmentDocument },
      rig.admin,
    );
    expect(both.ok ? 'found' : both.error.code).toBe('bad-input');

    await rig.value('findAppointments', { phone: appointmentPhone }, rig.admin);
    await rig.value('findAppointments', { phone: '13900139000' }, rig.admin);
    await rig.value('findWalkInRequests', { documentNumber: walkInDocument }, rig.admin);
    const log = await rig.value<{ action: string; actor: string; detail: string }[]>(
      'auditLog',
      { limit: 50 },
      rig.admin,
    );
    const lookups = log.filter((entry) => entry.action.startsWith('find'));
    // Each search is a row of its own, even the same admin's twice within minutes.
    expect(lookups.map((entry) => entry.action)).toEqual([
      'findWalkInRequests',
      'findAppointments',
      'findAppointments',
    ]);
    expect(lookups.every((entry) => entry.actor.includes('李老师'))).toBe(true);
    const written = JSON.stringify(log);
    for (const number of [...plainNumbers, '13900139000']) {
      expect(written, number).not.toContain(number);
    }
  });

  it('uses the index of the hash column, never reading every appointment', () => {
    for (const column of ['document_number_hash', 'phone_hash'] as const) {
      const plan = raw
        .prepare<[string, string, string], { detail: string }>(
          `EXPLAIN QUERY PLAN ${findQuery(column)}`,
        )
        .all('a', 'b', 'c')
        .map((row) => row.detail);
      expect(plan.join('\n')).toContain(`appointments_${column}`);
      expect(plan.filter((detail) => /^SCAN (ap|appointments)\b/.test(detail))).toEqual([]);
    }
  });
});
