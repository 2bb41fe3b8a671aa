// Keeps one serial port open for a device keeper (thermometer, relay): opens the path, reopens it
// every reconnectMs after a failure, and closes everything on close(). The device keepers only
// say what to do with an open port and how to show trouble; the fiddly parts live here once:
// a port that fails while opening, close() called mid-open, late errors from a dead port, and
// handles that must all be shut before close() resolves so Node can exit.

import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

/**
 * How often an open port's path is looked for. Unplugging a USB device removes its /dev node,
 * and a socat pair removes its link; serialport only notices when a read fails, which under
 * load took over five seconds once. Looking for the path makes an unplug show within a second.
 */
const presenceCheckMs = 1000;

export interface PortKeeperOptions {
  path: string;
  baudRate: number;
  reconnectMs: number;
  /** Names the device in the words for a port error or unplug: "Relay disconnected from ...". */
  device: string;
  /**
   * The port has opened and is now current(): listen to its data and send any greeting. Do
   * listen: serialport only notices an unplug through a read that fails.
   */
  onOpen(port: SerialPort): void;
  /**
   * The current port has failed and been let go. Called even while closing, so that whatever
   * waits on the port (a command, a timer) can end at once rather than hang.
   */
  onLost(reason: string): void;
  /**
   * The port could not be opened, or was lost, and another try is scheduled: show the reason.
   * Not called once close() has begun, when the device is meant to be down anyway.
   */
  onDown(reason: string): void;
}

export interface PortKeeper {
  /** Begin opening the port; later calls, and calls after close(), do nothing. */
  start(): void;
  /** The open port, or null while it is missing, opening or closed. */
  current(): SerialPort | null;
  /** Give up on a port that misbehaved (a write failed, no answer); ignored if not current. */
  fail(port: SerialPort, reason: string): void;
  /**
   * Stop reconnecting, then close every port this keeper opened. `beforeRelease` runs while the
   * port is still open, for a last command (a relay must switch off before its port goes).
   */
  close(beforeRelease?: () => Promise<void>): Promise<void>;
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

export function createPortKeeper(options: PortKeeperOptions): PortKeeper {
  const { path, baudRate, reconnectMs, device } = options;
  let started = false;
  let closed = false;
  let closeDone: Promise<void> | null = null;
  let port: SerialPort | null = null;
  let opening: Promise<void> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let presenceTimer: ReturnType<typeof setInterval> | null = null;
  /** Ports being closed after a failure; close() waits for them so no handle outlives it. */
  const closing = new Set<Promise<void>>();

  function scheduleReconnect(): void {
    if (closed || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      openPort();
    }, reconnectMs);
  }

  /** The port could not be had: say why and try again later, unless closing anyway. */
  function down(reason: string): void {
    if (closed) return;
    options.onDown(reason);
    scheduleReconnect();
  }

  function stopWatchingPresence(): void {
    if (presenceTimer !== null) clearInterval(presenceTimer);
    presenceTimer = null;
  }

  /** Detach from a port and close it if it is still open; never throws. */
  function release(target: SerialPort): void {
    if (target === port) stopWatchingPresence();
    target.removeAllListeners();
    // Keep a no-op error listener: a late error from a dead port must not become uncaught.
    target.on('error', () => undefined);
    if (!target.isOpen) return;
    const done = new Promise<void>((resolve) => target.close(() => resolve()));
    closing.add(done);
    void done.then(() => closing.delete(done));
  }

  /** Forget a port that failed, let the device keeper end what waited on it, and try again. */
  function fail(failed: SerialPort, reason: string): void {
    if (port !== failed) return;
    stopWatchingPresence();
    port = null;
    release(failed);
    options.onLost(reason);
    down(reason);
  }

  function attach(opened: SerialPort): void {
    port = opened;
    opened.on('error', (error: Error) =>
      fail(opened, `${device} error on ${path}: ${error.message}`),
    );
    opened.on('close', () => fail(opened, `${device} disconnected from ${path}`));
    // Only where paths are files (not Windows' COM3), and only a path that was there.
    if (process.platform !== 'win32' && existsSync(path)) {
      presenceTimer = setInterval(() => {
        if (!existsSync(path)) fail(opened, `${device} disconnected from ${path}`);
      }, presenceCheckMs);
      presenceTimer.unref();
    }
    options.onOpen(opened);
  }

  function openPort(): void {
    if (closed || port !== null || opening !== null) return;
    let candidate: SerialPort;
    try {
      // The constructor throws on invalid options (empty path, bad baud rate).
      candidate = new SerialPort({ path, baudRate, autoOpen: false });
    } catch (error) {
      down(describeOpenError(path, error));
      return;
    }
    candidate.on('error', () => undefined);
    opening = new Promise<void>((resolve) => {
      candidate.open((error) => {
        opening = null;
        if (error) {
          down(describeOpenError(path, error));
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

  async function shutDown(beforeRelease?: () => Promise<void>): Promise<void> {
    closed = true;
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    await beforeRelease?.();
    await opening;
    stopWatchingPresence();
    if (port !== null) release(port);
    port = null;
    await Promise.all([...closing]);
  }

  return {
    start(): void {
      if (started || closed) return;
      started = true;
      openPort();
    },
    current: () => port,
    fail,
    close(beforeRelease?: () => Promise<void>): Promise<void> {
      closeDone ??= shutDown(beforeRelease);
      return closeDone;
    },
  };
}
