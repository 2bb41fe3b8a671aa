// Test helper for the readers of purged records: a real kiosk (gate-visitor-kiosk.ts) whose
// appointments, walk-in requests and courier drop-off were made through dispatch 40 days ago,
// one visitor let in through the gate and never let out, then purged by the kiosk's own
// retention run with the clock moved past the 30-day period; and fresh records made after. For
// tests only: every answer is checked against its operation's output schema, which dispatch
// itself does not do.
import { expect } from 'vitest';
import {
  operations,
  type Caller,
  type CheckView,
  type OperationName,
  type OperationOutput,
} from '../../../contract/api';
import { startRetention } from '../../../backend/retention/retention-schedule';
import {
  startGateVisitorKiosk,
  type GateVisitorKiosk,
} from '../../integration/visitors/gate-visitor-kiosk';

/** When the old records were made; 40 days later (`purgedAt`) a 30-day period has erased them. */
export const madeAt = new Date('2026-11-23T02:00:00.000Z');
export const purgedAt = new Date('2027-01-02T02:00:00.000Z');
const hour = 3_600_000;
const after = (start: Date, hours: number) => new Date(start.getTime() + hours * hour);

/** The gate screen's caller: no account, as at the kiosk. */
export const gateCaller: Caller = { actor: null, session: null, origin: 'gate' };

export const oldVisitor = {
  visitorName: '欧阳旧访客',
  documentType: 'resident-id',
  documentNumber: '11010519491231002X',
  phone: '13800138000',
  host: '王老师（三年级二班）',
  reason: '家长会',
  area: '教学楼A座',
} as const;
export const freshVisitor = {
  ...oldVisitor,
  visitorName: '司马新访客',
  documentNumber: '110101199003077352',
  phone: '13900139000',
};
const courier = { company: '顺丰', parcels: 2, note: '老师不在，放门卫室' };

export interface OldRecords {
  approved: string;
  requested: string;
  revoked: string;
  /** The pass of `approved`, whose visitor went in and never came out. */
  pass: string;
  pending: number;
  declined: number;
  approvedWalkIn: number;
  courier: number;
}

export interface PurgedKiosk extends GateVisitorKiosk {
  old: OldRecords;
  fresh: { appointment: string; pending: number; courier: number };
  /** The value of a call that must succeed, parsed with the operation's output schema. */
  answer<N extends OperationName>(
    name: N,
    input: unknown,
    caller: Caller,
  ): Promise<OperationOutput<N>>;
  /** The error of a call that must fail. */
  refusal(
    name: OperationName,
    input: unknown,
    caller: Caller,
  ): Promise<{ code: string; message: string }>;
  /** Every row of a table, to show that a refused action changed nothing. */
  rows(table: string): unknown[];
}

export async function startPurgedKiosk(): Promise<PurgedKiosk> {
  const rig = await startGateVisitorKiosk(madeAt);
  const answer = async <N extends OperationName>(name: N, input: unknown, caller: Caller) => {
    const output = operations[name].output.parse(await rig.value(name, input, caller));
    return output as OperationOutput<N>;
  };
  const refusal = async (name: OperationName, input: unknown, caller: Caller) => {
    const result = await rig.call(name, input, caller);
    if (result.ok) throw new Error(`${name} was not refused`);
    return result.error;
  };
  const visit = (visitor: typeof oldVisitor | typeof freshVisitor, start: Date) => ({
    ...visitor,
    vehiclePlate: '京A12345',
    validFrom: start.toISOString(),
    validTo: after(start, 4).toISOString(),
    entriesAllowed: 2,
  });
  const appointment = async (
    visitor: typeof oldVisitor | typeof freshVisitor,
    approve: boolean,
  ) => {
    const made = await answer('createAppointment', visit(visitor, rig.clock.now), rig.admin);
    if (!approve) return made;
    return answer('approveAppointment', { id: made.id }, rig.admin);
  };
  const walkIn = async (visitor: typeof oldVisitor | typeof freshVisitor) => {
    const asked = await answer('requestWalkIn', visitor, rig.guard);
    if (!asked.ok) throw new Error(`requestWalkIn: ${asked.problem}`);
    return asked.request.id;
  };
  const dropOff = async (name: string, phone: string, recipient: string) =>
    (
      await answer(
        'registerCourier',
        { ...courier, courierName: name, phone, recipient },
        rig.guard,
      )
    ).id;

  const approved = await appointment(oldVisitor, true);
  const requested = await appointment(oldVisitor, false);
  const revoked = await appointment(oldVisitor, true);
  await answer('revokeAppointment', { id: revoked.id, reason: '此人不是学生家长' }, rig.admin);
  const pending = await walkIn(oldVisitor);
  const declined = await walkIn(oldVisitor);
  await answer('declineWalkIn', { id: declined, reason: '欧阳旧访客没有预约' }, rig.admin);
  const approvedWalkIn = await walkIn(oldVisitor);
  await answer('approveWalkIn', { id: approvedWalkIn }, rig.admin);
  const oldCourier = await dropOff('上官快递', '13912345678', '诸葛老师');
  const pass = approved.passToken ?? '';
  rig.clock.now = after(madeAt, 1);
  await letIn(rig, pass);

  // What the kiosk does at start and every hour, 40 days on: entries, then the other records.
  rig.clock.now = purgedAt;
  const retention = startRetention({
    db: rig.db,
    days: 30,
    uploadOff: true,
    now: () => rig.clock.now,
  });
  await retention.runNow();
  await retention.close();

  rig.clock.now = after(purgedAt, 1);
  const fresh = {
    appointment: (await appointment(freshVisitor, true)).id,
    pending: await walkIn(freshVisitor),
    courier: await dropOff('新快递员', '13700000004', '教务处'),
  };
  return {
    ...rig,
    old: {
      approved: approved.id,
      requested: requested.id,
      revoked: revoked.id,
      pass,
      pending,
      declined,
      approvedWalkIn,
      courier: oldCourier,
    },
    fresh,
    answer,
    refusal,
    rows: (table) => rig.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
  };
}

/** The visitor shows the pass, answers no to the day's questions and is measured: let in. */
async function letIn(rig: GateVisitorKiosk, pass: string): Promise<void> {
  let check = (await rig.value('scan', { text: pass, source: 'camera' }, gateCaller)) as CheckView;
  if (check.missing.includes('answers')) {
    const answers = { symptoms: 'no', travel: 'no', contact: 'no' };
    check = (await rig.value(
      'answerQuestions',
      { checkId: check.checkId, answers },
      gateCaller,
    )) as CheckView;
  }
  expect(check.missing).toEqual(['temperature']);
  await rig.value('simulateReading', { celsius: 36.5 }, gateCaller);
  const [entry] = await rig.value<{ decision: string; visit: unknown }[]>(
    'recentEntries',
    { limit: 1 },
    gateCaller,
  );
  expect(entry).toMatchObject({
    decision: 'pass',
    visit: { appointmentId: check.visit?.appointmentId },
  });
}
