// The kiosk's devices as the configuration describes them: the thermometer (with its protocol,
// mode and calibration offset) and the optional turnstile relay. Builds them, turns readings
// into calibrated evidence, keeps what the settings screen shows (status, last bytes), and
// swaps the devices for new settings without a restart. A broken device is status, never a
// crash, and never stops a check from being logged.
import { createSerialRelay, type Relay } from '../../native/relay/serial-relay';
import {
  classifyDeviceError,
  createSerialThermometer,
  type DeviceProblem,
} from '../../native/thermometer/serial-thermometer';
import {
  createSimulatedThermometer,
  type SimulatedThermometer,
} from '../../native/thermometer/simulated-thermometer';
import type { Thermometer, ThermometerReading } from '../../native/thermometer/driver';
import { createThermometerProtocol } from '../../native/thermometer/protocols-by-name';
import type { TemperatureEvidence } from '../checks/measurement';
import type {
  DeviceSettings,
  RelayStatus,
  ThermometerSettings,
  ThermometerStatus,
} from '../../contract/api';

export interface DeviceHubOptions {
  settings: DeviceSettings;
  now: () => Date;
  /** A reading, calibrated, as evidence for the gate check. */
  onEvidence: (evidence: TemperatureEvidence) => void;
  onThermometer: (status: ThermometerStatus) => void;
  onRelay: (status: RelayStatus) => void;
  /** Something the school's device log should keep (connected, silent, a failed pulse). */
  onDeviceEvent: (device: 'thermometer' | 'relay', event: string, detail: string | null) => void;
}

export interface DeviceHub {
  settings(): DeviceSettings;
  thermometerStatus(): ThermometerStatus;
  relayStatus(): RelayStatus | null;
  /** Closes the devices and opens them with these settings. */
  apply(settings: DeviceSettings): Promise<void>;
  /** The simulator's "measure" button; false when a real thermometer is configured. */
  simulate(celsius: number): boolean;
  /** Opens the turnstile once; never throws. No relay configured: ok with nothing done. */
  pulseRelay(): Promise<{ ok: boolean; error: string | null; problem: DeviceProblem | null }>;
  close(): Promise<void>;
}

/** The settings screen shows this many of the last bytes received. */
const lastBytesKept = 48;

export function createDeviceHub(options: DeviceHubOptions): DeviceHub {
  const { now } = options;
  let settings = options.settings;
  let thermometer: Thermometer | SimulatedThermometer;
  let relay: Relay | null;
  let lastReading: ThermometerStatus['lastReading'] = null;
  let lastBytes = new Uint8Array(0);
  /** What the device log last heard, so it records changes, not every second of silence. */
  let lastLogged = '';

  function offset(): number {
    return settings.thermometer.driver === 'simulated' ? 0 : settings.thermometer.offsetCelsius;
  }

  function thermometerStatus(): ThermometerStatus {
    const state = thermometer.state();
    return {
      ...state,
      problem: state.error === null ? null : classifyDeviceError(state.error),
      driver: thermometer.driver,
      mode: thermometer.mode,
      simulated: thermometer.simulated,
      path: thermometer.path,
      offsetCelsius: offset(),
      lastReading,
      lastBytes: hex(lastBytes),
      counters: thermometer.counters(),
    };
  }

  function relayStatus(): RelayStatus | null {
    if (relay === null || settings.relay === null) return null;
    const state = relay.state();
    const problem = state.error === null ? null : classifyDeviceError(state.error);
    return { driver: settings.relay.driver, path: settings.relay.path, ...state, problem };
  }

  function logThermometerState(): void {
    const state = thermometer.state();
    const event = !state.connected
      ? 'disconnected'
      : state.silentSeconds !== null
        ? 'silent'
        : 'connected';
    const key = `${event}:${state.error ?? ''}`;
    if (key === lastLogged) return;
    lastLogged = key;
    options.onDeviceEvent('thermometer', event, state.error);
  }

  function open(): void {
    thermometer = openThermometer(settings.thermometer, now);
    lastReading = null;
    lastBytes = new Uint8Array(0);
    lastLogged = '';
    const device = thermometer;
    device.onReading((reading: ThermometerReading) => {
      if (device !== thermometer) return;
      const evidence = calibrate(reading, device, offset());
      lastReading = {
        celsius: evidence.celsius,
        rawCelsius: reading.objectCelsius,
        at: reading.at.toISOString(),
      };
      options.onEvidence(evidence);
      options.onThermometer(thermometerStatus());
    });
    device.onBytes((bytes) => {
      if (device !== thermometer) return;
      const joined = new Uint8Array(lastBytes.length + bytes.length);
      joined.set(lastBytes);
      joined.set(bytes, lastBytes.length);
      lastBytes = joined.slice(-lastBytesKept);
    });
    device.onState(() => {
      if (device !== thermometer) return;
      logThermometerState();
      options.onThermometer(thermometerStatus());
    });
    relay = settings.relay === null ? null : createSerialRelay(settings.relay);
    const turnstile = relay;
    turnstile?.onState(() => {
      const status = relayStatus();
      if (turnstile === relay && status !== null) options.onRelay(status);
    });
    device.start();
    turnstile?.start();
  }

  async function closeDevices(): Promise<void> {
    await Promise.all([thermometer.close(), relay?.close()]);
  }

  open();

  return {
    settings: () => settings,
    thermometerStatus,
    relayStatus,
    async apply(next) {
      await closeDevices();
      settings = next;
      open();
      options.onThermometer(thermometerStatus());
      const status = relayStatus();
      if (status !== null) options.onRelay(status);
    },
    simulate(celsius) {
      if (!('simulate' in thermometer)) return false;
      thermometer.simulate(celsius);
      return true;
    },
    async pulseRelay() {
      if (relay === null) return { ok: true, error: null, problem: null };
      const result = await relay.pulse();
      if (result.ok) return { ok: true, error: null, problem: null };
      options.onDeviceEvent('relay', 'pulse-failed', result.error);
      return { ok: false, error: result.error, problem: classifyDeviceError(result.error) };
    },
    close: closeDevices,
  };
}

/** The device's reading plus its calibration offset, rounded to the devices' 0.01 °C. */
function calibrate(
  reading: ThermometerReading,
  device: Thermometer,
  offsetCelsius: number,
): TemperatureEvidence {
  return {
    celsius: Math.round((reading.objectCelsius + offsetCelsius) * 100) / 100,
    at: reading.at,
    source: device.driver,
    settled: reading.settled,
    rawCelsius: reading.objectCelsius,
    offsetCelsius,
    ambientCelsius: reading.ambientCelsius,
    manual: null,
  };
}

function openThermometer(
  config: ThermometerSettings,
  now: () => Date,
): Thermometer | SimulatedThermometer {
  switch (config.driver) {
    case 'simulated':
      return createSimulatedThermometer({ now });
    case 'gy906':
      return createSerialThermometer({
        ...config,
        protocol: createThermometerProtocol({
          driver: 'gy906',
          mode: config.mode,
          frameLength: config.frameLength,
        }),
        now,
      });
    case 'heimann':
      return createSerialThermometer({
        ...config,
        protocol: createThermometerProtocol({ driver: 'heimann' }),
        now,
      });
    case 'ascii':
      return createSerialThermometer({
        ...config,
        protocol: createThermometerProtocol({
          driver: 'ascii',
          pattern: config.pattern,
          query: config.query,
        }),
        now,
      });
    default: {
      const unknown: never = config;
      throw new Error(`unknown thermometer driver ${JSON.stringify(unknown)}`);
    }
  }
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
