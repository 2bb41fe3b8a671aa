// Builds the whole backend from a data folder and a config file: store, devices, checks.
// Both the Electron main process and server mode call createKiosk(); nothing here knows
// which transport will carry the contract. A broken store refuses to start; a broken device
// only disables its feature.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { createSimulatedThermometer } from '../native/simulated-thermometer';
import { createSerialThermometer } from '../native/serial-thermometer';
import type { Thermometer, ThermometerReading } from '../native/thermometer';
import { createGateCheck } from './checks/gate-check';
import { defaultPolicy, type VersionedPolicy } from './checks/policy';
import { ensurePolicy } from './checks/policy-store';
import { loadConfig, type ThermometerConfig } from './config/config';
import type { EventName, EventPayload, Handlers, Reading, ThermometerStatus } from './contract/api';
import { ApiError } from './contract/errors';
import { createEntryLog } from './entries/entry-log';
import { loadDemoRosterIfEmpty } from './roster/demo-roster';
import { findPersonByCard } from './roster/roster-store';
import { databaseFile, openDatabase } from './store/database';

export interface KioskOptions {
  /** Folder holding kiosk.db; created if missing. */
  dataDir: string;
  /** JSON config file; defaults apply when absent. */
  configFile?: string;
  /** Injected clock, for tests. */
  now?: () => Date;
  /** Where migrations/ and the demo roster are; the packaged app passes its own. */
  migrationsDir?: string;
  demoRosterFile?: string;
}

export interface KioskEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface Kiosk {
  handlers: Handlers;
  events: KioskEvents;
  close(): Promise<void>;
}

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const now = options.now ?? (() => new Date());
  const config = loadConfig(options.configFile);
  const db = openDatabase(databaseFile(path.resolve(options.dataDir)), {
    migrationsDir: options.migrationsDir,
  });
  const emitter = new EventEmitter();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) =>
    emitter.emit(event, payload);

  // The store is opened first so that a corrupt or newer database stops the kiosk before
  // any device is touched; it is closed again if the first writes fail.
  let policy: VersionedPolicy;
  try {
    loadDemoRosterIfEmpty(db, now(), options.demoRosterFile);
    policy = ensurePolicy(db, config.policy ?? defaultPolicy, now());
  } catch (error) {
    db.close();
    throw error;
  }
  const entryLog = createEntryLog(db);
  const gateCheck = createGateCheck({
    gateId: config.gate.id,
    policy: () => policy,
    findPerson: (card) => findPersonByCard(db, card),
    entryLog,
    now,
    onCheck: (view) => emit('check', view),
    onEntry: (entry) => emit('entry-saved', entry),
    onFault: (message) => emit('fault', { code: 'storage-failed', message }),
  });

  const thermometer = openThermometer(config.thermometer, now);
  let lastReading: Reading | null = null;
  thermometer.onReading((reading: ThermometerReading) => {
    lastReading = {
      celsius: reading.objectCelsius,
      ambientCelsius: reading.ambientCelsius,
      at: reading.at.toISOString(),
      driver: thermometer.driver,
    };
    emit('reading', lastReading);
    gateCheck.reading({
      celsius: reading.objectCelsius,
      at: reading.at,
      source: thermometer.driver,
    });
  });
  const thermometerStatus = (): ThermometerStatus => ({
    ...thermometer.state(),
    driver: thermometer.driver,
    simulated: thermometer.simulated,
    path: thermometer.path,
    lastReading: lastReading && { celsius: lastReading.celsius, at: lastReading.at },
  });
  thermometer.onState(() => emit('thermometer', thermometerStatus()));
  thermometer.start();
  const ticker = setInterval(() => gateCheck.tick(), 1000);

  const handlers: Handlers = {
    async status() {
      return {
        gate: config.gate,
        thermometer: thermometerStatus(),
        policy: {
          version: policy.version,
          feverThresholdCelsius: policy.policy.feverThresholdCelsius,
        },
        check: gateCheck.current(),
        scanner: config.scanner,
      };
    },
    async scan({ text, source }) {
      return gateCheck.scan(text, source);
    },
    async cancelCheck() {
      return { cancelled: gateCheck.cancel() };
    },
    async recentEntries({ limit }) {
      return entryLog.recent(limit);
    },
    async simulateReading({ celsius }) {
      if (!('simulate' in thermometer)) {
        throw new ApiError('unavailable', 'The thermometer is a real device, not the simulator.');
      }
      thermometer.simulate(celsius);
      return { accepted: true };
    },
  };

  return {
    handlers,
    events: {
      on(event, listener) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    },
    async close() {
      clearInterval(ticker);
      emitter.removeAllListeners();
      await thermometer.close();
      db.close();
    },
  };
}

type SimulatedThermometer = ReturnType<typeof createSimulatedThermometer>;

function openThermometer(
  config: ThermometerConfig,
  now: () => Date,
): Thermometer | SimulatedThermometer {
  switch (config.driver) {
    case 'simulated':
      return createSimulatedThermometer({ now });
    case 'gy906':
      return createSerialThermometer({
        path: config.path,
        baudRate: config.baudRate,
        mode: config.mode,
        now,
      });
    default: {
      const unknown: never = config;
      throw new Error(`unknown thermometer driver ${JSON.stringify(unknown)}`);
    }
  }
}
