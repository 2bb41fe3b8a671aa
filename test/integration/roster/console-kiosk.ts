// Test helper: a real kiosk in a temporary folder (with its demo roster of 12 people) and the
// calls the admin console makes, through dispatch() as both transports call it, signed in as an
// admin or a guard. Also opens the database read-only, to see what was (not) written.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Caller } from '../../../contract/api';
import { dispatch, type DispatchResult } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';

export interface ConsoleKiosk {
  dir: string;
  kiosk: Kiosk;
  admin: string;
  guard: string;
  call(name: string, input: unknown, session: string | null): Promise<DispatchResult>;
  /** The value of a call that must succeed. */
  value<T = Record<string, unknown>>(name: string, input: unknown, session?: string): Promise<T>;
  rows(sql: string, ...parameters: unknown[]): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startConsoleKiosk(now: () => Date): Promise<ConsoleKiosk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-console-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'north', name: '北门' } }));
  const kiosk = await createKiosk({ dataDir: dir, configFile, now });
  const call = (name: string, input: unknown, session: string | null) => {
    const caller: Caller = { actor: kiosk.authenticate(session), session, origin: 'office PC' };
    return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
  };
  async function value<T>(name: string, input: unknown, session: string | null = null) {
    const result = await call(name, input, session);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }
  await value('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  const admin = (
    await value<{ token: string }>('signIn', { username: 'li', secret: 'correct horse' })
  ).token;
  await value(
    'createAccount',
    { username: 'wang', displayName: '王师傅', role: 'guard', secret: '2468' },
    admin,
  );
  const guard = (await value<{ token: string }>('signIn', { username: 'wang', secret: '2468' }))
    .token;
  return {
    dir,
    kiosk,
    admin,
    guard,
    call,
    value: (name, input, session = admin) => value(name, input, session),
    rows(sql, ...parameters) {
      const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
      try {
        return db.prepare(sql).all(...parameters) as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    async close() {
      await kiosk.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function base64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64');
}
