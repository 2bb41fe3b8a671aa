// The device settings form as typed (strings, so a half-typed number is not lost) and the
// settings it becomes: pure conversions, so every rule of the form is a unit test.
import type { DeviceSettings, RelaySettings, ThermometerSettings } from '../../contract/api';

export type Driver = ThermometerSettings['driver'];
export type RelayDriver = 'none' | NonNullable<RelaySettings>['driver'];

/** The form's fields as typed; numbers are parsed on save. */
export interface Draft {
  driver: Driver;
  path: string;
  baudRate: string;
  mode: 'stream' | 'query' | 'triggered';
  frameLength: '9' | '10';
  pattern: string;
  query: string;
  offsetCelsius: string;
  noDataSeconds: string;
  relayDriver: RelayDriver;
  relayPath: string;
  relayBaudRate: string;
  channel: string;
  address: string;
  coil: string;
  pulseMs: string;
}

export const defaultBaud: Record<Driver, string> = {
  simulated: '',
  gy906: '9600',
  heimann: '115200',
  ascii: '9600',
};

export function modesOf(driver: Driver): Draft['mode'][] {
  return driver === 'heimann' ? ['stream', 'triggered'] : ['stream', 'query', 'triggered'];
}

export function toDraft(settings: DeviceSettings): Draft {
  const thermometer = settings.thermometer;
  const relay = settings.relay;
  const real = thermometer.driver === 'simulated' ? null : thermometer;
  return {
    driver: thermometer.driver,
    path: real?.path ?? '',
    baudRate: real ? String(real.baudRate) : '9600',
    mode: real?.mode ?? 'stream',
    frameLength: thermometer.driver === 'gy906' ? (String(thermometer.frameLength) as '9') : '9',
    pattern: thermometer.driver === 'ascii' ? (thermometer.pattern ?? '') : '',
    query: thermometer.driver === 'ascii' ? (thermometer.query ?? '') : '',
    offsetCelsius: String(real?.offsetCelsius ?? 0),
    noDataSeconds: String(real?.noDataSeconds ?? 5),
    relayDriver: relay?.driver ?? 'none',
    relayPath: relay?.path ?? '',
    relayBaudRate: String(relay?.baudRate ?? 9600),
    channel: String(relay?.driver === 'lcus1' ? relay.channel : 1),
    address: String(relay?.driver === 'modbus' ? relay.address : 1),
    coil: String(relay?.driver === 'modbus' ? relay.coil : 0),
    pulseMs: String(relay?.pulseMs ?? 500),
  };
}

/** The settings to send, or the translation key of what is wrong with the form. */
export function fromDraft(draft: Draft): DeviceSettings | string {
  const numbers = {
    baudRate: Number(draft.baudRate),
    offsetCelsius: Number(draft.offsetCelsius.replace(',', '.')),
    noDataSeconds: Number(draft.noDataSeconds),
    relayBaudRate: Number(draft.relayBaudRate),
    channel: Number(draft.channel),
    address: Number(draft.address),
    coil: Number(draft.coil),
    pulseMs: Number(draft.pulseMs),
  };
  if (Object.values(numbers).some((value) => !Number.isFinite(value))) {
    return 'settings.invalid-number';
  }
  const base = {
    path: draft.path.trim(),
    baudRate: numbers.baudRate,
    offsetCelsius: numbers.offsetCelsius,
    noDataSeconds: numbers.noDataSeconds,
  };
  if (draft.driver !== 'simulated' && base.path === '') return 'settings.path-needed';
  const thermometer: ThermometerSettings =
    draft.driver === 'simulated'
      ? { driver: 'simulated' }
      : draft.driver === 'gy906'
        ? {
            driver: 'gy906',
            ...base,
            mode: draft.mode,
            frameLength: draft.frameLength === '10' ? 10 : 9,
          }
        : draft.driver === 'heimann'
          ? {
              driver: 'heimann',
              ...base,
              mode: draft.mode === 'triggered' ? 'triggered' : 'stream',
            }
          : {
              driver: 'ascii',
              ...base,
              mode: draft.mode,
              ...(draft.pattern.trim() ? { pattern: draft.pattern.trim() } : {}),
              ...(draft.query ? { query: draft.query } : {}),
            };
  const relayPath = draft.relayPath.trim();
  if (draft.relayDriver !== 'none' && relayPath === '') return 'settings.path-needed';
  const relay: RelaySettings =
    draft.relayDriver === 'none'
      ? null
      : draft.relayDriver === 'lcus1'
        ? {
            driver: 'lcus1',
            path: relayPath,
            baudRate: numbers.relayBaudRate,
            channel: numbers.channel,
            pulseMs: numbers.pulseMs,
          }
        : {
            driver: 'modbus',
            path: relayPath,
            baudRate: numbers.relayBaudRate,
            address: numbers.address,
            coil: numbers.coil,
            pulseMs: numbers.pulseMs,
          };
  return { thermometer, relay };
}
