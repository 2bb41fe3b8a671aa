// Builds the whole backend from a data folder and a config file: store, devices, checks.
// Both the Electron main process and server mode call createKiosk(); nothing here knows
// which transport will carry the contract. A broken store refuses to start; a broken device
// only disables its feature.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ActorView, EventName, EventPayload, Handlers, Status } from '../contract/api';
import type { AuditRecorder } from '../contract/dispatch';
import { absenceHandlers } from './absences/absence-handlers';
import { absenceImportHandlers } from './absences/absence-import';
import { createAbsenceRegister } from './absences/absence-register';
import { accountHandlers } from './accounts/account-handlers';
import { createAccounts, type Accounts } from './accounts/accounts';
import { createAuditRecorder } from './accounts/audit-recorder';
import { caseHandlers } from './cases/case-handlers';
import { createFeverCases } from './cases/fever-cases';
import { gateFlowHandlers } from './checks/gate-flow-handlers';
import { gateHandlers } from './checks/gate-handlers';
import { policyHandlers } from './checks/policy-handlers';
import { createPolicyKeeper, type PolicyKeeper } from './checks/policy-keeper';
import { applyConfigPolicy } from './checks/policy-store';
import { retestHandlers } from './checks/retest-handlers';
import { loadConfig, type Config } from './config/config';
import { deviceHandlers } from './devices/device-handlers';
import { createEntryLog, type EntryLog } from './entries/entry-log';
import { gateName as gateNameIn } from './export/entry-export';
import { exportHandlers } from './export/export-handlers';
import { createHubService, type HubService } from './hub/hub-service';
import { refuseAtGate, setSchoolRole, type SchoolRole } from './hub/school-role';
import { defaultDataKeyFile, openFieldCipher, type DataKeySource } from './privacy/data-key';
import type { FieldCipher } from './privacy/field-cipher';
import { sealPlaintext } from './privacy/seal-plaintext';
import { startRetention } from './retention/retention-schedule';
import { retentionHandlers } from './retention/retention-runs';
import { loadDemoRosterIfEmpty } from './roster/demo-roster';
import { lookupHandlers } from './roster/lookup-handlers';
import { fillIdTailHashes } from './roster/person-lookup';
import { joinHub } from './replica/join-hub';
import { startGate, type Emit, type Gate } from './start-gate';
import { rosterHandlers } from './roster/roster-handlers';
import { databaseFile, openDatabase } from './store/database';
import { createStorageWatch, type StorageWatch } from './store/disk-space';
import { todayHandlers } from './today/today-handlers';
import { createTodaySummary } from './today/today-summary';
import { createVisitorsOnCampus } from './today/visitors-on-campus';
import { districtSettingsHandlers } from './upload/district-settings';
import { uploadHandlers } from './upload/upload-handlers';
import { createUploadService, type UploadService } from './upload/upload-service';
import { createAppointments, type Appointments } from './visitors/appointments';
import { createCouriers } from './visitors/couriers';
import { gateVisitorHandlers } from './visitors/gate-visitor-handlers';
import { loadOrCreateSchoolKeys, type SchoolKeys } from './visitors/school-keys';
import { visitorHandlers } from './visitors/visitor-handlers';
import { createWalkInRequests } from './visitors/walk-in-requests';

export interface KioskOptions {
  /** Folder holding kiosk.db; created if missing. */
  dataDir: string;
  /**
   * JSON config file (default: config.json in the data folder); defaults apply while it does
   * not exist. The settings screen writes its device settings here.
   */
  configFile?: string;
  /** Injected clock, for tests. */
  now?: () => Date;
  /** Where migrations/ and the demo roster are; the packaged app passes its own. */
  migrationsDir?: string;
  demoRosterFile?: string;
  /** The data key (privacy/data-key.ts); a plain 0600 file in the data folder by default. */
  dataKey?: DataKeySource;
  /** Tests only: the kiosk's own connection once open (e.g. PRAGMA max_page_count: a full disk). */
  onDatabaseOpened?: (db: Database) => void;
  /** The school's hub (docs/school-hub.md): owns the roster, policy, passes and accounts. */
  hub?: boolean;
  /** Tests only: how long the hub may hold a gate's feed request open. */
  hubWaitSeconds?: number;
}

