// The lane of a gate, as createKiosk() starts it: the devices, the gate check they feed, the
// retests and the ticker driving them. Composition only: each part is its module's; this file
// wires them to the clock, the policy in effect and the events the screens hear.
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EventName, EventPayload } from '../contract/api';
import { createGateCheck } from './checks/gate-check';
import { createIdentify } from './checks/identify';
import { createPassUse } from './checks/pass-use';
import { createPersonStatusLookup } from './checks/person-status';
import type { PolicyKeeper } from './checks/policy-keeper';
import { createRetestBook } from './checks/retest-book';
import { createRetestWatch } from './checks/retest-handlers';
import type { Config } from './config/config';
import { createDeviceHub } from './devices/device-hub';
import { createDeviceLog } from './devices/device-log';
import type { EntryLog } from './entries/entry-log';
import { createOnlineVerifier } from './health-code/health-code-verifier';
import { createHealthCodeMatcher } from './health-code/health-code-patterns';
import type { FieldCipher } from './privacy/field-cipher';
import type { Appointments } from './visitors/appointments';

/** Sends an event to the screens (both shells carry them). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface GateParts {
  db: Database;
  cipher: FieldCipher;
  config: Config;
  now: () => Date;
  emit: Emit;
  policies: PolicyKeeper;
  entryLog: EntryLog;
  passKeys: () => Map<string, KeyObject>;
  appointments: Appointments;
  /** A gate of a school hub that cannot reach it now (passesWhileHubAway). */
  hubAway: () => boolean;
}

/** The lane: the devices, the gate check they feed, the retests, and the ticker driving them. */
export function startGate(parts: GateParts) {
  const { db, cipher, config, now, emit, policies, appointments } = parts;
  async function openTurnstile(): Promise<void> {
    const result = await devices.pulseRelay();
    if (!result.ok) {
      emit('fault', {
        code: 'relay-failed',
        message: `The turnstile did not open: ${result.error ?? 'unknown error'}`,
      });
    }
  }
  // Retests belong to the person and live in the entry log; the watch tells the screens.
  const retests = createRetestBook(db, cipher, now);
  const retestWatch = createRetestWatch({
    retests,
    policy: () => policies.inEffect().policy,
    now,
    onChange: (counts) => emit('retests', counts),
  });
  const gateCheck = createGateCheck({
    gateId: config.gate.id,
    policy: () => policies.inEffect(),
    identify: createIdentify({ db, passKeys: parts.passKeys, appointments, now }),
    useVisit: createPassUse({
      appointments,
      policy: () => policies.inEffect().policy,
      hubAway: parts.hubAway,
    }),
    entryLog: parts.entryLog,
    now,
    onCheck: (view) => emit('check', view),
    // The entry is durable (and announced by the entry log) before the turnstile moves; a
    // relay that fails is shown and logged, and the guard opens the gate by hand.
    onEntry: (entry) => {
      if (entry.decision === 'pass') void openTurnstile();
    },
    onFault: (message, code) => emit('fault', { code, message }),
    verifier: config.healthCode.url
      ? createOnlineVerifier({ ...config.healthCode, url: config.healthCode.url })
      : null,
    statusOf: createPersonStatusLookup(db),
    retests,
    onRetestsChanged: () => retestWatch.refresh(),
    healthCodeOf: createHealthCodeMatcher(config.healthCode.patterns),
  });
  const deviceLog = createDeviceLog(db);
  const devices = createDeviceHub({
    settings: { thermometer: config.thermometer, relay: config.relay },
    now,
    onEvidence: (evidence) => {
      emit('reading', {
        celsius: evidence.celsius,
        ambientCelsius: evidence.ambientCelsius,
        at: evidence.at.toISOString(),
        driver: evidence.source,
      });
      gateCheck.reading(evidence);
    },
    onThermometer: (status) => emit('thermometer', status),
    onRelay: (status) => emit('relay', status),
    onDeviceEvent: (device, event, detail) => {
      try {
        deviceLog.record(now(), device, event, detail);
      } catch (error) {
        // The device log is a diary; a full disk shows up where checks are written.
        console.error('Cannot write the device log:', error);
      }
    },
  });
  // Often enough that a measurement window (0.5 s) closes on time when the sensor goes quiet.
  let ticks = 0;
  const ticker = setInterval(() => {
    gateCheck.tick();
    // Every 5 s: a retest that has become overdue raises the alarm on the guard's side.
    if (++ticks % 20 === 0) retestWatch.refresh();
    // A version saved for later takes over on time, and the gate's display follows.
    policies.watch();
  }, 250);
  return {
    gateCheck,
    retests,
    retestWatch,
    devices,
    deviceLog,
    stopTicking: () => clearInterval(ticker),
  };
}

export type Gate = ReturnType<typeof startGate>;
