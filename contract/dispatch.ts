// The one place where input crossing the boundary is parsed: both transports (IPC, HTTP)
// call dispatch() with whatever arrived, and get a value or a typed error back, never a throw.
// It also decides what of an admin's input (or a health account's) the audit log keeps: per
// operation, the fields named below and nothing else, and never a value that may hold an ID,
// document or phone number.
import { z } from 'zod';
import { validateIdNumber } from './id-number';
import {
  accessOf,
  anonymousCaller,
  type Caller,
  type Handlers,
  isOperationName,
  isView,
  type OperationInput,
  type OperationName,
  operations,
} from './api';
import { ApiError, type ApiErrorBody } from './errors';

export type DispatchResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/**
 * Writes an admin's or a health account's action to the audit log (kiosk.ts supplies it);
 * `view`: it only showed.
 */
export type AuditRecorder = (caller: Caller, action: string, detail: string, view: boolean) => void;

/**
 * What the audit log keeps of a field: `keep` its value; `withhold` only that it was given
 * (`"(not recorded)"`: a secret, a number searched for, a roster file); `initial` a person's
 * name as its first character and `*` (the visitor's name, which the retention purge erases
 * from the appointment while the audit log is kept for good).
 */
type FieldRule = 'keep' | 'withhold' | 'initial';
type AuditedFields = { [N in OperationName]?: Partial<Record<keyof OperationInput<N>, FieldRule>> };

/**
 * The audit log's allow-list (PIPL: minimise): per admin operation, the fields it records.
 * A field not named is left out — free text above all (a search query, a reason, a note, a
 * host or area, the policy's body), where an ID, document or phone number may be typed; the
 * reason and the policy are kept in their own tables anyway. An operation not named records
 * none of its input. Every kept value still passes `mayHoldNumber`.
 */
const auditedFields: AuditedFields = {
  createAccount: { username: 'keep', displayName: 'keep', role: 'keep', secret: 'withhold' },
  disableAccount: { username: 'keep' },
  enableAccount: { username: 'keep' },
  deleteAccount: { username: 'keep' },
  resetSecret: { username: 'keep', secret: 'withhold' },
  auditLog: { limit: 'keep' },
  retentionReport: { limit: 'keep' },
  createAppointment: {
    visitorName: 'initial',
    documentType: 'keep',
    documentNumber: 'withhold',
    phone: 'withhold',
    validFrom: 'keep',
    validTo: 'keep',
    entriesAllowed: 'keep',
  },
  approveAppointment: { id: 'keep' },
  revokeAppointment: { id: 'keep' },
  listAppointments: { limit: 'keep' },
  // Which kind of number was searched for, never the number.
  findAppointments: { documentNumber: 'withhold', phone: 'withhold' },
  passImage: { id: 'keep' },
  policyVersions: { limit: 'keep' },
  savePolicy: { effectiveFrom: 'keep' },
  courierDropOffs: { date: 'keep' },
  walkInRequests: { state: 'keep', limit: 'keep' },
  findWalkInRequests: { documentNumber: 'withhold', phone: 'withhold' },
  approveWalkIn: { id: 'keep', validTo: 'keep' },
  declineWalkIn: { id: 'keep' },
  saveDeviceSettings: { thermometer: 'keep', relay: 'keep' },
  retryBatch: { batchId: 'keep' },
  saveDistrictSettings: { url: 'keep', schoolId: 'keep', gateId: 'keep', secret: 'withhold' },
  todaySummary: { date: 'keep' },
  closeFeverCase: { caseId: 'keep', outcome: 'keep' },
  // An uploaded roster file holds every name and ID number in it.
  previewRoster: { fileName: 'keep', fileBase64: 'withhold' },
  importRoster: { fileName: 'keep', fileBase64: 'withhold', markMissingAsLeft: 'keep' },
  listPeople: { limit: 'keep', offset: 'keep' },
  setPersonStatus: { personId: 'keep', status: 'keep' },
  exportDay: { date: 'keep', format: 'keep', fullIdNumbers: 'keep' },
  // The absence register: which record and what kind of change, never symptoms (health data),
  // a contact, an issuer or a note; the register itself keeps those.
  absenceRegister: { date: 'keep' },
  openAbsence: { personId: 'keep', cause: 'keep', since: 'keep', expectedReturn: 'keep' },
  addAbsenceFollowUp: { absenceId: 'keep', method: 'keep', outcome: 'keep' },
  setExpectedReturn: { absenceId: 'keep', expectedReturn: 'keep' },
  endAbsence: { absenceId: 'keep', how: 'keep' },
  recordReturnCertificate: { personId: 'keep', issuedOn: 'keep', scan: 'withhold' },
  returnCertificateScan: { certificateId: 'keep' },
  importAbsences: { fileName: 'keep', fileBase64: 'withhold', date: 'keep' },
};