export interface KioskEvents {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface Kiosk {
  handlers: Handlers;
  /** The signed-in account behind a session token, or null; `touch` false: not activity. */
  authenticate(token: string | null, touch?: boolean): ActorView | null;
  /** Writes an admin action to the audit log; dispatch() calls it. */
  audit: AuditRecorder;
  events: KioskEvents;
  /** The school hub's side of its gates; null unless started as the hub. */
  hub: HubService | null;
  close(): Promise<void>;
}

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const now = options.now ?? (() => new Date());
  const configFile = options.configFile ?? path.join(options.dataDir, 'config.json');
  const config = loadConfig(
    options.configFile !== undefined || existsSync(configFile) ? configFile : undefined,
  );
  const db = openDatabase(databaseFile(path.resolve(options.dataDir)), {
    migrationsDir: options.migrationsDir,
  });
  options.onDatabaseOpened?.(db);
  const emitter = new EventEmitter();
  const emit: Emit = (event, payload) => emitter.emit(event, payload);

  const role = options.hub === true ? 'hub' : config.hub !== undefined ? 'gate' : null;
  const { cipher, sealedAtStart } = prepareStore(db, options, config, now, role);
  // A gate decides only with the school's policy; before its first copy it must reach the hub.
  const joined =
    config.hub === undefined
      ? null
      : await joinHub({
          db,
          cipher,
          config: { ...config, hub: config.hub },
          now,
          onStatus: (status) => emit('hub', status),
          waitSeconds: options.hubWaitSeconds,
        });
  const link = joined?.link ?? null;
  const policies: PolicyKeeper = createPolicyKeeper({
    db,
    now,
    onChange: ({ version, policy }) =>
      emit('policy', { version, feverThresholdCelsius: policy.feverThresholdCelsius }),
  });
  policies.inEffect();
  // A refused record raises the storage alarm (the guard uses paper); the next written clears it.
  const storage = createStorageWatch(options.dataDir, now, (status) => emit('storage', status));
  // The register names a gate as people know it: this kiosk's by its config, the hub's gates by
  // the names they report with their health. The hub service is made after the entry log, so
  // its names are looked up through this holder, filled in once it exists.
  const hubGates: { names: () => Record<string, string> } = { names: () => ({}) };
  const gateNames = (): Record<string, string> => ({
    ...hubGates.names(),
    [config.gate.id]: config.gate.name,
  });
  const gateName = (gateId: string): string => gateNameIn(gateId, gateNames());
  const entryLog = storage.watch(createEntryLog(db, cipher, gateName));
  const accounts = createAccounts(db, now);
  // The school's signing key is made the first time a pass is issued, not at every start.
  let schoolKeys: SchoolKeys | null = null;
  const keys = (): SchoolKeys => (schoolKeys ??= loadOrCreateSchoolKeys(options.dataDir));
  const appointments = createAppointments(db, keys, now, cipher);
  const upload = createUploadService({
    db,
    cipher,
    config,
    configFile,
    now,
    onStatus: (status) => emit('upload', status),
  });
  // Every entry written, however it was, reaches the screens, the uploader and the hub.
  entryLog.onSaved((entry) => {
    emit('entry-saved', entry);
    upload.notify();
    link?.notify();
  });
  // A gate verifies passes with the school's public keys from its hub; it never signs one.
  const passKeys = () => joined?.replica.passKeys() ?? keys().publicKeys;
  const gate = startGate({
    db,
    cipher,
    config,
    now,
    emit,
    policies,
    entryLog,
    passKeys,
    appointments,
    hubAway: () => link !== null && link.status().state !== 'online',
  });
  joined?.attach({ policies, upload, devices: gate.devices });
  const hub =
    role === 'hub'
      ? createHubService({
          db,
          cipher,
          entryLog,
          passKeys,
          now,
          onEntries: (entries) => {
            for (const entry of entries) entryLog.announce(entry);
          },
        })
      : null;
  if (hub !== null) {
    hubGates.names = () =>
      Object.fromEntries(
        hub.gates
          .list()
          .flatMap((each) =>
            each.health?.name === undefined ? [] : [[each.id, each.health.name]],
          ),
      );
  }
  // Personal fields past the retention period are purged at start and hourly (docs/admin.md
  // "Retention").
  const retention = startRetention({
    db,
    days: config.retention.days,
    uploadOff: !upload.sending,
    now,
    rewrittenAtStart: sealedAtStart,
  });
  upload.start();
  link?.start();

  const handlers = kioskHandlers({
    db,
    cipher,
    config,
    configFile,
    now,
    policies,
    storage,
    entryLog,
    accounts,
    appointments,
    upload,
    gate,
    school: () => ({
      ...(link === null ? {} : { hub: link.status() }),
      ...(hub === null ? {} : { gates: hub.gates.list(), passOveruse: hub.passOveruse.list() }),
    }),
    hubOwned: link !== null,
    gateNames,
    gateName,
  });
  return {
    handlers,
    hub,
    authenticate: (token, touch) => accounts.authenticate(token, touch),
    audit: createAuditRecorder(accounts, now),
    events: {
      on(event, listener) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    },
    async close() {
      gate.stopTicking();
      hub?.close();
      await link?.close();
      storage.close();
      await upload.close();
      emitter.removeAllListeners();
      await gate.devices.close();
      await retention.close();
      db.close();
    },
  };
}

