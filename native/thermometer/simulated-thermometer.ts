// A stand-in thermometer for kiosks without one configured, for demos and tests.
// It must always say it is simulated (driver 'simulated', simulated: true) so the screen can
// label it; it never touches a port.

import { createListeners } from '../listeners';
import type { Thermometer, ThermometerReading, ThermometerState } from './driver';

export interface SimulatedThermometer extends Thermometer {
  /** Emit a reading as if someone stood in front of the sensor. Ignored after close(). */
  simulate(celsius: number, ambientCelsius?: number | null): void;
}

export interface SimulatedThermometerOptions {
  now?: () => Date;
}

export function createSimulatedThermometer(
  options: SimulatedThermometerOptions = {},
): SimulatedThermometer {
  const now = options.now ?? (() => new Date());
  const readingListeners = createListeners<ThermometerReading>();
  // The state never changes, so nothing is ever reported; kept for the interface.
  const stateListeners = createListeners<ThermometerState>();
  const byteListeners = createListeners<Uint8Array>();
  let closed = false;
  let framesOk = 0;

  return {
    driver: 'simulated',
    simulated: true,
    path: null,
    // Each press of "measure" is one finished measurement, as a triggered device sends.
    mode: 'triggered',
    start(): void {
      // Nothing to open: the simulated device is always there.
    },
    async close(): Promise<void> {
      closed = true;
      readingListeners.clear();
      stateListeners.clear();
      byteListeners.clear();
    },
    state(): ThermometerState {
      return { connected: true, error: null, silentSeconds: null };
    },
    simulate(celsius: number, ambientCelsius: number | null = null): void {
      if (closed || !Number.isFinite(celsius)) return;
      framesOk += 1;
      readingListeners.notify({ objectCelsius: celsius, ambientCelsius, at: now(), settled: true });
    },
    counters: () => ({ framesOk, badFrames: 0, garbageBytes: 0 }),
    onReading: readingListeners.add,
    onState: stateListeners.add,
    onBytes: byteListeners.add,
  };
}
