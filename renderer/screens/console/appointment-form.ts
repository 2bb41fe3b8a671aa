// The appointment form's plain logic, kept apart from React so it is tested alone: Beijing
// date-times for the datetime-local fields (whatever zone the office PC is set to), the default
// visit window, the checks made before sending, and reading which fields the kiosk refused.
// It must never decide whether a document number is valid: only the kiosk does that.
import type { OperationInput } from '../../../contract/api';
import { parseFieldProblems } from '../../../contract/field-problems';
import { normalizePhone } from '../../../contract/phone-number';
import { shanghaiInput, shanghaiInputToIso } from '../../../contract/school-time';
import { formatDayTime } from './case-format';

type AppointmentInput = OperationInput<'createAppointment'>;
export type DocumentType = AppointmentInput['documentType'];
export type FieldName = keyof AppointmentInput;

export const documentTypes: readonly DocumentType[] = [
  'resident-id',
  'residence-permit',
  'foreign-permanent-residence-card',
  'home-return-permit',
  'passport',
];

/** What the form holds: every field as typed. */
export type Draft = Record<Exclude<FieldName, 'documentType'>, string> & {
  documentType: DocumentType;
};

/** Field → problem code (`appointments.problem.<code>` says it in words). */
export type Problems = Partial<Record<FieldName, string>>;

const hourMs = 3_600_000;

/** A visit window: the end's date is left out when it is the start's. */
export function formatWindow(from: string, to: string): string {
  const start = formatDayTime(from);
  const end = formatDayTime(to);
  return start.slice(0, 5) === end.slice(0, 5) ? `${start}–${end.slice(6)}` : `${start} – ${end}`;
}

/**
 * Today 08:00–17:00 (Beijing), the usual school day; from 15:00 on, when less than two hours
 * of it are left, now to two hours from now.
 */
export function defaultWindow(nowMs: number): { validFrom: string; validTo: string } {
  const today = shanghaiInput(nowMs).slice(0, 10);
  if (shanghaiInput(nowMs).slice(11) < '15:00') {
    return { validFrom: `${today}T08:00`, validTo: `${today}T17:00` };
  }
  return { validFrom: shanghaiInput(nowMs), validTo: shanghaiInput(nowMs + 2 * hourMs) };
}

export function emptyDraft(nowMs: number): Draft {
  return {
    visitorName: '',
    documentType: 'resident-id',
    documentNumber: '',
    phone: '',
    host: '',
    reason: '',
    area: '',
    vehiclePlate: '',
    ...defaultWindow(nowMs),
    entriesAllowed: '1',
  };
}

const limits: Partial<Record<FieldName, number>> = {
  visitorName: 40,
  documentNumber: 100,
  phone: 20,
  host: 40,
  reason: 200,
  area: 40,
  vehiclePlate: 12,
};
const required: FieldName[] = ['visitorName', 'documentNumber', 'phone', 'host', 'reason', 'area'];

/** Problems that leave nothing the kiosk could judge: the form cannot send such a draft. */
const unsendable = new Set(['too-long', 'bad-date', 'bad-entries']);

/**
 * The problems seen before sending (empty, too long, not a date, a phone that is no number, an
 * end before the start), and the input to send, or null when a field cannot be sent at all.
 * A draft with only other problems is still sent, so the kiosk adds what only it can judge
 * (the document number) and every problem shows at once.
 */
export function toInput(draft: Draft): { input: AppointmentInput | null; problems: Problems } {
  const problems: Problems = {};
  for (const field of required) {
    if (draft[field as keyof Draft].trim() === '') problems[field] = 'required';
  }
  for (const [field, limit] of Object.entries(limits)) {
    if (draft[field as keyof Draft].trim().length > limit) {
      problems[field as FieldName] = 'too-long';
    }
  }
  const phone = draft.phone.trim();
  if (phone !== '' && problems.phone === undefined && normalizePhone(phone) === null) {
    problems.phone = 'bad-phone';
  }
  const validFrom = shanghaiInputToIso(draft.validFrom);
  const validTo = shanghaiInputToIso(draft.validTo);
  if (validFrom === null) problems.validFrom = 'bad-date';
  if (validTo === null) problems.validTo = 'bad-date';
  else if (validFrom !== null && Date.parse(validTo) <= Date.parse(validFrom)) {
    problems.validTo = 'ends-before-start';
  }
  const entriesAllowed = Number(draft.entriesAllowed);
  if (!Number.isInteger(entriesAllowed) || entriesAllowed < 1 || entriesAllowed > 1000) {
    problems.entriesAllowed = 'bad-entries';
  }
  const blocked = Object.values(problems).some((problem) => unsendable.has(problem));
  if (blocked || validFrom === null || validTo === null) return { input: null, problems };
  const plate = draft.vehiclePlate.trim();
  return {
    problems,
    input: {
      visitorName: draft.visitorName.trim(),
      documentType: draft.documentType,
      documentNumber: draft.documentNumber.trim(),
      phone,
      host: draft.host.trim(),
      reason: draft.reason.trim(),
      area: draft.area.trim(),
      vehiclePlate: plate === '' ? null : plate,
      validFrom,
      validTo,
      entriesAllowed,
    },
  };
}

/**
 * The fields and problems of a refusal the kiosk phrased as `<field>: <problem>; …` (see
 * contract/field-problems.ts), or null for any other error.
 */
export function refusedFields(error: unknown): Problems | null {
  const message: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : null;
  if (typeof message !== 'string') return null;
  const problems = parseFieldProblems(message);
  if (problems === null) return null;
  const known = Object.entries(problems).filter(([field]) => fieldNames.includes(field));
  return known.length > 0 ? (Object.fromEntries(known) as Problems) : null;
}

/** The form's fields in the order it shows them. */
export const fieldNames: readonly string[] = [
  'visitorName',
  'documentType',
  'documentNumber',
  'phone',
  'host',
  'reason',
  'area',
  'vehiclePlate',
  'validFrom',
  'validTo',
  'entriesAllowed',
];