const notRecorded = '(not recorded)';

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  caller: Caller = anonymousCaller,
  audit?: AuditRecorder,
): Promise<DispatchResult> {
  if (typeof name !== 'string' || !isOperationName(name)) {
    // Not String(name): an object without a usable toString would throw here (found by
    // test/integration/fuzz/contract-inputs.test.ts).
    const shown = typeof name === 'string' ? name.slice(0, 60) : `(a ${typeof name})`;
    return failure('unknown-operation', `No operation named "${shown}".`);
  }
  const access = accessOf(name);
  if (access !== 'gate' && caller.actor === null) {
    return failure('unauthorized', 'Sign in first.');
  }
  const role = caller.actor?.role;
  if (access === 'admin' && role !== 'admin') {
    return failure('forbidden', 'Only an admin may do this.');
  }
  if (access === 'health' && role !== 'health' && role !== 'admin') {
    return failure('forbidden', 'Only the school doctor, a class teacher or an admin may do this.');
  }
  const parsed = operations[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('bad-input', z.prettifyError(parsed.error));
  }
  // Every admin action is in the audit log — who, what (secrets left out), from where — and
  // nothing an admin does or sees escapes it: a change is recorded before it runs (and again
  // if it fails), a view before its answer leaves. When the record cannot be written, the change
  // is not done and the view not shown. The same holds for the absence register (access
  // health): pupils' health data, whoever opens it.
  const audited = (access === 'admin' || access === 'health') && audit !== undefined;
  const view = isView(name);
  const record = (): DispatchResult | null => {
    try {
      if (audited) audit(caller, name, auditDetail(name, parsed.data), view);
      return null;
    } catch (error) {
      const what = view ? 'nothing is shown' : 'this was not done';
      return failure(
        'unavailable',
        `The audit log cannot be written, so ${what}: ${errorText(error)}`,
      );
    }
  };
  if (!view) {
    const refused = record();
    if (refused) return refused;
  }
  try {
    const handler = handlers[name] as (input: unknown, caller: Caller) => Promise<unknown>;
    const value = await handler(parsed.data, caller);
    return (view && record()) || { ok: true, value };
  } catch (error) {
    const code = error instanceof ApiError ? error.code : 'internal';
    if (audited && !view) recordFailure(audit, caller, name, code);
    if (!(error instanceof ApiError)) return failure(code, errorText(error));
    const result = failure(code, error.message);
    if (!result.ok && error.retryAfterSeconds !== undefined) {
      result.error.retryAfterSeconds = error.retryAfterSeconds;
    }
    return result;
  }
}

function recordFailure(
  audit: AuditRecorder,
  caller: Caller,
  name: OperationName,
  code: ApiErrorBody['error']['code'],
): void {
  try {
    audit(caller, name, JSON.stringify({ failed: code }), false);
  } catch {
    // The action was not done and the caller is told so; the first record stands.
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The input as the audit log keeps it: the allowed fields, as JSON, at most 2,000 characters. */
export function auditDetail(name: OperationName, input: unknown): string {
  const rules: Partial<Record<string, FieldRule>> = auditedFields[name] ?? {};
  const kept: Record<string, unknown> = {};
  if (typeof input === 'object' && input !== null) {
    for (const [field, value] of Object.entries(input)) {
      const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
      if (rule === undefined || value === undefined) continue;
      if (rule === 'withhold') kept[field] = notRecorded;
      else if (rule === 'initial' && typeof value === 'string') kept[field] = initialOf(value);
      else kept[field] = withoutNumbers(value);
    }
  }
  return JSON.stringify(kept).slice(0, 2000);
}

/** "张*": enough to tell two records apart in the log, not enough to name anyone. */
function initialOf(name: string): string {
  const [first = ''] = Array.from(name.trim());
  return first === '' ? '' : `${first}*`;
}

/** A kept value, with every text or number in it that may hold a number replaced. */
function withoutNumbers(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    return mayHoldNumber(String(value)) ? notRecorded : value;
  }
  if (Array.isArray(value)) return value.map(withoutNumbers);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        mayHoldNumber(key) ? notRecorded : key,
        withoutNumbers(inner),
      ]),
    );
  }
  return value;
}

// Values of these shapes are what they say (a date, an appointment's or a batch's id), not a
// number someone typed: their digits may run long. They are still checked for real numbers.
const knownShapes = [
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
  /^A\d{8}-[0-9a-f]{12}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
];

/**
 * True when a text may hold an ID, document or phone number, written in any of the ways people
 * write them (full-width digits, spaces or dashes between groups, lower-case x): one that parses
 * as a resident ID or permit number, a Home Return Permit, a mainland mobile number or a
 * Chinese passport number; and, unless the text is one of the known shapes above, any run of
 * seven or more digits (a fixed line, a foreign document, a number with a typo in it).
 */
export function mayHoldNumber(text: string): boolean {
  const compact = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015]/g, '');
  if (/1[3-9]\d{9}|E[A-Z]?\d{7,8}|G\d{8}|[DPS]E?\d{7}|[HM]\d{8}/.test(compact)) return true;
  for (let index = 0; index + 18 <= compact.length; index += 1) {
    const window = compact.slice(index, index + 18);
    if (/^\d{17}[\dX]$/.test(window) && validateIdNumber(window).ok) return true;
  }
  if (knownShapes.some((shape) => shape.test(text))) return false;
  return /\d{7,}/.test(compact);
}

function failure(code: ApiErrorBody['error']['code'], message: string): DispatchResult {
  return { ok: false, error: { code, message } };
}
