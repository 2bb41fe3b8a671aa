// A stand-in thermometer for kiosks without one configured, for demos and tests.
// It must always say it is simulated (driver 'simulated', simulated: true) so the screen can
// label it; it never touches a port.

import { createListeners } from './listeners';
import type { Thermometer, ThermometerReading, ThermometerState } from './thermometer';

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
  let closed = false;

  return {
    driver: 'simulated',
    simulated: true,
    path: null,
    start(): void {
      // Nothing to open: the simulated device is always there.
    },
    async close(): Promise<void> {
      closed = true;
      readingListeners.clear();
      stateListeners.clear();
    },
    state(): ThermometerState {
      return { connected: true, error: null };
    },
    simulate(celsius: number, ambientCelsius: number | null = null): void {
      if (closed || !Number.isFinite(celsius)) return;
      readingListeners.notify({ objectCelsius: celsius, ambientCelsius, at: now() });
    },
    onReading: readingListeners.add,
    onState: stateListeners.add,
  };
}
