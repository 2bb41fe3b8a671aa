// Scans and imports tried systematically through the contract (issue 7, item 6): QR and card
// contents (binary, huge, SQL and HTML fragments, right-to-left and zero-width characters,
// pass-looking garbage, real passes with one character changed), roster files and appointment
// forms. Each ends in a check view or a typed refusal; nobody is let in on a card or pass that
// is not exactly theirs; a refused import or form writes no row.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppointmentView, CheckView } from '../../../contract/api';
import { maxScanLength } from '../../../contract/operations/gate-operations';
import { testAdmin } from '../../fixtures/callers';
import { validIdNumber } from '../../unit/fuzz/documents-arbitraries';
import { fuzzParameters, fuzzTimeout, hostileText } from '../../unit/fuzz/fuzz-settings';
import { fuzzClock, startFuzzKiosk, type FuzzKiosk } from './fuzz-kiosk';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

let fuzz: FuzzKiosk;
/** Cards on the demo roster, as the kiosk stores them. */
let cards: Set<string>;

beforeAll(async () => {
  fuzz = await startFuzzKiosk();
  const listed = await fuzz.call('listPeople', { query: '', limit: 200, offset: 0 }, testAdmin);
  if (!listed.ok) throw new Error('cannot list the demo roster');
  cards = new Set((listed.value as { people: { card: string }[] }).people.map((p) => p.card));
});

afterAll(async () => {
  await fuzz?.close();
});

async function scan(text: string): Promise<CheckView | null> {
  const result = await fuzz.call('scan', { text, source: 'camera' });
  await fuzz.call('cancelCheck', {});
  if (!result.ok) {
    expect(result.error.code).toBe('bad-input');
    return null;
  }
  return result.value as CheckView;
}

const base64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** Texts that start like a pass: random or plausible payloads, random signatures. */
const passLooking = fc
  .tuple(
    fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record({
          v: fc.constantFrom(1, 2, '1'),
          kid: fc.oneof(fc.stringMatching(/^[0-9a-f]{8}$/), hostileText(10)),
          aid: hostileText(20),
          name: hostileText(20),
          host: hostileText(20),
          area: hostileText(20),
          from: fc.constantFrom('2026-11-22T00:00:00Z', '2026-02-30T00:00:00Z', 'x'),
          to: fc.constantFrom('2026-11-30T00:00:00Z', '9999-12-31T23:59:59Z'),
          uses: fc.constantFrom(1, 0, 1000, 1001, -1, 1.5),
          iat: fc.constant('2026-11-22T00:00:00Z'),
        })
        .map((payload) => JSON.stringify(payload)),
      hostileText(60),
    ),
    fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 80 })),
    fc.constantFrom('', '.', '.x', '=='),
  )
  .map(([payload, signature, tail]) => `GP1.${base64url(payload)}.${base64url(signature)}${tail}`);

describe('scans', () => {
  const runs = 300;
  it(
    'any text: a check view (or bad-input when too long); only an exact card finds a person',
    async () => {
      const card = fc.constantFrom(...cards);
      const nearCard = fc
        .tuple(card, fc.constantFrom('\u200b', '\u202e', '\u200f', '\ufeff', "'", '%', '\u0000'))
        .map(([text, extra]) => text + extra);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileText(700),
            nearCard,
            card,
            passLooking,
            fc.constant('x'.repeat(maxScanLength + 1)),
          ),
          async (text) => {
            const before = fuzz.rowCounts();
            const check = await scan(text);
            const after = fuzz.rowCounts();
            expect(after.people).toBe(before.people);
            expect(after.appointments).toBe(before.appointments);
            if (check === null) {
              expect(text.length === 0 || text.length > maxScanLength).toBe(true);
              return;
            }
            expect(check.visit).toBeNull();
            if (check.person !== null) expect(cards.has(text.trim())).toBe(true);
            if (cards.has(text.trim())) expect(check.person).not.toBeNull();
          },
        ),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );
});

/** A name as the admin types it: any characters, or Chinese up to the field's 40. */
const typedName = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(...'王小明李老师行政楼三层会议室教学楼'),
    minLength: 1,
    maxLength: 40,
    size: 'max',
  }),
);

/** A valid appointment form; the fields the admin types are random but acceptable. */
const appointmentForm = fc.record({
  visitorName: typedName,
  documentType: fc.constant('resident-id' as const),
  documentNumber: validIdNumber,
  // A mainland mobile number as normalizePhone() takes it (1, then 3–9, then nine digits).
  phone: fc.stringMatching(/^1[3-9]\d{9}$/),
  host: typedName,
  reason: fc.string({ minLength: 1, maxLength: 200 }),
  area: typedName,
  vehiclePlate: fc.constant(null),
  validFrom: fc.constant(new Date(fuzzClock.getTime() - 3600_000).toISOString()),
  validTo: fc.constant(new Date(fuzzClock.getTime() + 86_400_000).toISOString()),
  entriesAllowed: fc.integer({ min: 1, max: 1000 }),
});

