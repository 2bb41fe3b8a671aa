// Test rig: a temp folder for socat pairs (socat-pair.ts) and what each test opened on them,
// closed after the test in the reverse order it was opened: the drivers first, then the pairs
// they talk to, so no socat process or open port is left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openSocatPair, type SocatPair } from './socat-pair';

export interface SocatBench {
  /** The folder the pairs' ends appear in (the kiosk's end is `kiosk`). */
  readonly dir: string;
  /** A pair in `dir`, closed after the test. */
  pair(): Promise<SocatPair>;
  /** Runs `close` after the test, before whatever was opened earlier. */
  onCleanup(close: () => Promise<void>): void;
}

/** Registers the before and after hooks; `prefix` names the temp folder. */
export function useSocatBench(prefix: string): SocatBench {
  let dir = '';
  let cleanups: (() => Promise<void>)[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    cleanups = [];
  });
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const bench: SocatBench = {
    get dir() {
      return dir;
    },
    async pair() {
      const opened = await openSocatPair(dir);
      cleanups.push(() => opened.close());
      return opened;
    },
    onCleanup(close) {
      cleanups.push(close);
    },
  };
  return bench;
}
