// The device part of the config file: each driver's defaults, an ASCII pattern that does not
// compile refused in words at start, and a save that cannot be written leaving the old file
// (and no temporary file) behind.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, saveDeviceSettings } from '../../../backend/config/config';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

afterEach(() => removeTempDirs());

function configWith(content: object): string {
  const file = join(makeTempDir(), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('device configuration', () => {
  it('reads a file saved with a byte-order mark (Notepad on older Windows)', () => {
    const file = join(makeTempDir(), 'config.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ gate: { id: 'east', name: '东门' } })}`);
    expect(loadConfig(file).gate).toEqual({ id: 'east', name: '东门' });
  });

  it('gives each driver its own defaults', () => {
    const heimann = loadConfig(
      configWith({ thermometer: { driver: 'heimann', path: '/dev/ttyUSB0' } }),
    );
    expect(heimann.thermometer).toEqual({
      driver: 'heimann',
      path: '/dev/ttyUSB0',
      baudRate: 115200,
      mode: 'stream',
      offsetCelsius: 0,
      noDataSeconds: 5,
    });
    const gy906 = loadConfig(
      configWith({ thermometer: { driver: 'gy906', path: '/dev/ttyUSB0' } }),
    );
    expect(gy906.thermometer).toMatchObject({ baudRate: 9600, frameLength: 9 });
    expect(gy906.relay).toBeNull();
    const relay = loadConfig(configWith({ relay: { driver: 'modbus', path: '/dev/ttyUSB1' } }));
    expect(relay.relay).toEqual({
      driver: 'modbus',
      path: '/dev/ttyUSB1',
      baudRate: 9600,
      address: 1,
      coil: 0,
      pulseMs: 500,
    });
  });

  it('refuses an ASCII pattern that is not a regular expression, naming it', () => {
    const file = configWith({
      thermometer: { driver: 'ascii', path: '/dev/ttyACM0', pattern: 'T=(' },
    });
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(/T=\(/);
  });

  it('refuses an offset beyond ±3 °C and a relay channel beyond 8', () => {
    expect(() =>
      loadConfig(configWith({ thermometer: { driver: 'gy906', path: '/x', offsetCelsius: 5 } })),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig(configWith({ relay: { driver: 'lcus1', path: '/x', channel: 9 } })),
    ).toThrow(ConfigError);
  });

  it('leaves nothing behind when the file cannot be written', () => {
    const folder = makeTempDir();
    const file = join(folder, 'missing-folder', 'config.json');
    expect(() =>
      saveDeviceSettings(file, { thermometer: { driver: 'simulated' }, relay: null }),
    ).toThrow(/Cannot write the config file/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });
});
