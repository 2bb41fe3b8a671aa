// The serial port keeper (here with the GY-906 protocol) against a real pty pair made by socat:
// commands, readings, garbage, silence, failures and reconnects. Tests wait for driver events, never for fixed sleeps, and close
// every port, timer and socat process they start.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GY906_QUERY, GY906_STREAM } from '../../../native/thermometer/gy906';
import { createSerialThermometer } from '../../../native/thermometer/serial-thermometer';
import { createThermometerProtocol } from '../../../native/thermometer/protocols-by-name';
import type { ThermometerMode } from '../../../native/thermometer/driver';
import type { SerialThermometerOptions } from '../../../native/thermometer/serial-thermometer';
import type {
  Thermometer,
  ThermometerReading,
  ThermometerState,
} from '../../../native/thermometer/driver';
import { gy906Frame, openSocatPair } from '../../rigs/socat-pair';
import { useSocatBench } from '../../rigs/socat-bench';

const bench = useSocatBench('gate-serial');
const { pair } = bench;

/** The GY-906 protocol for a mode, as the kiosk builds it. */
function gy906(mode: ThermometerMode = 'stream') {
  return { mode, protocol: createThermometerProtocol({ driver: 'gy906', mode, frameLength: 9 }) };
}

function thermometer(options: Partial<SerialThermometerOptions> = {}): Thermometer {
  const created = createSerialThermometer({
    path: join(bench.dir, 'kiosk'),
    baudRate: 9600,
    reconnectMs: 50,
    ...gy906(options.mode),
    ...options,
  });
  bench.onCleanup(() => created.close());
  return created;
}

function waitForState(
  device: Thermometer,
  matches: (state: ThermometerState) => boolean,
  timeoutMs = 5000,
): Promise<ThermometerState> {
  return waitForEvent((listener) => device.onState(listener), matches, device.state(), timeoutMs);
}

function waitForReading(
  device: Thermometer,
  matches: (reading: ThermometerReading) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ThermometerReading> {
  return waitForEvent((listener) => device.onReading(listener), matches, null, timeoutMs);
}

/** Resolve with the first event that matches (or the current value, if it already does). */
function waitForEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  matches: (value: T) => boolean,
  current: T | null,
  timeoutMs: number,
): Promise<T> {
  if (current !== null && matches(current)) return Promise.resolve(current);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (!matches(value)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

const connected = (state: ThermometerState): boolean => state.connected;

describe('createSerialThermometer over a socat pair', () => {
  it('sends the stream command when the port opens', async () => {
    const line = await pair();
    const device = thermometer();
    expect(device.driver).toBe('gy906');
    expect(device.simulated).toBe(false);
    device.start();
    await waitForState(device, connected);
    await line.waitForReceived(GY906_STREAM);
    expect([...line.received()]).toEqual([...GY906_STREAM]);
  });

  it('polls with the query command in query mode', async () => {
    const line = await pair();
    const device = thermometer({ mode: 'query', queryIntervalMs: 50 });
    device.start();
    await line.waitForReceived(Uint8Array.of(...GY906_QUERY, ...GY906_QUERY, ...GY906_QUERY));
    expect(line.received().includes(Buffer.from(GY906_STREAM))).toBe(false);
  });

  it('turns frames from the device into readings', async () => {
    const line = await pair();
    const at = new Date('2025-09-01T07:30:00Z');
    const device = thermometer({ now: () => at });
    device.start();
    await waitForState(device, connected);
    const first = waitForReading(device);
    await line.write(gy906Frame(36.6, 24.5));
    expect(await first).toEqual({ objectCelsius: 36.6, ambientCelsius: 24.5, at, settled: false });
    const second = waitForReading(device);
    await line.write(gy906Frame(37.85, -3.2));
    expect(await second).toMatchObject({ objectCelsius: 37.85, ambientCelsius: -3.2 });
  });

  it('keeps reading through garbage on the line', async () => {
    const line = await pair();
    const device = createSerialThermometer({ path: line.kioskPath, baudRate: 9600, ...gy906() });
    bench.onCleanup(() => device.close());
    device.start();
    await waitForState(device, connected);
    const reading = waitForReading(device, (value) => value.objectCelsius === 36.9);
    await line.write(Uint8Array.of(0x00, 0xff, 0x5a, 0x5a, 0x45, 0x04, 0x13, 0x37));
    await line.write(Uint8Array.of(0x5a, 0x5a, 0x45, 0x04, 1, 2, 3, 4, 0xee));
    await line.write(gy906Frame(36.9));
    expect(await reading).toMatchObject({ objectCelsius: 36.9, ambientCelsius: 25 });
    expect(device.counters().badFrames).toBeGreaterThan(0);
    expect(device.counters().garbageBytes).toBeGreaterThan(0);
    expect(device.state()).toEqual({ connected: true, error: null, silentSeconds: null });
  });

  it('reads a frame split over two writes', async () => {
    const line = await pair();
    const device = thermometer();
    device.start();
    await waitForState(device, connected);
    const reading = waitForReading(device);
    const frame = gy906Frame(38.1, 22);
    await line.write(frame.subarray(0, 4));
    await line.write(frame.subarray(4));
    expect(await reading).toMatchObject({ objectCelsius: 38.1, ambientCelsius: 22 });
  });

  it('reports a missing port in plain words without throwing, then connects when it appears', async () => {
    const device = thermometer({ path: join(bench.dir, 'kiosk') });
    expect(() => device.start()).not.toThrow();
    const failed = await waitForState(device, (state) => state.error !== null);
    expect(failed.connected).toBe(false);
    expect(failed.error).toBe(`Cannot open ${join(bench.dir, 'kiosk')}: No such file or directory`);
    await pair();
    await waitForState(device, connected);
    expect(device.state()).toEqual({ connected: true, error: null, silentSeconds: null });
  });

  it('reconnects after the device goes away and comes back on the same path', async () => {
    const first = await openSocatPair(bench.dir);
    const device = thermometer();
    device.start();
    await waitForState(device, connected);
    const lost = waitForState(device, (state) => !state.connected);
    await first.close();
    expect((await lost).error).toMatch(/disconnected|cannot open/i);

    const second = await pair();
    await waitForState(device, connected);
    const reading = waitForReading(device);
    await second.write(gy906Frame(36.4));
    expect(await reading).toMatchObject({ objectCelsius: 36.4 });
  });
});

describe('closing the serial thermometer', () => {
  it('releases a port that was still opening when close() was called', async () => {
    await pair();
    const early = thermometer();
    early.start();
    await early.close();
    expect(early.state()).toEqual({ connected: false, error: null, silentSeconds: null });
    // serialport locks the port (flock); a handle left open would make this one fail to lock.
    const next = thermometer();
    next.start();
    expect(await waitForState(next, (state) => state.connected || state.error !== null)).toEqual({
      connected: true,
      error: null,
      silentSeconds: null,
    });
  });

  const probe = join(import.meta.dirname, 'thermometer-exit-probe.ts');

  /** Run the probe in its own process: it exits by itself only if close() left no handle open. */
  function runProbe(path: string): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', probe, path], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`The probe did not exit after close():\n${output}`));
      }, 10_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('lets the process exit after closing an open port', async () => {
    const line = await pair();
    const result = await runProbe(line.kioskPath);
    expect(result.output).toContain('connected');
    expect(result.code).toBe(0);
  });

  it('lets the process exit after closing while it retries a missing port', async () => {
    const result = await runProbe(join(bench.dir, 'missing'));
    expect(result.output).toContain('Cannot open');
    expect(result.code).toBe(0);
  });
});
