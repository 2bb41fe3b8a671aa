// Server mode with the data key outside the data folder (`--data-key FILE`): the key is made
// there, readable by the kiosk's user only, and never in the folder; started later without it,
// the kiosk refuses to start in words instead of making a new key.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataKeyFile } from '../../../backend/privacy/data-key';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { spawnKiosk } from '../../rigs/kiosk-process';

afterEach(removeTempDirs);

describe('server mode with --data-key', () => {
  it('keeps the key where it is told, and will not start without it', async () => {
    const dataDir = makeTempDir();
    const keyFile = join(makeTempDir(), 'campus-gate.key');
    const configFile = join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ gate: { id: 'west', name: '西门' } }));
    const kiosk = await spawnKiosk(dataDir, configFile, ['--data-key', keyFile]);
    const status = await fetch(`${kiosk.url}/api/op/status`, { method: 'POST', body: '{}' });
    expect(status.status).toBe(200);
    expect(await kiosk.stop(), kiosk.output()).toBe(0);
    expect(existsSync(keyFile)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(defaultDataKeyFile(dataDir))).toBe(false);

    await expect(spawnKiosk(dataDir, configFile)).rejects.toThrow(
      /kiosk exited with 1:[\s\S]*The kiosk cannot start: The data key .* is missing/,
    );
    expect(existsSync(defaultDataKeyFile(dataDir))).toBe(false);
  }, 60_000);
});
