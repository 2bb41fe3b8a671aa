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
  type OperationName,
  operations,
} from './api';
import { ApiError, type ApiErrorBody } from './errors';

export type DispatchResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

/** Writes an admin action to the audit log (kiosk.ts supplies it); `view`: it only showed. */
export type AuditRecorder = (caller: Caller, action: string, detail: string, view: boolean) => void;

/**
 * Input fields never written to the audit log: secrets, and ID, document and phone numbers
 * (PIPL: minimise; the numbers are sealed in their own tables, the audit log is plain text).
 */
const secretFields = new Set([
  'secret',
  'password',
  'pin',
  'token',
  'documentnumber',
  'idnumber',
  'phone',
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
  // Every admin action is in the audit log — who, what (secrets left out), from where — and
  // nothing an admin does or sees escapes it: a change is recorded before it runs (and again
  // if it fails), a view before its answer leaves. When the record cannot be written, the change
  // is not done and the view not shown.
  const audited = access === 'admin' && audit !== undefined;
  const view = isView(name);
  const record = (): DispatchResult | null => {
    try {
      if (audited) audit(caller, name, auditDetail(parsed.data), view);
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

function auditDetail(input: unknown): string {
  return JSON.stringify(input, (key, value: unknown) =>
    secretFields.has(key.toLowerCase()) ? '(not recorded)' : value,
  ).slice(0, 2000);
}

function failure(code: ApiErrorBody['error']['code'], message: string): DispatchResult {
  return { ok: false, error: { code, message } };
}
