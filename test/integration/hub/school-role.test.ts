// At a gate of a school hub, what the hub owns is refused (backend/hub/school-role.ts
// refuseAtGate): each such operation answers ApiError 'at-hub' without reaching its handler,
// and every other operation is the handler it was.
import { describe, expect, it } from 'vitest';
import { hubOwnedOperations, refuseAtGate } from '../../../backend/hub/school-role';
import {
  anonymousCaller,
  operations,
  type Handlers,
  type OperationName,
} from '../../../contract/api';
import { ApiError } from '../../../contract/errors';

/** Handlers that note which were called. */
function recordingHandlers(called: string[]): Handlers {
  const handlers: Record<string, unknown> = {};
  for (const name of Object.keys(operations)) {
    handlers[name] = () => {
      called.push(name);
      return Promise.resolve({ handled: name });
    };
  }
  return handlers as Handlers;
}

const call = (handlers: Handlers, name: OperationName) =>
  (handlers[name] as (input: unknown, caller: typeof anonymousCaller) => Promise<unknown>)(
    {},
    anonymousCaller,
  );

describe('refuseAtGate', () => {
  it.each([...hubOwnedOperations])('refuses %s with at-hub, never calling it', async (name) => {
    const called: string[] = [];
    const refused = refuseAtGate(recordingHandlers(called));
    const error: unknown = await call(refused, name).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('at-hub');
    expect((error as ApiError).message).toContain(name);
    expect(called).toEqual([]);
  });

  it('leaves every other operation as it was', async () => {
    const called: string[] = [];
    const handlers = recordingHandlers(called);
    const refused = refuseAtGate(handlers);
    const owned = new Set<string>(hubOwnedOperations);
    const others = (Object.keys(operations) as OperationName[]).filter((name) => !owned.has(name));
    expect(others).toEqual(expect.arrayContaining(['status', 'signIn', 'recordVisitorExit']));
    for (const name of others) {
      expect(refused[name]).toBe(handlers[name]);
      await expect(call(refused, name)).resolves.toEqual({ handled: name });
    }
    expect(called).toEqual(others);
  });
});
