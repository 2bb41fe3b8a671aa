// The contract's device operations: the settings screen's thermometer and relay settings
// (saved into the config file and applied without a restart), the relay's test pulse, and the
// simulator's "measure" button.
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { ConfigError, parseDeviceSettings, saveDeviceSettings } from '../config/config';
import type { DeviceHub } from './device-hub';
import type { DeviceLog } from './device-log';

type DeviceOperation = 'deviceSettings' | 'saveDeviceSettings' | 'testRelay' | 'simulateReading';

export interface DeviceHandlerDeps {
  devices: DeviceHub;
  deviceLog: Pick<DeviceLog, 'record'>;
  configFile: string;
  now: () => Date;
}

export function deviceHandlers(deps: DeviceHandlerDeps): Pick<Handlers, DeviceOperation> {
  const { devices } = deps;
  return {
    async simulateReading({ celsius }) {
      if (!devices.simulate(celsius)) {
        throw new ApiError('unavailable', 'The thermometer is a real device, not the simulator.');
      }
      return { accepted: true };
    },
    async deviceSettings() {
      return devices.settings();
    },
    async saveDeviceSettings(input) {
      let settings;
      try {
        settings = parseDeviceSettings(input);
        saveDeviceSettings(deps.configFile, settings);
      } catch (error) {
        const reason = error instanceof ConfigError ? error.message : (error as Error).message;
        throw new ApiError('bad-input', `The device settings were not saved: ${reason}`);
      }
      await devices.apply(settings);
      deps.deviceLog.record(
        deps.now(),
        'thermometer',
        'settings-changed',
        JSON.stringify(settings),
      );
      return settings;
    },
    async testRelay() {
      if (devices.relayStatus() === null) {
        throw new ApiError('unavailable', 'No turnstile relay is configured.');
      }
      return devices.pulseRelay();
    },
  };
}
