// The gate screen's operations: what it shows (status), a scan, cancelling the check, a reading
// the guard typed in, and the recent entries. The guard's name in a typed reading comes from
// the signed-in account; a typed name only when nobody is signed in.
import type { EventPayload, Handlers, Status } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { Config } from '../config/config';
import type { DeviceHub } from '../devices/device-hub';
import type { EntryLog } from '../entries/entry-log';
import type { GateCheck } from './gate-check';
import type { PolicyKeeper } from './policy-keeper';

type GateOperation = 'status' | 'scan' | 'cancelCheck' | 'recentEntries' | 'manualReading';

export interface GateHandlerDeps {
  config: Pick<Config, 'gate' | 'scanner'>;
  gateCheck: Pick<GateCheck, 'scan' | 'cancel' | 'manualReading' | 'current'>;
  entryLog: Pick<EntryLog, 'recent'>;
  devices: Pick<DeviceHub, 'thermometerStatus' | 'relayStatus'>;
  policies: Pick<PolicyKeeper, 'inEffect'>;
  upload: { status(): EventPayload<'upload'> };
  storage: { status(): EventPayload<'storage'> };
  retests: { counts(): EventPayload<'retests'> };
  /** A gate's link to its hub, or the hub's gates (absent for a single kiosk). */
  school?: () => Pick<Status, 'hub' | 'gates' | 'passOveruse'>;
  now: () => Date;
}

export function gateHandlers(deps: GateHandlerDeps): Pick<Handlers, GateOperation> {
  const { gateCheck } = deps;
  return {
    async status() {
      const policy = deps.policies.inEffect();
      return {
        gate: deps.config.gate,
        thermometer: deps.devices.thermometerStatus(),
        relay: deps.devices.relayStatus(),
        policy: {
          version: policy.version,
          feverThresholdCelsius: policy.policy.feverThresholdCelsius,
        },
        check: gateCheck.current(),
        scanner: deps.config.scanner,
        upload: deps.upload.status(),
        storage: deps.storage.status(),
        retests: deps.retests.counts(),
        ...deps.school?.(),
      };
    },
    async scan({ text, source }) {
      return gateCheck.scan(text, source);
    },
    async cancelCheck() {
      return { cancelled: gateCheck.cancel() };
    },
    async recentEntries({ limit }) {
      return deps.entryLog.recent(limit);
    },
    async manualReading({ celsius, guardName: typed, instrument }, caller) {
      // The signed-in guard (or admin) is who measured; a typed name only when nobody is.
      const guardName = caller.actor?.displayName ?? typed;
      if (guardName === undefined) throw new ApiError('bad-input', 'guardName: name-needed');
      return gateCheck.manualReading({
        celsius,
        at: deps.now(),
        source: 'manual',
        settled: true,
        rawCelsius: null,
        offsetCelsius: null,
        ambientCelsius: null,
        manual: { guardName, instrument },
      });
    },
  };
}
