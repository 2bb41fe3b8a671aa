// The one place where input crossing the boundary is parsed: both transports (IPC, HTTP)
// call dispatch() with whatever arrived, and get a value or a typed error back, never a throw.
import { z } from 'zod';
import { type Handlers, isOperationName, operations } from './api';
import { ApiError, type ApiErrorBody } from './errors';

export type DispatchResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
): Promise<DispatchResult> {
  if (typeof name !== 'string' || !isOperationName(name)) {
    return failure('unknown-operation', `No operation named "${String(name).slice(0, 60)}".`);
  }
  const parsed = operations[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('bad-input', z.prettifyError(parsed.error));
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    return failure('internal', error instanceof Error ? error.message : String(error));
  }
}

function failure(code: ApiErrorBody['error']['code'], message: string): DispatchResult {
  return { ok: false, error: { code, message } };
}
