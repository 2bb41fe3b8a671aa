// Port keeper for the turnstile relay (an optional device): an LCUS-1 USB relay or a Modbus RTU
// relay board on a serial port. It keeps the port open, reopens it when the device comes back,
// and pulses the relay when someone may pass. Like the thermometer keeper it never throws into
// the kiosk: a missing or broken relay shows up in state() and in what pulse() resolves with.
// Above all it must never leave a turnstile open, so every pulse ends by switching the relay off.

import type { SerialPort } from 'serialport';
import { createListeners } from '../listeners';
import { createPortKeeper } from '../port-keeper';
import { lcus1Command, modbusWriteCoil } from './relay-frames';
import { createRelayLine, failure, OK } from './relay-line';

export type RelayOptions =
  | { driver: 'lcus1'; path: string; baudRate: number; channel: number; pulseMs: number }
  | {
      driver: 'modbus';
      path: string;
      baudRate: number;
      address: number;
      coil: number;
      pulseMs: number;
      /** How long to wait for the relay to echo a command; 500 ms when left out. */
      replyTimeoutMs?: number;
    };

export interface RelayState {
  connected: boolean;
  /** Plain words for the guard when the relay cannot be used (port or settings), else null. */
  error: string | null;
  /** When the last pulse began (ISO 8601), null before the first. */
  lastPulseAt: string | null;
  lastResult: 'ok' | 'failed' | null;
}

export type PulseResult = { ok: true } | { ok: false; error: string };

export interface Relay {
  readonly driver: string;
  readonly path: string | null;
  start(): void;
  close(): Promise<void>;
  state(): RelayState;
  onState(listener: (state: RelayState) => void): () => void;
  /** Opens the turnstile for pulseMs. Never throws; resolves with what happened. */
  pulse(): Promise<PulseResult>;
}

const DEFAULT_RECONNECT_MS = 2000;
const DEFAULT_REPLY_TIMEOUT_MS = 500;
interface Frames {
  on: Uint8Array;
  off: Uint8Array;
}

/** One pulse on the wire; later callers join it while the relay is still on. */
interface RunningPulse {
  result: Promise<PulseResult>;
  phase: 'on' | 'off';
  /** Switch off no earlier than this (ms since the epoch); extended by callers who join. */
  holdUntil: number;
  /** Cut the hold short (close, unplug). */
  wake: (() => void) | null;
}

/** The relay's on and off commands, or plain words for a setting it cannot take. */
function checkSettings(options: RelayOptions): { frames: Frames } | { error: string } {
  try {
    if (!Number.isFinite(options.pulseMs) || options.pulseMs <= 0) {
      throw new RangeError(`the pulse must last a positive number of ms, not ${options.pulseMs}`);
    }
    // Settings come from the database: do not trust the type to rule out an unknown driver.
    const driver: string = options.driver;
    if (options.driver === 'lcus1') {
      return {
        frames: {
          on: lcus1Command(options.channel, true),
          off: lcus1Command(options.channel, false),
        },
      };
    }
    if (options.driver === 'modbus') {
      return {
        frames: {
          on: modbusWriteCoil(options.address, options.coil, true),
          off: modbusWriteCoil(options.address, options.coil, false),
        },
      };
    }
    throw new RangeError(`unknown relay driver "${driver}"`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `Relay settings are wrong: ${reason}` };
  }
}

