// What every thermometer driver offers the backend: typed readings and a visible status.
// A driver never throws into the kiosk; a broken device shows up as status, not as a crash.

export interface ThermometerReading {
  /** Object (forehead/wrist) temperature in °C, as the device reports it. */
  objectCelsius: number;
  /** Ambient temperature in °C when the protocol carries it. */
  ambientCelsius: number | null;
  at: Date;
}

export interface ThermometerState {
  connected: boolean;
  /** Plain words for the guard when the device is not usable, else null. */
  error: string | null;
}

export interface Thermometer {
  readonly driver: string;
  readonly simulated: boolean;
  readonly path: string | null;
  start(): void;
  close(): Promise<void>;
  state(): ThermometerState;
  onReading(listener: (reading: ThermometerReading) => void): () => void;
  onState(listener: (state: ThermometerState) => void): () => void;
}
