// The turnstile relay drivers against a real pty pair made by socat: the bytes of a pulse and
// their timing, Modbus answers and silence, a missing port, unplugging and replugging. Tests
// wait for driver events, never for fixed sleeps, and close every relay and socat they start.

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  lcus1Command,
  modbusExceptionReply,
  modbusWriteCoil,
} from '../../../native/relay/relay-frames';
import { createSerialRelay } from '../../../native/relay/serial-relay';
import type { Relay, RelayOptions, RelayState } from '../../../native/relay/serial-relay';
import { openSocatPair } from '../../rigs/socat-pair';
import { useSocatBench } from '../../rigs/socat-bench';
import type { SocatPair } from '../../rigs/socat-pair';

const bench = useSocatBench('gate-relay');
const { pair } = bench;

type Settings = RelayOptions & { reconnectMs?: number };
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function relay(options: Without<Settings, 'path' | 'baudRate'>): Relay {
  const created = createSerialRelay({
    path: join(bench.dir, 'kiosk'),
    baudRate: 9600,
    reconnectMs: 50,
    ...options,
  } as Settings);
  bench.onCleanup(() => created.close());
  return created;
}

/** Resolve with the first state that matches (or the current one, if it already does). */
function waitForState(
  device: Relay,
  matches: (state: RelayState) => boolean,
  timeoutMs = 4000,
): Promise<RelayState> {
  if (matches(device.state())) return Promise.resolve(device.state());
  return new Promise<RelayState>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No matching relay state within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = device.onState((state) => {
      if (!matches(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

const connected = (state: RelayState): boolean => state.connected;
const joined = (...frames: Uint8Array[]): Uint8Array =>
  Uint8Array.from(frames.flatMap((frame) => [...frame]));
/** When `bytes` have arrived at the device end, by the test's clock. */
const arrival = (line: SocatPair, bytes: Uint8Array): Promise<number> =>
  line.waitForReceived(bytes).then(() => performance.now());

/** Play a Modbus relay that answers each of `requests`, in order, with `answer(request)`. */
async function answer(
  line: SocatPair,
  requests: Uint8Array[],
  reply: (request: Uint8Array) => Uint8Array = (request) => request,
): Promise<void> {
  let expected: Uint8Array = new Uint8Array(0);
  for (const request of requests) {
    expected = joined(expected, request);
    await line.waitForReceived(expected);
    await line.write(reply(request));
  }
}

const ON_1 = lcus1Command(1, true);
const OFF_1 = lcus1Command(1, false);

describe('LCUS-1 relay over a socat pair', () => {
  it('pulses with exactly the on and off commands, pulseMs apart', async () => {
    const line = await pair();
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 200 });
    device.start();
    await waitForState(device, connected);

    const onAt = arrival(line, ON_1);
    const offAt = arrival(line, joined(ON_1, OFF_1));
    const started = Date.now();
    expect(await device.pulse()).toEqual({ ok: true });
    expect((await offAt) - (await onAt)).toBeGreaterThanOrEqual(200 - 20);
    expect(line.received().toString('hex')).toBe('a00101a2a00100a1');
    const state = device.state();
    expect(state).toMatchObject({ connected: true, error: null, lastResult: 'ok' });
    expect(Date.parse(state.lastPulseAt ?? '')).toBeGreaterThanOrEqual(started - 1000);
  });

  it('switches the channel it was given', async () => {
    const line = await pair();
    const device = relay({ driver: 'lcus1', channel: 4, pulseMs: 20 });
    device.start();
    await waitForState(device, connected);
    expect(await device.pulse()).toEqual({ ok: true });
    await line.waitForReceived(lcus1Command(4, false));
    expect(line.received().toString('hex')).toBe('a00401a5a00400a4');
  });

  it('lets a second pulse join and extend the first instead of interleaving', async () => {
    const line = await pair();
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 200 });
    device.start();
    await waitForState(device, connected);

    const onAt = arrival(line, ON_1);
    const offAt = arrival(line, joined(ON_1, OFF_1));
    const first = device.pulse();
    await onAt;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = device.pulse();
    expect(await Promise.all([first, second])).toEqual([{ ok: true }, { ok: true }]);
    // Held open for the second person's full pulse, counted from when they asked.
    expect((await offAt) - (await onAt)).toBeGreaterThanOrEqual(100 + 200 - 20);
    expect(line.received().toString('hex')).toBe('a00101a2a00100a1');
  });

  it('runs one more whole pulse for callers who ask while it switches off', async () => {
    const line = await pair();
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 30 });
    device.start();
    await waitForState(device, connected);
    const first = device.pulse();
    const offSent = line.waitForReceived(joined(ON_1, OFF_1));
    // Ask again the moment the off command goes out.
    await offSent;
    const late = [device.pulse(), device.pulse()];
    expect(await Promise.all([first, ...late])).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // One more pulse for both late callers: whole commands, never one inside another.
    await line.waitForReceived(joined(ON_1, OFF_1, ON_1, OFF_1));
    expect(line.received().toString('hex')).toBe('a00101a2a00100a1a00101a2a00100a1');
  });

  it('switches off at once when closed in the middle of a long pulse', async () => {
    const line = await pair();
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 10_000 });
    device.start();
    await waitForState(device, connected);
    const result = device.pulse();
    await line.waitForReceived(ON_1);
    const closing = performance.now();
    await device.close();
    expect(performance.now() - closing).toBeLessThan(1000);
    expect(await result).toEqual({ ok: true });
    await line.waitForReceived(joined(ON_1, OFF_1), 1000);
    expect(line.received().toString('hex')).toBe('a00101a2a00100a1');
  });
});

