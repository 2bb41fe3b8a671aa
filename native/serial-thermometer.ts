// Port keeper for a GY-906 thermometer on a serial port: opens, watches and reopens the port,
// and turns its bytes into readings. It never throws into the kiosk and never crashes on
// garbage; a missing or broken device only shows up in state().

import { SerialPort } from 'serialport';
import { createListeners } from './listeners';
import { GY906_QUERY, GY906_STREAM, Gy906Parser } from './gy906';
import type { Gy906Counters } from './gy906';
import type { Thermometer, ThermometerReading, ThermometerState } from './thermometer';

export interface SerialThermometerOptions {
  path: string;
  baudRate: number;
  /** 'stream' asks the module to send continuously; 'query' polls it. */
  mode?: 'stream' | 'query';
  queryIntervalMs?: number;
  reconnectMs?: number;
  now?: () => Date;
}

export interface SerialThermometer extends Thermometer {
  /** Parser counters since creation, for the status page. */
  counters(): Gy906Counters;
}

/** Turn a serialport error into words a guard can act on. */
export function describeOpenError(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/cannot lock port/i.test(message)) {
    return `Cannot open ${path}: another program is using the port`;
  }
  const reason = message
    .replace(/^Error:?\s*/, '')
    .replace(/,?\s*cannot open .*$/i, '')
    .trim();
  const hint = /permission denied/i.test(reason)
    ? ' (add the kiosk user to the dialout group)'
    : '';
  return `Cannot open ${path}: ${reason || 'unknown error'}${hint}`;
}

export function createSerialThermometer(options: SerialThermometerOptions): SerialThermometer {
  const { path, baudRate } = options;
  const mode = options.mode ?? 'stream';
  const queryIntervalMs = options.queryIntervalMs ?? 500;
  const reconnectMs = options.reconnectMs ?? 2000;
  const now = options.now ?? (() => new Date());

  const parser = new Gy906Parser();
  const readingListeners = createListeners<ThermometerReading>();
  const stateListeners = createListeners<ThermometerState>();
  let current: ThermometerState = { connected: false, error: null };
  let started = false;
  let closed = false;
  let closeDone: Promise<void> | null = null;
  let port: SerialPort | null = null;
  let opening: Promise<void> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let queryTimer: ReturnType<typeof setInterval> | null = null;
  /** Ports being closed after a failure; close() waits for them so no handle outlives it. */
  const closing = new Set<Promise<void>>();

  function setState(next: ThermometerState): void {
    if (next.connected === current.connected && next.error === current.error) return;
    current = next;
    stateListeners.notify({ ...current });
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      openPort();
    }, reconnectMs);
  }

  function stopQuerying(): void {
    if (queryTimer !== null) clearInterval(queryTimer);
    queryTimer = null;
  }

  /** Detach from a port and close it if it is still open; never throws. */
  function release(target: SerialPort): void {
    target.removeAllListeners();
    // Keep a no-op error listener: a late error from a dead port must not become uncaught.
    target.on('error', () => undefined);
    if (!target.isOpen) return;
    const done = new Promise<void>((resolve) => target.close(() => resolve()));
    closing.add(done);
    void done.then(() => closing.delete(done));
  }

  /** Forget a port that failed, report why, and try again later. */
  function fail(failed: SerialPort, error: string): void {
    if (port !== failed) return;
    port = null;
    stopQuerying();
    release(failed);
    parser.discardPending();
    if (closed) return;
    setState({ connected: false, error });
    scheduleReconnect();
  }

  function send(target: SerialPort, command: Uint8Array): void {
    target.write(Buffer.from(command), (error) => {
      if (error) fail(target, `Cannot write to ${path}: ${error.message}`);
    });
  }

  function receive(chunk: Buffer): void {
    for (const frame of parser.push(chunk)) {
      readingListeners.notify({
        objectCelsius: frame.objectCelsius,
        ambientCelsius: frame.ambientCelsius,
        at: now(),
      });
    }
  }

  function attach(opened: SerialPort): void {
    port = opened;
    opened.on('data', receive);
    opened.on('error', (error: Error) =>
      fail(opened, `Thermometer error on ${path}: ${error.message}`),
    );
    opened.on('close', () => fail(opened, `Thermometer disconnected from ${path}`));
    setState({ connected: true, error: null });
    if (mode === 'stream') {
      send(opened, GY906_STREAM);
      return;
    }
    send(opened, GY906_QUERY);
    queryTimer = setInterval(() => send(opened, GY906_QUERY), queryIntervalMs);
  }

  function openPort(): void {
    if (closed || port !== null || opening !== null) return;
    let candidate: SerialPort;
    try {
      // The constructor throws on invalid options (empty path, bad baud rate).
      candidate = new SerialPort({ path, baudRate, autoOpen: false });
    } catch (error) {
      setState({ connected: false, error: describeOpenError(path, error) });
      scheduleReconnect();
      return;
    }
    candidate.on('error', () => undefined);
    opening = new Promise<void>((resolve) => {
      candidate.open((error) => {
        opening = null;
        if (error) {
          setState({ connected: false, error: describeOpenError(path, error) });
          scheduleReconnect();
        } else if (closed) {
          // close() was called while the port was opening: do not leave the handle behind.
          release(candidate);
        } else {
          attach(candidate);
        }
        resolve();
      });
    });
  }

  async function shutDown(): Promise<void> {
    closed = true;
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    stopQuerying();
    await opening;
    if (port !== null) release(port);
    port = null;
    await Promise.all([...closing]);
    setState({ connected: false, error: null });
    readingListeners.clear();
    stateListeners.clear();
  }

  return {
    driver: 'gy906',
    simulated: false,
    path,
    start(): void {
      if (started || closed) return;
      started = true;
      openPort();
    },
    close(): Promise<void> {
      closeDone ??= shutDown();
      return closeDone;
    },
    state(): ThermometerState {
      return { ...current };
    },
    counters(): Gy906Counters {
      return parser.counters();
    },
    onReading: readingListeners.add,
    onState: stateListeners.add,
  };
}
