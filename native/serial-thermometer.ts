// Port keeper for a thermometer on a serial port, whatever its protocol: opens, watches and
// reopens the port, notices a device that has gone quiet, and turns its bytes into readings.
// It never throws into the kiosk and never crashes on garbage; a missing, broken or silent
// device only shows up in state().

import { SerialPort } from 'serialport';
import { createListeners } from './listeners';
import type {
  ThermometerMode,
  Thermometer,
  ThermometerReading,
  ThermometerState,
} from './thermometer';
import type { ThermometerProtocol } from './thermometer-protocol';

export interface SerialThermometerOptions {
  path: string;
  baudRate: number;
  protocol: ThermometerProtocol;
  mode: ThermometerMode;
  /** Connected but silent this long (stream and query modes): shown as "no data". */
  noDataSeconds?: number;
  queryIntervalMs?: number;
  reconnectMs?: number;
  now?: () => Date;
}

export type SerialThermometer = Thermometer;

export type DeviceProblem =
  'missing' | 'busy' | 'permission' | 'unplugged' | 'no-answer' | 'settings' | 'other';

/**
 * What kind of trouble a device's error message (from describeOpenError and the keepers, all
 * written in this folder) describes, so the screen can say it in the guard's language; the
 * message itself stays for the admin.
 */
export function classifyDeviceError(message: string): DeviceProblem {
  if (/another program is using/i.test(message)) return 'busy';
  if (/permission denied/i.test(message)) return 'permission';
  if (/no such file|not found|ENOENT/i.test(message)) return 'missing';
  if (/disconnected|\bEIO\b|\bENXIO\b|\bENODEV\b/i.test(message)) return 'unplugged';
  if (/did not answer|answered with an error/i.test(message)) return 'no-answer';
  if (/settings are wrong/i.test(message)) return 'settings';
  return 'other';
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
  const { path, baudRate, protocol, mode } = options;
  const queryIntervalMs = options.queryIntervalMs ?? 500;
  const reconnectMs = options.reconnectMs ?? 2000;
  const noDataMs = (options.noDataSeconds ?? 5) * 1000;
  const now = options.now ?? (() => new Date());

  const parser = protocol.createParser();
  const readingListeners = createListeners<ThermometerReading>();
  const stateListeners = createListeners<ThermometerState>();
  const byteListeners = createListeners<Uint8Array>();
  let current: ThermometerState = { connected: false, error: null, silentSeconds: null };
  /** When the port opened or last gave bytes; the silence watch measures from here. */
  let heardAt = 0;
  let silenceTimer: ReturnType<typeof setInterval> | null = null;
  let started = false;
  let closed = false;
  let closeDone: Promise<void> | null = null;
  let port: SerialPort | null = null;
  let opening: Promise<void> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let queryTimer: ReturnType<typeof setInterval> | null = null;
  /** Ports being closed after a failure; close() waits for them so no handle outlives it. */
  const closing = new Set<Promise<void>>();

  function setState(
    next: Omit<ThermometerState, 'silentSeconds'>,
    silentSeconds: number | null = null,
  ): void {
    if (
      next.connected === current.connected &&
      next.error === current.error &&
      silentSeconds === current.silentSeconds
    ) {
      return;
    }
    current = { ...next, silentSeconds };
    stateListeners.notify({ ...current });
  }

  /**
   * A device that should stream (or answer polls) and has sent nothing for noDataSeconds is
   * shown as silent, counting up each second: a cable half out, a wrong baud rate, a module
   * that hung. A triggered device is silent whenever nobody is measured, so never here.
   */
  function watchSilence(): void {
    if (port === null || mode === 'triggered') return;
    const quietMs = now().getTime() - heardAt;
    const silent = quietMs >= noDataMs ? Math.floor(quietMs / 1000) : null;
    setState({ connected: true, error: null }, silent);
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
    if (silenceTimer !== null) clearInterval(silenceTimer);
    silenceTimer = null;
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
    heardAt = now().getTime();
    if (current.silentSeconds !== null) setState({ connected: true, error: null });
    byteListeners.notify(new Uint8Array(chunk));
    for (const frame of parser.push(chunk)) {
      readingListeners.notify({
        objectCelsius: frame.objectCelsius,
        ambientCelsius: frame.ambientCelsius,
        at: now(),
        settled: mode === 'triggered',
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
    heardAt = now().getTime();
    silenceTimer = setInterval(watchSilence, 1000);
    if (protocol.onConnect !== null) send(opened, protocol.onConnect);
    const { query } = protocol;
    if (mode !== 'query' || query === null) return;
    send(opened, query);
    queryTimer = setInterval(() => send(opened, query), queryIntervalMs);
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
    byteListeners.clear();
  }

  return {
    driver: protocol.driver,
    simulated: false,
    path,
    mode,
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
    counters: () => parser.counters(),
    onReading: readingListeners.add,
    onState: stateListeners.add,
    onBytes: byteListeners.add,
  };
}
