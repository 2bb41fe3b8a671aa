// A stand-in thermometer for kiosks without one configured, for demos and tests.
// It must always say it is simulated (driver 'simulated', simulated: true) so the screen can
// label it; it never touches a port.

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
  const readingListeners = new Set<(reading: ThermometerReading) => void>();
  const stateListeners = new Set<(state: ThermometerState) => void>();
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
      const reading: ThermometerReading = { objectCelsius: celsius, ambientCelsius, at: now() };
      for (const listener of [...readingListeners]) {
        try {
          listener(reading);
        } catch (error) {
          // Same rule as the real drivers: one faulty subscriber must not break the others.
          console.error('Thermometer listener failed:', error);
        }
      }
    },
    onReading(listener: (reading: ThermometerReading) => void): () => void {
      readingListeners.add(listener);
      return () => readingListeners.delete(listener);
    },
    onState(listener: (state: ThermometerState) => void): () => void {
      // The state never changes, so there is nothing to report; keep the listener for symmetry.
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