describe('Modbus relay over a socat pair', () => {
  const ON = modbusWriteCoil(1, 0, true);
  const OFF = modbusWriteCoil(1, 0, false);

  it('succeeds when the relay echoes each command', async () => {
    const line = await pair();
    const device = relay({ driver: 'modbus', address: 1, coil: 0, pulseMs: 100 });
    device.start();
    await waitForState(device, connected);
    const played = answer(line, [ON, OFF]);
    const onAt = arrival(line, ON);
    const offAt = arrival(line, joined(ON, OFF));
    expect(await device.pulse()).toEqual({ ok: true });
    await played;
    expect((await offAt) - (await onAt)).toBeGreaterThanOrEqual(100 - 20);
    expect(line.received().toString('hex')).toBe('01050000ff008c3a010500000000cdca');
    expect(device.state().lastResult).toBe('ok');
  });

  it('says the relay did not answer when it stays silent, and still switches off', async () => {
    const line = await pair();
    const device = relay({
      driver: 'modbus',
      address: 1,
      coil: 0,
      pulseMs: 100,
      replyTimeoutMs: 200,
    });
    device.start();
    await waitForState(device, connected);
    const started = performance.now();
    const result = await device.pulse();
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/did not answer/) });
    expect(performance.now() - started).toBeLessThan(1500);
    await line.waitForReceived(joined(ON, OFF));
    expect(line.received().toString('hex')).toBe('01050000ff008c3a010500000000cdca');
    expect(device.state()).toMatchObject({ connected: true, lastResult: 'failed' });
  });

  it('says the relay answered with an error on a Modbus exception', async () => {
    const line = await pair();
    const device = relay({ driver: 'modbus', address: 1, coil: 0, pulseMs: 50 });
    device.start();
    await waitForState(device, connected);
    const played = answer(line, [ON, OFF], (request) => modbusExceptionReply(request, 2));
    const result = await device.pulse();
    await played;
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^The relay answered with an error: .*coil number/),
    });
  });

  it('reports a switch-off that went unanswered as a turnstile that may be open', async () => {
    const line = await pair();
    const device = relay({
      driver: 'modbus',
      address: 1,
      coil: 0,
      pulseMs: 50,
      replyTimeoutMs: 200,
    });
    device.start();
    await waitForState(device, connected);
    const played = answer(line, [ON]);
    const result = await device.pulse();
    await played;
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/did not answer.*; the turnstile may still be open$/),
    });
  });
});

describe('relay port trouble', () => {
  it('fails a pulse on a missing path in words, at once, without throwing', async () => {
    const path = join(bench.dir, 'kiosk');
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 100 });
    expect(() => device.start()).not.toThrow();
    const failed = await waitForState(device, (state) => state.error !== null);
    expect(failed).toMatchObject({ connected: false });
    const started = performance.now();
    const result = await device.pulse();
    expect(performance.now() - started).toBeLessThan(100);
    expect(result).toEqual({ ok: false, error: `Cannot open ${path}: No such file or directory` });
    expect(device.state().lastResult).toBe('failed');
  });

  it('shows an unplug, reconnects by itself on the same path, and pulses again', async () => {
    const first = await openSocatPair(bench.dir);
    let firstOpen = true;
    bench.onCleanup(() => (firstOpen ? first.close() : Promise.resolve()));
    // The default reconnect interval: the relay must come back within a couple of seconds.
    const device = createSerialRelay({
      driver: 'lcus1',
      path: first.kioskPath,
      baudRate: 9600,
      channel: 1,
      pulseMs: 20,
    });
    bench.onCleanup(() => device.close());
    device.start();
    await waitForState(device, connected);
    expect(await device.pulse()).toEqual({ ok: true });

    const lost = waitForState(device, (state) => !state.connected);
    firstOpen = false;
    await first.close();
    expect((await lost).error).toMatch(/disconnected|cannot open/i);
    expect(await device.pulse()).toEqual({
      ok: false,
      error: expect.stringMatching(/disconnected|cannot open/i),
    });

    const second = await pair();
    await waitForState(device, connected, 3000);
    expect(await device.pulse()).toEqual({ ok: true });
    await second.waitForReceived(joined(ON_1, OFF_1));
    expect(second.received().toString('hex')).toBe('a00101a2a00100a1');
  });

  it('switches off as soon as it is back when unplugged in the middle of a pulse', async () => {
    const first = await openSocatPair(bench.dir);
    let firstOpen = true;
    bench.onCleanup(() => (firstOpen ? first.close() : Promise.resolve()));
    const device = relay({ driver: 'lcus1', channel: 1, pulseMs: 10_000 });
    device.start();
    await waitForState(device, connected);
    const result = device.pulse();
    await first.waitForReceived(ON_1);
    firstOpen = false;
    await first.close();
    // Resolved long before the 10 s pulse would have ended, and honest about the turnstile.
    expect(await result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Relay disconnected from .*; the turnstile may still be open$/),
    });
    expect(device.state().lastResult).toBe('failed');

    const second = await pair();
    await second.waitForReceived(OFF_1, 3000);
    expect(second.received().toString('hex')).toBe('a00100a1');
  });

  it('releases the port on close so the next relay can lock it', async () => {
    await pair();
    const early = relay({ driver: 'lcus1', channel: 1, pulseMs: 20 });
    early.start();
    await early.close();
    const next = relay({ driver: 'lcus1', channel: 1, pulseMs: 20 });
    next.start();
    expect(await waitForState(next, (state) => state.connected || state.error !== null)).toEqual(
      expect.objectContaining({ connected: true, error: null }),
    );
  });
});
