// Port keeper for a thermometer on a serial port, whatever its protocol: opens, watches and
// reopens the port (through port-keeper.ts), notices a device that has gone quiet, and turns its
// bytes into readings. It never throws into the kiosk and never crashes on garbage; a missing,
// broken or silent device only shows up in state().

import type { SerialPort } from 'serialport';
import { createListeners } from '../listeners';
import { createPortKeeper } from '../port-keeper';
import type { ThermometerMode, Thermometer, ThermometerReading, ThermometerState } from './driver';
import type { ThermometerProtocol } from './protocol';

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
  // The system's errno names as well as its sentences: serialport's bindings report either,
  // depending on the platform and on whether the open, a read or a lock failed.
  if (/another program is using|resource busy|cannot lock port|\bEBUSY\b/i.test(message)) {
    return 'busy';
  }
  if (/permission denied|operation not permitted|\bEACCES\b|\bEPERM\b/i.test(message)) {
    return 'permission';
  }
  if (/no such file|not found|\bENOENT\b/i.test(message)) return 'missing';
  if (
    /disconnected|input\/output error|no such device|\bEIO\b|\bENXIO\b|\bENODEV\b/i.test(message)
  ) {
    return 'unplugged';
  }
  if (/did not answer|answered with an error/i.test(message)) return 'no-answer';
  if (/settings are wrong/i.test(message)) return 'settings';
  return 'other';
}

// Kept importable from here, where the kiosk has always found it; the port keeper uses it too.
export { describeOpenError } from '../port-keeper';

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
  let closeDone: Promise<void> | null = null;
  let queryTimer: ReturnType<typeof setInterval> | null = null;
  const keeper = createPortKeeper({
    path,
    baudRate,
    reconnectMs,
    device: 'Thermometer',
    onOpen: attach,
    onLost(): void {
      stopQuerying();
      // Half a frame from the old port must not join the first bytes of the new one.
      parser.discardPending();
    },
    onDown: (error) => setState({ connected: false, error }),
  });

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
    if (keeper.current() === null || mode === 'triggered') return;
    const quietMs = now().getTime() - heardAt;
    const silent = quietMs >= noDataMs ? Math.floor(quietMs / 1000) : null;
    setState({ connected: true, error: null }, silent);
  }

  function stopQuerying(): void {
    if (queryTimer !== null) clearInterval(queryTimer);
    queryTimer = null;
    if (silenceTimer !== null) clearInterval(silenceTimer);
    silenceTimer = null;
  }

  function send(target: SerialPort, command: Uint8Array): void {
    target.write(Buffer.from(command), (error) => {
      if (error) keeper.fail(target, `Cannot write to ${path}: ${error.message}`);
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
    opened.on('data', receive);
    setState({ connected: true, error: null });
    heardAt = now().getTime();
    silenceTimer = setInterval(watchSilence, 1000);
    if (protocol.onConnect !== null) send(opened, protocol.onConnect);
    const { query } = protocol;
    if (mode !== 'query' || query === null) return;
    send(opened, query);
    queryTimer = setInterval(() => send(opened, query), queryIntervalMs);
  }

  async function shutDown(): Promise<void> {
    stopQuerying();
    await keeper.close();
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
    start: keeper.start,
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
