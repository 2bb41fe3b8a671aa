// Test rig: a virtual serial cable made by socat, so drivers talk to a real pty.
// The kiosk opens `kioskPath`; the test plays the device on `devicePath`. It must never leave
// socat or an open port behind: close() ends both, and is safe to call twice.

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { encodeGy906Frame } from '../../native/thermometer/gy906';

export interface SocatPair {
  devicePath: string;
  kioskPath: string;
  /** Write bytes as the device; resolves once they are handed to the pty. */
  write(bytes: Uint8Array): Promise<void>;
  /** Everything the kiosk has sent to the device so far. */
  received(): Buffer;
  /** Calls `listener` each time the kiosk sends something (after received() has it). */
  onReceived(listener: () => void): void;
  /** Resolves when the kiosk has sent `expected` (anywhere in what was received). */
  waitForReceived(expected: Uint8Array, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A GY-906 reply frame for `celsius`, for tests that play the device. */
export function gy906Frame(celsius: number, ambient = 25): Uint8Array {
  return encodeGy906Frame(celsius, ambient);
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * `playDevice: false` leaves the device end closed for another process to open (the
 * thermometer simulator); write() and received() then have nothing to work with.
 */
export async function openSocatPair(
  dir: string,
  timeoutMs = 5000,
  { playDevice = true } = {},
): Promise<SocatPair> {
  const kioskPath = join(dir, 'kiosk');
  const devicePath = join(dir, 'device');
  // Stale links from a killed pair would make the existence check below pass too early.
  rmSync(kioskPath, { force: true });
  rmSync(devicePath, { force: true });

  const socat = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${kioskPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  let exited = false;
  const started: { error: NodeJS.ErrnoException | null } = { error: null };
  socat.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  socat.on('error', (error: NodeJS.ErrnoException) => (started.error = error));
  const exit = new Promise<void>((resolve) =>
    socat.on('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stopSocat = async (): Promise<void> => {
    if (!exited && socat.exitCode === null && socat.pid !== undefined) socat.kill('SIGTERM');
    if (socat.pid !== undefined) await exit;
  };

  try {
    await waitFor(
      () => started.error !== null || exited || (existsSync(kioskPath) && existsSync(devicePath)),
      timeoutMs,
      `socat to create ${kioskPath} and ${devicePath}`,
    );
  } catch (error) {
    await stopSocat();
    throw error;
  }
  if (started.error !== null) {
    throw new Error(
      started.error.code === 'ENOENT'
        ? 'socat is not installed: apt-get install socat'
        : `Cannot start socat: ${started.error.message}`,
    );
  }
  if (exited) throw new Error(`socat exited early:\n${log}`);

  if (!playDevice) {
    const absent = (): never => {
      throw new Error('This pair leaves the device end to another process');
    };
    return {
      devicePath,
      kioskPath,
      write: async () => absent(),
      received: absent,
      onReceived: absent,
      waitForReceived: async () => absent(),
      close: stopSocat,
    };
  }
  let device: SerialPort;
  try {
    device = await openPort(devicePath);
  } catch (error) {
    await stopSocat();
    throw error;
  }
  let receivedBytes = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  device.on('data', (chunk: Buffer) => {
    receivedBytes = Buffer.concat([receivedBytes, chunk]);
    for (const waiter of [...waiters]) waiter();
  });
  // Once socat is gone the device end reports a disconnect; that is expected here.
  device.on('error', () => undefined);

  let closed = false;
  return {
    devicePath,
    kioskPath,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        device.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
      }),
    received: () => Buffer.from(receivedBytes),
    onReceived: (listener) => waiters.add(listener),
    waitForReceived: (expected, waitMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const wanted = Buffer.from(expected);
        const check = (): void => {
          if (!receivedBytes.includes(wanted)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out after ${waitMs} ms waiting for ${wanted.toString('hex')}`));
        }, waitMs);
        waiters.add(check);
        check();
      }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (device.isOpen) await new Promise<void>((resolve) => device.close(() => resolve()));
      device.removeAllListeners('data');
      await stopSocat();
    },
  };
}