describe('visitor passes', () => {
  it('lets in a pass for long Chinese names, over 512 characters (found by this fuzz)', async () => {
    const long = '教'.repeat(40);
    const form = fc.sample(appointmentForm, { numRuns: 1, seed: 1 })[0];
    const input = { ...form, visitorName: long, host: long, area: long };
    const created = await fuzz.call('createAppointment', input, testAdmin);
    const id = created.ok ? (created.value as AppointmentView).id : '';
    const approved = await fuzz.call('approveAppointment', { id }, testAdmin);
    const token = approved.ok ? ((approved.value as AppointmentView).passToken ?? '') : '';
    expect(token.length).toBeGreaterThan(512);
    expect((await scan(token))?.visit?.appointmentId).toBe(id);
  });

  const runs = 40;
  it(
    'a pass the kiosk issued lets its visitor in; with one character changed it never does',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          appointmentForm,
          fc.nat(),
          fc.constantFrom(...'AQgw_-09.'),
          async (form, at, replacement) => {
            fc.pre(form.visitorName.trim() !== '' && form.host.trim() !== '');
            fc.pre(form.area.trim() !== '' && form.reason.trim() !== '');
            const created = await fuzz.call('createAppointment', form, testAdmin);
            if (!created.ok) throw new Error(`refused a valid form: ${created.error.message}`);
            const { id } = created.value as AppointmentView;
            const approved = await fuzz.call('approveAppointment', { id }, testAdmin);
            if (!approved.ok) throw new Error(`cannot approve: ${approved.error.message}`);
            const token = (approved.value as AppointmentView).passToken ?? '';
            const position = 4 + (at % (token.length - 4));
            fc.pre(token.charAt(position) !== replacement);
            const spoiled = token.slice(0, position) + replacement + token.slice(position + 1);
            expect((await scan(spoiled))?.visit ?? null).toBeNull();
            const check = await scan(token);
            expect(check?.visit?.appointmentId).toBe(id);
          },
        ),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );
});

describe('imports through the contract', () => {
  it('names appointments with 48 random bits, so a busy day has no clash (found by fuzz)', async () => {
    const form = fc.sample(appointmentForm, { numRuns: 1, seed: 2 })[0];
    const created = await fuzz.call('createAppointment', form, testAdmin);
    expect(created.ok && (created.value as AppointmentView).id).toMatch(/^A\d{8}-[0-9a-f]{12}$/);
  });

  const runs = 150;
  it(
    'appointment forms: an appointment or a named field; a refusal writes nothing',
    async () => {
      const form = appointmentForm.chain((valid) =>
        fc.record({
          ...Object.fromEntries(
            Object.entries(valid).map(([key, value]) => [key, fc.constant(value)]),
          ),
          documentType: fc.constantFrom(
            'resident-id',
            'residence-permit',
            'foreign-permanent-residence-card',
            'home-return-permit',
            'passport',
          ),
          documentNumber: fc.oneof(validIdNumber, hostileText(100)),
          phone: fc.oneof(fc.constantFrom('13800138000', '010-12345678'), hostileText(20)),
          validFrom: fc.oneof(
            fc.constant(valid.validFrom),
            fc.date().map((date) => date.toJSON() ?? 'x'),
          ),
          validTo: fc.oneof(fc.constant(valid.validTo), fc.constantFrom('0001-01-01T00:00:00Z')),
        }),
      );
      await fc.assert(
        fc.asyncProperty(form, async (input) => {
          const before = fuzz.rowCounts();
          const result = await fuzz.call('createAppointment', input, testAdmin);
          if (result.ok) return;
          // Nothing but the audit log's record of the attempt and its failure (dispatch.ts), and
          // not even that for input its schema refused.
          const { audit_log: auditBefore = 0, ...othersBefore } = before;
          const { audit_log: auditAfter = 0, ...othersAfter } = fuzz.rowCounts();
          expect(othersAfter).toEqual(othersBefore);
          expect([0, 2]).toContain(auditAfter - auditBefore);
          if (input.documentNumber.trim().length >= 8) {
            expect(result.error.message).not.toContain(input.documentNumber.trim());
          }
        }),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );

  it(
    'roster files: a preview equals the import; a refused file changes no row',
    async () => {
      const cell = fc.oneof(hostileText(30), validIdNumber, fc.constantFrom('学生', '教职工', ''));
      const file = fc
        .tuple(
          fc.shuffledSubarray(['卡号', '姓名', '类别', '班级', '身份证号'], { minLength: 2 }),
          fc.array(fc.array(cell, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        )
        .map(([header, rows]) => stringify([header, ...rows]));
      await fc.assert(
        fc.asyncProperty(file, fc.boolean(), async (csv, markMissingAsLeft) => {
          const fileBase64 = Buffer.from(csv).toString('base64');
          const before = fuzz.rowCounts();
          const input = { fileName: 'roster.csv', fileBase64, markMissingAsLeft };
          const result = await fuzz.call('importRoster', input, testAdmin);
          expect(result.ok).toBe(true);
          const answer = result.ok ? (result.value as { ok: boolean }) : { ok: false };
          if (!answer.ok) {
            const after = fuzz.rowCounts();
            expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
          }
          // Whatever was imported, no full ID number leaves the backend in the answer.
          const text = JSON.stringify(result);
          for (const id of csv.match(/\d{17}[\dX]/g) ?? []) expect(text).not.toContain(id);
        }),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 20_000),
  );
});
