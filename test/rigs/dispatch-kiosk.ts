// Test rig: a kiosk on a temp folder, called through dispatch as both transports call it (the
// session turned into a caller first), with its clock in the test's hand and its database open
// to read. Made afresh for each test and closed after it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import type { Caller } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';

export interface DispatchKiosk {
  readonly kiosk: Kiosk;
  /** The kiosk's data folder. */
  readonly dir: string;
  /** The kiosk's now; move it on by setting it. */
  clock: Date;
  /** A call as the transports make it; answers the result, error or not. */
  call(name: string, input?: unknown, session?: string | null): ReturnType<typeof dispatch>;
  /** The call's value; throws when it answers an error. */
  value(name: string, input?: unknown, session?: string | null): Promise<Record<string, unknown>>;
  /** The rows a query answers, on the database opened read-only. */
  rows(sql: string): Record<string, unknown>[];
  /** Closes the kiosk and starts another on a new empty folder, without `setUp`. */
  startAfresh(): Promise<void>;
}

/**
 * Registers the before and after hooks: a kiosk in a folder named after `name`, its clock at
 * `clock`, with the south gate's config file when `southGate` (else none). `setUp` runs after it.
 */
export function useDispatchKiosk(options: {
  name: string;
  clock: string;
  southGate?: boolean;
  setUp?: () => Promise<void>;
}): DispatchKiosk {
  let kiosk: Kiosk;
  let dir: string;
  const rig: DispatchKiosk = {
    get kiosk() {
      return kiosk;
    },
    get dir() {
      return dir;
    },
    clock: new Date(options.clock),
    call(name, input = {}, session = null) {
      const caller: Caller = { actor: kiosk.authenticate(session), session, origin: 'test bench' };
      return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
    },
    async value(name, input = {}, session = null) {
      const result = await rig.call(name, input, session);
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
      return result.value as Record<string, unknown>;
    },
    rows(sql) {
      const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    async startAfresh() {
      await close();
      await open();
    },
  };
  const open = async () => {
    dir = await mkdtemp(path.join(tmpdir(), `kiosk-${options.name}-`));
    let configFile: string | undefined;
    if (options.southGate) {
      configFile = path.join(dir, 'config.json');
      await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' } }));
    }
    const now = () => rig.clock;
    kiosk = await createKiosk({ dataDir: dir, ...(configFile ? { configFile } : {}), now });
  };
  const close = async () => {
    await kiosk.close();
    await rm(dir, { recursive: true, force: true });
  };
  beforeEach(async () => {
    rig.clock = new Date(options.clock);
    await open();
    await options.setUp?.();
  });
  afterEach(close);
  return rig;
}