/**
 * Readies the opened store: the data key, sealing what an older version left in the clear, the
 * school role, and — unless the roster and policy come from a hub — the demo roster and the
 * config file's policy. The store is opened first so that a corrupt or newer database stops the
 * kiosk before any device is touched; it is closed again if these fail.
 */
function prepareStore(
  db: Database,
  options: KioskOptions,
  config: Config,
  now: () => Date,
  role: SchoolRole | null,
): { cipher: FieldCipher; sealedAtStart: number } {
  try {
    // ID, document and phone numbers are sealed; a wrong or missing key stops the kiosk here.
    const cipher = openFieldCipher(
      db,
      options.dataKey ?? { file: defaultDataKeyFile(options.dataDir) },
    );
    const sealedAtStart = sealPlaintext(db, cipher);
    fillIdTailHashes(db, cipher);
    setSchoolRole(db, role);
    if (role !== 'gate') {
      loadDemoRosterIfEmpty(db, cipher, now(), options.demoRosterFile);
      applyConfigPolicy(db, config.policy ?? null, now());
    }
    return { cipher, sealedAtStart };
  } catch (error) {
    db.close();
    throw error;
  }
}

interface HandlerParts {
  db: Database;
  cipher: FieldCipher;
  config: Config;
  configFile: string;
  now: () => Date;
  policies: PolicyKeeper;
  storage: StorageWatch;
  entryLog: EntryLog;
  accounts: Accounts;
  appointments: Appointments;
  upload: UploadService;
  gate: Gate;
  /** The hub link's status (a gate) or the gates (the hub), for the status operation. */
  school: () => Pick<Status, 'hub' | 'gates' | 'passOveruse'>;
  /** A gate of a hub: the operations on what the hub owns are refused (refuseAtGate). */
  hubOwned: boolean;
  /** The gates' names by id: this kiosk's, and the hub's as each last gave it. */
  gateNames: () => Record<string, string>;
  /** A gate's name (its id where no name is known). */
  gateName: (gateId: string) => string;
}

/** The contract's operations, each module's from its own handler file. */
function kioskHandlers(parts: HandlerParts): Handlers {
  const { db, cipher, config, configFile, now, policies, appointments, gate } = parts;
  const gateId = config.gate.id;
  const visitorsOnCampus = createVisitorsOnCampus({
    db,
    entryLog: parts.entryLog,
    gateId,
    policyVersion: () => policies.inEffect().version,
    now,
  });
  const absences = createAbsenceRegister(db, now, cipher, parts.gateName);
  const handlers: Handlers = {
    ...accountHandlers(parts.accounts, gateId),
    ...rosterHandlers(db, cipher, now),
    ...lookupHandlers(db, cipher),
    // At the hub, its gates by the names they gave with their health.
    ...exportHandlers(db, cipher, () => ({
      gateNames: parts.gateNames(),
      ...(config.school ? { schoolName: config.school.name } : {}),
    })),
    ...retentionHandlers(db, config.retention.days),
    ...visitorHandlers(appointments, config.school?.name ?? null),
    ...policyHandlers(db, policies, now),
    ...todayHandlers(visitorsOnCampus, createTodaySummary(db, visitorsOnCampus, now, cipher)),
    ...caseHandlers(createFeverCases(db, now, cipher)),
    // The register lives where the roster does; at a gate refuseAtGate answers every operation.
    ...absenceHandlers(absences),
    ...absenceImportHandlers(db, absences),
    // Saved into the config file; the uploader started above uses them after a restart.
    ...districtSettingsHandlers({ configFile, running: config.district }),
    ...uploadHandlers(parts.upload),
    ...gateFlowHandlers(gate.gateCheck),
    ...retestHandlers({
      db,
      gateCheck: gate.gateCheck,
      retests: gate.retests,
      policy: () => policies.inEffect().policy,
      now,
    }),
    ...gateVisitorHandlers(
      createCouriers(db, gateId, now, cipher),
      createWalkInRequests(db, appointments, gateId, now, cipher),
    ),
    ...gateHandlers({
      config,
      gateCheck: gate.gateCheck,
      entryLog: parts.entryLog,
      devices: gate.devices,
      policies,
      upload: parts.upload,
      storage: parts.storage,
      retests: gate.retestWatch,
      school: parts.school,
      now,
    }),
    ...deviceHandlers({ devices: gate.devices, deviceLog: gate.deviceLog, configFile, now }),
  };
  return parts.hubOwned ? refuseAtGate(handlers) : handlers;
}
