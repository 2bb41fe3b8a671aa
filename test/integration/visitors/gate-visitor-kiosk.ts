// Test helper for the courier and walk-in suites: a real kiosk on a temporary data folder with
// a movable clock, its first admin and one guard signed in, and dispatch() as the transports
// call it (so access rules and the audit log are those of the real contract). Its database
// connection is handed out only for what no operation does (the retention purge's tests).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Caller } from '../../../contract/api';
import { dispatch, type DispatchResult } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';

export interface GateVisitorKiosk {
  dir: string;
  kiosk: Kiosk;
  /** The kiosk's own connection, for tests that set up what no operation can (a purge). */
  db: Database;
  admin: Caller;
  guard: Caller;
  clock: { now: Date };
  call(name: string, input: unknown, caller: Caller): Promise<DispatchResult>;
  /** The value of a call that must succeed. */
  value<T>(name: string, input: unknown, caller: Caller): Promise<T>;
  close(): Promise<void>;
}

export async function startGateVisitorKiosk(
  start = new Date('2026-11-23T02:00:00.000Z'),
): Promise<GateVisitorKiosk> {
  const clock = { now: start };
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-gate-visitors-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'north', name: '北门' } }));
  const opened: { db?: Database } = {};
  const kiosk = await createKiosk({
    dataDir: dir,
    configFile,
    now: () => clock.now,
    onDatabaseOpened: (db) => {
      opened.db = db;
    },
  });
  const { db } = opened;
  if (db === undefined) throw new Error('the kiosk opened no database');
  const call = (name: string, input: unknown, caller: Caller) =>
    dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
  const value = async <T>(name: string, input: unknown, caller: Caller): Promise<T> => {
    const result = await call(name, input, caller);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const anonymous: Caller = { actor: null, session: null, origin: 'test' };
  const signIn = async (username: string, secret: string): Promise<Caller> => {
    const { token } = await value<{ token: string }>('signIn', { username, secret }, anonymous);
    return { actor: kiosk.authenticate(token), session: token, origin: 'test' };
  };
  await value(
    'createFirstAdmin',
    { username: 'li', displayName: '李老师', password: 'correct horse' },
    anonymous,
  );
  const admin = await signIn('li', 'correct horse');
  await value(
    'createAccount',
    { username: 'wang', displayName: '王保安', role: 'guard', secret: '2468' },
    admin,
  );
  const guard = await signIn('wang', '2468');
  return {
    dir,
    kiosk,
    db,
    admin,
    guard,
    clock,
    call,
    value,
    async close() {
      await kiosk.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