export function createSerialRelay(options: RelayOptions & { reconnectMs?: number }): Relay {
  const { path, baudRate, pulseMs } = options;
  const reconnectMs = options.reconnectMs ?? DEFAULT_RECONNECT_MS;
  const settings = checkSettings(options);

  const stateListeners = createListeners<RelayState>();
  let current: RelayState = {
    connected: false,
    error: 'error' in settings ? settings.error : null,
    lastPulseAt: null,
    lastResult: null,
  };
  /** Set as close() begins, before the last switch-off: from then on no pulse may start. */
  let closed = false;
  let closeDone: Promise<void> | null = null;
  const keeper = createPortKeeper({
    path,
    baudRate,
    reconnectMs,
    device: 'Relay',
    onOpen: attach,
    onLost(error): void {
      line.abort(error);
      // No use holding the turnstile open on a relay we can no longer switch off.
      running?.wake?.();
    },
    onDown: (error) => setState({ connected: false, error }),
  });

  const line = createRelayLine({
    keeper,
    path,
    expectsReply: options.driver === 'modbus',
    replyTimeoutMs:
      options.driver === 'modbus' ? (options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS) : 0,
    notConnected,
  });
  let running: RunningPulse | null = null;
  let queued: Promise<PulseResult> | null = null;
  /** The last off command did not get through: send it again as soon as the port is back. */
  let offOwed = false;

  function setState(next: Partial<RelayState>): void {
    const merged = { ...current, ...next };
    if (
      merged.connected === current.connected &&
      merged.error === current.error &&
      merged.lastPulseAt === current.lastPulseAt &&
      merged.lastResult === current.lastResult
    ) {
      return;
    }
    current = merged;
    stateListeners.notify({ ...current });
  }

  function notConnected(): string {
    if (closed) return 'The relay has been shut down';
    return current.error ?? `The relay on ${path} is not connected`;
  }

  /** Keep the relay on until holdUntil, which later callers may push back. */
  async function hold(entry: RunningPulse): Promise<void> {
    while (!closed && keeper.current() !== null && Date.now() < entry.holdUntil) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => wake(), entry.holdUntil - Date.now());
        const wake = (): void => {
          clearTimeout(timer);
          entry.wake = null;
          resolve();
        };
        entry.wake = wake;
      });
    }
  }

  async function runPulse(entry: RunningPulse, frames: Frames): Promise<PulseResult> {
    const at = new Date().toISOString();
    const on = await line.transact(frames.on);
    if (on.ok) {
      entry.holdUntil = Math.max(entry.holdUntil, Date.now() + pulseMs);
      await hold(entry);
    }
    entry.phase = 'off';
    // Always switch off, even when switching on seemed to fail: the relay may have switched
    // and only its answer been lost.
    const off = await line.transact(frames.off);
    offOwed = !off.ok;
    if (running === entry) running = null;
    let result = on;
    if (on.ok && !off.ok) result = failure(`${off.error}; the turnstile may still be open`);
    setState({ lastPulseAt: at, lastResult: result.ok ? 'ok' : 'failed' });
    return result;
  }

  function pulse(): Promise<PulseResult> {
    if (closed) return Promise.resolve(failure(notConnected()));
    if ('error' in settings || keeper.current() === null) {
      const result = failure('error' in settings ? settings.error : notConnected());
      setState({ lastPulseAt: new Date().toISOString(), lastResult: 'failed' });
      return Promise.resolve(result);
    }
    if (running !== null && running.phase === 'on') {
      // Someone else may pass too: keep the turnstile open for them rather than pulsing again.
      running.holdUntil = Math.max(running.holdUntil, Date.now() + pulseMs);
      return running.result;
    }
    if (running !== null) {
      // Already switching off: one more full pulse afterwards, shared by everyone who asks now.
      queued ??= running.result.then(() => {
        queued = null;
        return pulse();
      });
      return queued;
    }
    const entry: RunningPulse = {
      result: Promise.resolve(OK),
      phase: 'on',
      holdUntil: 0,
      wake: null,
    };
    running = entry;
    entry.result = runPulse(entry, settings.frames);
    return entry.result;
  }

  function attach(opened: SerialPort): void {
    opened.on('data', line.receive);
    setState({ connected: true, error: null });
    if (offOwed && 'frames' in settings) {
      // The port went away before the relay could be switched off: do it now.
      void line.transact(settings.frames.off).then((result) => {
        if (result.ok) offOwed = false;
      });
    }
  }

  async function shutDown(): Promise<void> {
    closed = true;
    await keeper.close(async () => {
      // Cut a running pulse short but let it switch the relay off before the port goes.
      running?.wake?.();
      await running?.result;
      await line.idle();
    });
    setState({ connected: false, error: null });
    stateListeners.clear();
  }

  return {
    driver: options.driver,
    path,
    start(): void {
      // Wrong settings stay in state(); opening the port would only hide them behind its own.
      if (!('error' in settings)) keeper.start();
    },
    close(): Promise<void> {
      closeDone ??= shutDown();
      return closeDone;
    },
    state(): RelayState {
      return { ...current };
    },
    onState: stateListeners.add,
    pulse,
  };
}
