// The port keeper that the thermometer and relay keepers share, on its own against a socat pty
// pair: the promises both device keepers lean on (retry in words, close() mid-retry, a last
// command before the port goes, a stale port's failure ignored). Tests wait for events; only
// "nothing more happens" needs a short sleep. They close every keeper and socat they start.

import { join } from 'node:path';
import type { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { createPortKeeper } from '../../../native/port-keeper';
import type { PortKeeper } from '../../../native/port-keeper';
import { openSocatPair } from '../../rigs/socat-pair';
import { useSocatBench } from '../../rigs/socat-bench';

const bench = useSocatBench('gate-keeper');
const { pair } = bench;

interface Watched {
  keeper: PortKeeper;
  events: string[];
  /** Resolves with the next event that starts with `prefix`. */
  next(prefix: string): Promise<string>;
}

function keeper(path = join(bench.dir, 'kiosk')): Watched {
  const events: string[] = [];
  const waiting: { prefix: string; resolve: (event: string) => void }[] = [];
  const record = (event: string): void => {
    events.push(event);
    for (const waiter of waiting.filter((entry) => event.startsWith(entry.prefix))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  };
  const created = createPortKeeper({
    path,
    baudRate: 9600,
    reconnectMs: 50,
    device: 'Widget',
    onOpen: (port) => {
      // As the device keepers do: an unplug only shows up while the port is being read.
      port.on('data', () => undefined);
      record('open');
    },
    onLost: (reason) => record(`lost: ${reason}`),
    onDown: (reason) => record(`down: ${reason}`),
  });
  bench.onCleanup(() => created.close());
  return {
    keeper: created,
    events,
    next: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No "${prefix}" event in time`)), 4000);
        waiting.push({
          prefix,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      }),
  };
}

describe('createPortKeeper', () => {
  it('reports a missing port in words, keeps trying, and opens it once it appears', async () => {
    const watched = keeper();
    watched.keeper.start();
    expect(await watched.next('down')).toBe(
      `down: Cannot open ${join(bench.dir, 'kiosk')}: No such file or directory`,
    );
    await watched.next('down');
    // Waiting first: the keeper may open the path before pair() has finished setting up.
    const opened = watched.next('open');
    await pair();
    await opened;
    expect(watched.keeper.current()?.isOpen).toBe(true);
  });

  it('reports an unusable path without throwing', async () => {
    const watched = keeper('');
    expect(() => watched.keeper.start()).not.toThrow();
    expect(await watched.next('down')).toMatch(/^down: Cannot open : /);
    expect(watched.keeper.current()).toBeNull();
  });

  it('stops retrying and stays quiet once closed', async () => {
    const watched = keeper();
    watched.keeper.start();
    await watched.next('down');
    await watched.keeper.close();
    const seen = watched.events.length;
    watched.keeper.start();
    // Four reconnect intervals: a retry that close() forgot would have reported by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watched.events).toHaveLength(seen);
  });

  it('tells of an unplug, then opens the path again', async () => {
    const first = await openSocatPair(bench.dir);
    let firstOpen = true;
    bench.onCleanup(() => (firstOpen ? first.close() : Promise.resolve()));
    const watched = keeper();
    watched.keeper.start();
    await watched.next('open');
    const lost = watched.next('lost');
    firstOpen = false;
    await first.close();
    expect(await lost).toMatch(/^lost: Widget (disconnected from|error on) /);
    expect(watched.keeper.current()).toBeNull();
    const reopened = watched.next('open');
    await pair();
    await reopened;
  });

  it('ignores a failure reported for a port it no longer holds', async () => {
    await pair();
    const watched = keeper();
    watched.keeper.start();
    await watched.next('open');
    const open = watched.keeper.current() as SerialPort;
    watched.keeper.fail(open, 'gave up');
    expect(watched.events.slice(-2)).toEqual(['lost: gave up', 'down: gave up']);
    await watched.next('open');
    watched.keeper.fail(open, 'stale');
    expect(watched.events).not.toContain('lost: stale');
    expect(watched.keeper.current()?.isOpen).toBe(true);
  });

  it('runs beforeRelease while the port is still open, then frees it for the next keeper', async () => {
    await pair();
    const watched = keeper();
    watched.keeper.start();
    await watched.next('open');
    let openDuringLastCommand = false;
    await watched.keeper.close(async () => {
      openDuringLastCommand = watched.keeper.current()?.isOpen === true;
      await Promise.resolve();
    });
    expect(openDuringLastCommand).toBe(true);
    expect(watched.keeper.current()).toBeNull();
    // serialport locks the port (flock): a handle left open would make this one fail to lock.
    const next = keeper();
    next.keeper.start();
    expect(await next.next('')).toBe('open');
  });
});
