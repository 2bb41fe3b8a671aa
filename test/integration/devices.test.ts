// The kiosk with real serial devices, each played over a socat pty pair: every thermometer
// driver's frames become readings in the status and decisions in the log; garbage never
// becomes a reading; a device that goes quiet, away and back is shown and resumes by itself
// with the open check kept; the calibration offset, the guard's typed reading, the turnstile
// relay and the settings screen's save all do what the guard and the installer rely on.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView, EventName, Status } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { testAdmin } from '../fixtures/callers';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import {
  createThermometerProtocol,
  type ProtocolOptions,
} from '../../native/thermometer/protocols-by-name';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor as waitUntil } from '../rigs/wait-for';

let dir: string;
let kiosk: Kiosk | null;
let pairs: SocatPair[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-devices-'));
  kiosk = null;
  pairs = [];
});

afterEach(async () => {
  await kiosk?.close();
  await Promise.all(pairs.map((pair) => pair.close()));
  await rm(dir, { recursive: true, force: true });
});

async function pair(name: string): Promise<SocatPair> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  const opened = await openSocatPair(folder);
  pairs.push(opened);
  return opened;
}

async function start(config: object): Promise<Kiosk> {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  kiosk = await createKiosk({ dataDir: dir, configFile });
  return kiosk;
}

