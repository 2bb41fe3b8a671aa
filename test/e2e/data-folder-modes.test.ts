// The kiosk started as the README says (`npm run serve -- --data-dir DIR`), then the file modes
// read off the disk: the data folder 0700, kiosk.db, -wal and -shm 0600 (and the data key),
// both when the kiosk makes the folder itself and when it starts on a folder an older version
// left 0755 with 0644 files after a power cut. Under the common umask 022, as on a school PC.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

const posix = process.platform !== 'win32';
const config = { gate: { id: 'north', name: '北门' } };
let work: string;
let kiosk: KioskProcess | null = null;
let umaskBefore: number | null = null;

beforeAll(async () => {
  // The child inherits it: the usual umask, under which the files used to be 0644.
  umaskBefore = process.umask(0o022);
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-modes-'));
});

afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

afterAll(async () => {
  if (umaskBefore !== null) process.umask(umaskBefore);
  await rm(work, { recursive: true, force: true });
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The folder's mode and each of the kiosk's private files' that exists, by name. */
function modes(dataDir: string): Record<string, number> {
  const found: Record<string, number> = { folder: modeOf(dataDir) };
  for (const name of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', 'data-key']) {
    const file = path.join(dataDir, name);
    if (existsSync(file)) found[name] = modeOf(file);
  }
  return found;
}

const private600 = {
  folder: 0o700,
  'kiosk.db': 0o600,
  'kiosk.db-wal': 0o600,
  'kiosk.db-shm': 0o600,
  'data-key': 0o600,
};

/** An unknown card: the running kiosk writes its deny entry (its WAL holds the decision). */
async function scanOnce(url: string): Promise<void> {
  const response = await fetch(`${url}/api/op/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ text: 'UNKNOWN-1', source: 'wedge' }),
  });
  expect(response.status).toBe(200);
}

describe.runIf(posix)('the data folder in server mode', () => {
  it('is made 0700 with every database file 0600 when the kiosk makes it', async () => {
    const dataDir = path.join(work, 'fresh', 'data');
    kiosk = await startKioskServer(dataDir, config, {
      configFile: path.join(work, 'fresh-config.json'),
    });
    await scanOnce(kiosk.url);
    expect(modes(dataDir)).toEqual(private600);
  });

  it('is tightened at start when an older version left it 0755 with 0644 files', async () => {
    const dataDir = path.join(work, 'older');
    kiosk = await startKioskServer(dataDir, config, {
      configFile: path.join(work, 'older-config.json'),
    });
    await scanOnce(kiosk.url);
    // A power cut: the -wal and -shm stay behind, as an older version would have left them.
    await kiosk.kill();
    kiosk = null;
    chmodSync(dataDir, 0o755);
    for (const name of ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm']) {
      chmodSync(path.join(dataDir, name), 0o644);
    }
    expect(modes(dataDir)).toMatchObject({
      folder: 0o755,
      'kiosk.db': 0o644,
      'kiosk.db-wal': 0o644,
      'kiosk.db-shm': 0o644,
    });

    kiosk = await startKioskServer(dataDir, config, {
      configFile: path.join(work, 'older-config.json'),
    });
    await scanOnce(kiosk.url);
    expect(modes(dataDir)).toEqual(private600);
  });
});
