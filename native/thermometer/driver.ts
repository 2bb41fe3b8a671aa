// What every thermometer driver offers the backend: typed readings and a visible status.
// A driver never throws into the kiosk; a broken device shows up as status, not as a crash.
import type { ParserCounters } from './protocol';

/**
 * stream: the device sends readings continuously; query: the kiosk asks for one every half
 * second; triggered: the device sends one finished measurement when someone triggers it.
 */
export type ThermometerMode = 'stream' | 'query' | 'triggered';

export interface ThermometerReading {
  /** Object (forehead/wrist) temperature in °C, as the device reports it. */
  objectCelsius: number;
  /** Ambient temperature in °C when the protocol carries it. */
  ambientCelsius: number | null;
  at: Date;
  /** One finished measurement (triggered device, simulator), not one sample of a stream. */
  settled: boolean;
}

export interface ThermometerState {
  connected: boolean;
  /** Plain words for the guard when the device is not usable, else null. */
  error: string | null;
  /** Connected but nothing received for this many seconds (a device that should stream). */
  silentSeconds: number | null;
}

export interface Thermometer {
  readonly driver: string;
  readonly simulated: boolean;
  readonly path: string | null;
  readonly mode: ThermometerMode;
  start(): void;
  close(): Promise<void>;
  state(): ThermometerState;
  onReading(listener: (reading: ThermometerReading) => void): () => void;
  onState(listener: (state: ThermometerState) => void): () => void;
  /** Raw bytes as they arrive, for the settings screen. */
  onBytes(listener: (bytes: Uint8Array) => void): () => void;
  counters(): ParserCounters;
}
