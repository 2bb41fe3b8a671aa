// The one place where input crossing the boundary is parsed: both transports (IPC, HTTP)
// call dispatch() with whatever arrived, and get a value or a typed error back, never a throw.
import { z } from 'zod';
import {
  accessOf,
  anonymousCaller,
  type Caller,
  type Handlers,
  isOperationName,
  isView,
  operations,
} from './api';
import { ApiError, type ApiErrorBody } from './errors';

export type DispatchResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/** Writes an admin action to the audit log (kiosk.ts supplies it); `view`: it only showed. */
export type AuditRecorder = (caller: Caller, action: string, detail: string, view: boolean) => void;

/** Input fields never written to the audit log: secrets, and ID numbers (PIPL: minimise). */
const secretFields = new Set([
  'secret',
  'password',
  'pin',
  'token',
  'documentnumber',
  'idnumber',
  // An uploaded roster file holds every name and ID number in it.
  'filebase64',
]);

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
  if (access === 'admin' && caller.actor?.role !== 'admin') {
    return failure('forbidden', 'Only an admin may do this.');
  }
  const parsed = operations[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('bad-input', z.prettifyError(parsed.error));
  }
  try {
    const handler = handlers[name] as (input: unknown, caller: Caller) => Promise<unknown>;
    const value = await handler(parsed.data, caller);
    // Every admin action, after it took effect: who, what (secrets left out), from where.
    if (access === 'admin') audit?.(caller, name, auditDetail(parsed.data), isView(name));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    return failure('internal', error instanceof Error ? error.message : String(error));
  }
}

function auditDetail(input: unknown): string {
  return JSON.stringify(input, (key, value: unknown) =>
    secretFields.has(key.toLowerCase()) ? '(not recorded)' : value,
  ).slice(0, 2000);
}

function failure(code: ApiErrorBody['error']['code'], message: string): DispatchResult {
  return { ok: false, error: { code, message } };
}