async function call(name: string, input: unknown = {}): Promise<unknown> {
  if (!kiosk) throw new Error('no kiosk');
  const result = await dispatch(kiosk.handlers, name, input, testAdmin);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const status = async () => (await call('status')) as Status;
const scan = async (text: string) => (await call('scan', { text, source: 'wedge' })) as CheckView;

/** Frames as the device sends them, a little apart, then the lane as the person leaves. */
async function play(device: SocatPair, options: ProtocolOptions, celsius: number[]) {
  const protocol = createThermometerProtocol(options);
  for (const value of celsius) {
    await device.write(protocol.encode(value, 24));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until `check` holds; fails naming `what` after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  await waitUntil(check, (held) => held, { timeoutMs, everyMs: 25, what });
}

function collect(event: EventName): unknown[] {
  const seen: unknown[] = [];
  kiosk?.events.on(event, (payload) => seen.push(payload));
  return seen;
}

function entries(): Record<string, unknown>[] {
  const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM entries ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('each thermometer driver over a serial pair', () => {
  const drivers = [
    {
      name: 'gy906 (9-byte frames)',
      config: { driver: 'gy906' },
      protocol: { driver: 'gy906', mode: 'stream', frameLength: 9 },
    },
    {
      name: 'gy906 (10-byte frames with the module ID)',
      config: { driver: 'gy906', frameLength: 10 },
      protocol: { driver: 'gy906', mode: 'stream', frameLength: 10 },
    },
    {
      name: 'heimann',
      config: { driver: 'heimann', baudRate: 115200 },
      protocol: { driver: 'heimann' },
    },
    { name: 'ascii', config: { driver: 'ascii' }, protocol: { driver: 'ascii' } },
  ] as const;

  it.each(drivers)('$name: readings reach the status and a check passes', async (driver) => {
    const device = await pair('thermometer');
    await start({ thermometer: { ...driver.config, path: device.kioskPath } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    const checked = await scan('S2026001');
    expect(checked.missing).toEqual(['temperature']);
    await play(device, driver.protocol, [36.6, 36.6, 36.6, 24]);
    await waitFor(async () => (await status()).thermometer.lastReading !== null, 5000, 'a reading');
    const seen = await status();
    expect(seen.thermometer).toMatchObject({ driver: driver.config.driver, connected: true });
    await waitFor(async () => entries().length === 1, 5000, 'the entry');
    expect(entries()[0]).toMatchObject({
      decision: 'pass',
      temperature_c: 36.6,
      temperature_source: driver.config.driver,
      temperature_method: 'device',
    });
  });

  it('never makes a reading out of garbage, and counts it', async () => {
    const device = await pair('thermometer');
    await start({ thermometer: { driver: 'gy906', path: device.kioskPath } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    let seed = 7;
    const garbage = Uint8Array.from({ length: 4096 }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    });
    await device.write(garbage);
    await waitFor(
      async () => (await status()).thermometer.counters.garbageBytes > 3000,
      5000,
      'the garbage to be counted',
    );
    const seen = await status();
    expect(seen.thermometer.lastReading).toBeNull();
    expect(seen.thermometer.lastBytes).not.toBe('');
    // A good frame straight after still reads.
    await play(device, { driver: 'gy906', mode: 'stream', frameLength: 9 }, [36.4]);
    await waitFor(
      async () => (await status()).thermometer.lastReading?.celsius === 36.4,
      5000,
      'the good frame',
    );
  });
});

describe('a device that goes quiet, away and back', () => {
  it('shows "no data" after the configured seconds, and clears it when data comes', async () => {
    const device = await pair('thermometer');
    await start({ thermometer: { driver: 'gy906', path: device.kioskPath, noDataSeconds: 1 } });
    await waitFor(async () => (await status()).thermometer.silentSeconds !== null, 5000, 'silence');
    expect((await status()).thermometer).toMatchObject({ connected: true });
    await play(device, { driver: 'gy906', mode: 'stream', frameLength: 9 }, [24.1]);
    await waitFor(async () => (await status()).thermometer.silentSeconds === null, 5000, 'data');
  });

  it('shows the unplug, reopens the same path by itself, and decides the open check', async () => {
    const folder = path.join(dir, 'thermometer');
    let device = await pair('thermometer');
    await start({ thermometer: { driver: 'heimann', path: device.kioskPath } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    await scan('S2026002');
    await device.close();
    await waitFor(async () => !(await status()).thermometer.connected, 5000, 'the unplug to show');
    expect((await status()).thermometer.error).not.toBeNull();
    const replugged = Date.now();
    device = await openSocatPair(folder);
    pairs.push(device);
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the replug');
    expect(Date.now() - replugged).toBeLessThan(5000);
    await play(device, { driver: 'heimann' }, [36.5, 36.5, 36.5, 24]);
    await waitFor(async () => entries().length === 1, 5000, 'the decision');
    expect(entries()[0]).toMatchObject({ card_text: 'S2026002', decision: 'pass' });
  });
});

describe('measurement', () => {
  it('adds the calibration offset, and keeps the raw reading and ambient in the entry', async () => {
    const device = await pair('thermometer');
    await start({
      thermometer: { driver: 'gy906', path: device.kioskPath, offsetCelsius: 0.4 },
    });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    await scan('S2026001');
    await play(device, { driver: 'gy906', mode: 'stream', frameLength: 9 }, [36.2, 36.2, 36.2, 24]);
    await waitFor(async () => entries().length === 1, 5000, 'the entry');
    expect(entries()[0]).toMatchObject({
      temperature_c: 36.6,
      temperature_raw_c: 36.2,
      temperature_offset_c: 0.4,
      ambient_c: 24,
    });
  });

  it('does not give the next person the readings of one who lingers', async () => {
    const device = await pair('thermometer');
    await start({ thermometer: { driver: 'gy906', path: device.kioskPath } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    const protocol = { driver: 'gy906', mode: 'stream', frameLength: 9 } as const;
    await scan('S2026001');
    await play(device, protocol, [37.0, 37.0, 37.0]);
    await waitFor(async () => entries().length === 1, 5000, 'the first decision');
    // Still in front of the sensor after the pass, then the next pupil's card.
    await play(device, protocol, [37.0, 37.1, 37.0]);
    const next = await scan('S2026002');
    expect(next.entry).toBeNull();
    expect(next.missing).toEqual(['temperature']);
    await play(device, protocol, [24, 36.3, 36.3, 36.3, 24]);
    await waitFor(async () => entries().length === 2, 5000, 'the second decision');
    expect(entries()[1]).toMatchObject({ card_text: 'S2026002', temperature_c: 36.3 });
  });

  it('asks to measure again for a steady implausible reading instead of deciding', async () => {
    const device = await pair('thermometer');
    await start({ thermometer: { driver: 'ascii', path: device.kioskPath } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the port to open');
    const checks = collect('check') as CheckView[];
    await scan('S2026001');
    await play(device, { driver: 'ascii' }, [43.5, 43.5, 43.5]);
    await waitFor(
      async () => checks.some((check) => check.remeasureCelsius === 43.5),
      5000,
      'the re-measure',
    );
    expect(entries()).toHaveLength(0);
    expect(checks.at(-1)?.missing).toEqual(['remeasure']);
  });

  it('takes a guard\u2019s typed reading when the device is down, and names the guard', async () => {
    await start({ thermometer: { driver: 'gy906', path: path.join(dir, 'no-such-port') } });
    await scan('S2026001');
    // The caller is signed in: the entry names that account, not a typed name.
    const guard = testAdmin.actor?.displayName;
    const decided = (await call('manualReading', {
      celsius: 36.8,
      instrument: 'clinical',
    })) as CheckView;
    expect(decided.entry).toMatchObject({
      decision: 'pass',
      temperatureCelsius: 36.8,
      temperatureMethod: 'manual',
      measuredBy: guard,
    });
    expect(entries()[0]).toMatchObject({
      temperature_source: 'manual',
      temperature_method: 'manual',
      measured_by: guard,
      instrument: 'clinical',
      temperature_raw_c: null,
    });
  });
});

describe('the turnstile relay', () => {
  it('pulses on pass only, after the entry is saved', async () => {
    const relay = await pair('relay');
    await start({ relay: { driver: 'lcus1', path: relay.kioskPath, pulseMs: 100 } });
    await waitFor(async () => (await status()).relay?.connected === true, 5000, 'the relay');
    await scan('UNKNOWN-CARD');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.received().length).toBe(0);
    await scan('S2026001');
    await call('simulateReading', { celsius: 36.5 });
    await relay.waitForReceived(Uint8Array.of(0xa0, 0x01, 0x00, 0xa1), 3000);
    expect([...relay.received()]).toEqual([0xa0, 0x01, 0x01, 0xa2, 0xa0, 0x01, 0x00, 0xa1]);
  });

  it('shows and logs a relay that does not answer, and the entry is still saved', async () => {
    const relay = await pair('relay');
    await start({ relay: { driver: 'modbus', path: relay.kioskPath, pulseMs: 60 } });
    await waitFor(async () => (await status()).relay?.connected === true, 5000, 'the relay');
    const faults = collect('fault') as { code: string; message: string }[];
    await scan('S2026001');
    await call('simulateReading', { celsius: 36.5 });
    await waitFor(async () => faults.length > 0, 5000, 'the fault');
    expect(faults[0]?.code).toBe('relay-failed');
    expect(entries()).toHaveLength(1);
    const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
    const logged = db.prepare("SELECT * FROM device_events WHERE device = 'relay'").all();
    db.close();
    expect(logged).toMatchObject([{ event: 'pulse-failed' }]);
    expect((await status()).relay?.lastResult).toBe('failed');
  });

  it('is tested from the settings screen', async () => {
    const relay = await pair('relay');
    await start({ relay: { driver: 'lcus1', path: relay.kioskPath, channel: 2, pulseMs: 50 } });
    await waitFor(async () => (await status()).relay?.connected === true, 5000, 'the relay');
    expect(await call('testRelay')).toEqual({ ok: true, error: null, problem: null });
    await relay.waitForReceived(Uint8Array.of(0xa0, 0x02, 0x00, 0xa2), 3000);
    expect([...relay.received()]).toEqual([0xa0, 0x02, 0x01, 0xa3, 0xa0, 0x02, 0x00, 0xa2]);
  });
});

describe('saving device settings', () => {
  it('writes the config file, keeps its other settings, and switches device without a restart', async () => {
    const device = await pair('thermometer');
    await start({ gate: { id: 'north', name: '北门' } });
    expect((await status()).thermometer.driver).toBe('simulated');
    const settings = {
      thermometer: { driver: 'heimann', path: device.kioskPath },
      relay: null,
    };
    const saved = await call('saveDeviceSettings', settings);
    expect(saved).toMatchObject({ thermometer: { driver: 'heimann', baudRate: 115200 } });
    await waitFor(async () => (await status()).thermometer.connected, 5000, 'the new device');
    const file = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    expect(file).toMatchObject({ gate: { id: 'north' }, thermometer: { driver: 'heimann' } });
    await play(device, { driver: 'heimann' }, [36.7]);
    await waitFor(
      async () => (await status()).thermometer.lastReading?.celsius === 36.7,
      5000,
      'a reading',
    );
  });

  it('refuses a pattern that is not a regular expression and leaves the file alone', async () => {
    await start({});
    const before = await readFile(path.join(dir, 'config.json'), 'utf8');
    if (!kiosk) throw new Error('no kiosk');
    const result = await dispatch(
      kiosk.handlers,
      'saveDeviceSettings',
      { thermometer: { driver: 'ascii', path: '/dev/ttyUSB0', pattern: '(' }, relay: null },
      testAdmin,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe(before);
    expect((await status()).thermometer.driver).toBe('simulated');
  });
});
