// Builds the whole backend from a data folder and a config file: store, devices, checks.
// Both the Electron main process and server mode call createKiosk(); nothing here knows
// which transport will carry the contract. A broken store refuses to start; a broken device
// only disables its feature.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { accountHandlers } from './accounts/account-handlers';
import { createAccounts } from './accounts/accounts';
import { createAuditRecorder } from './accounts/audit-recorder';
import { createAppointments } from './visitors/appointments';
import { visitorHandlers } from './visitors/visitor-handlers';
import { createCouriers } from './visitors/couriers';
import { gateVisitorHandlers } from './visitors/gate-visitor-handlers';
import { createWalkInRequests } from './visitors/walk-in-requests';
import { createIdentify } from './checks/identify';
import { loadOrCreateSchoolKeys, type SchoolKeys } from './visitors/school-keys';
import { createGateCheck } from './checks/gate-check';
import { createRetestBook } from './checks/retest-book';
import { createRetestWatch, retestHandlers } from './checks/retest-handlers';
import { gateFlowHandlers } from './checks/gate-flow-handlers';
import { createPersonStatusLookup } from './checks/person-status';
import { createOnlineVerifier } from './health-code/health-code-verifier';
import { createHealthCodeMatcher } from './health-code/health-code-patterns';
import { policyHandlers } from './checks/policy-handlers';
import { createPolicyKeeper, type PolicyKeeper } from './checks/policy-keeper';
import { applyConfigPolicy } from './checks/policy-store';
import { ConfigError, loadConfig, parseDeviceSettings, saveDeviceSettings } from './config/config';
import type { ActorView, EventName, EventPayload, Handlers } from '../contract/api';
import type { AuditRecorder } from '../contract/dispatch';
import { ApiError } from '../contract/errors';
import { createDeviceHub } from './devices/device-hub';
import { createDeviceLog } from './devices/device-log';
import { createEntryLog } from './entries/entry-log';
import { caseHandlers } from './cases/case-handlers';
import { createFeverCases } from './cases/fever-cases';
import { todayHandlers } from './today/today-handlers';
import { createTodaySummary } from './today/today-summary';
import { createVisitorsOnCampus } from './today/visitors-on-campus';
import { loadDemoRosterIfEmpty } from './roster/demo-roster';
import { rosterHandlers } from './roster/roster-handlers';
import { lookupHandlers } from './roster/lookup-handlers';
import { fillIdTailHashes } from './roster/person-lookup';
import { exportHandlers } from './export/export-handlers';
import { databaseFile, openDatabase } from './store/database';
import { createStorageWatch } from './store/disk-space';
import { createDailyReports } from './upload/daily-report';
import { createDistrictSenders } from './upload/district-endpoint';
import { createOutbox } from './upload/outbox';
import { districtSettingsHandlers } from './upload/district-settings';
import { createUploader, realSleep } from './upload/uploader';
import { startRetention } from './retention/retention-schedule';
import { retentionHandlers } from './retention/retention-runs';
import { defaultDataKeyFile, openFieldCipher, type DataKeySource } from './privacy/data-key';
import type { FieldCipher } from './privacy/field-cipher';
import { sealPlaintext } from './privacy/seal-plaintext';

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
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) =>
    emitter.emit(event, payload);

  // The store is opened first so that a corrupt or newer database stops the kiosk before
  // any device is touched; it is closed again if the first writes fail.
  // The policy in effect now: the screen's versions, or the config file's when it changed.
  let policies: PolicyKeeper;
  let cipher: FieldCipher;
  let sealedAtStart: number;
  try {
    // ID, document and phone numbers are sealed; a wrong or missing key stops the kiosk here.
    cipher = openFieldCipher(db, options.dataKey ?? { file: defaultDataKeyFile(options.dataDir) });
    sealedAtStart = sealPlaintext(db, cipher);
    fillIdTailHashes(db, cipher);
    loadDemoRosterIfEmpty(db, cipher, now(), options.demoRosterFile);
    applyConfigPolicy(db, config.policy ?? null, now());
    policies = createPolicyKeeper({
      db,
      now,
      onChange: ({ version, policy }) =>
        emit('policy', { version, feverThresholdCelsius: policy.feverThresholdCelsius }),
    });
    policies.inEffect();
  } catch (error) {
    db.close();
    throw error;
  }
  // A refused record raises the storage alarm (the guard uses paper); the next written clears it.
  const storage = createStorageWatch(options.dataDir, now, (status) => emit('storage', status));
  const entryLog = storage.watch(createEntryLog(db, cipher));
  const accounts = createAccounts(db, now);
  // The school's signing key is made the first time a pass is issued, not at every start.
  let schoolKeys: SchoolKeys | null = null;
  const keys = (): SchoolKeys => (schoolKeys ??= loadOrCreateSchoolKeys(options.dataDir));
  const appointments = createAppointments(db, keys, now, cipher);
  const audit = createAuditRecorder(accounts, now);
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
    identify: createIdentify({ db, cipher, keys, appointments, now }),
    useVisit: (appointmentId) =>
      appointments.standing(appointmentId) === null || appointments.useEntry(appointmentId),
    entryLog,
    now,
    onCheck: (view) => emit('check', view),
    onEntry: (entry) => {
      emit('entry-saved', entry);
      uploader.notify();
      // The entry is durable before the turnstile moves; a relay that fails is shown and
      // logged, and the guard opens the gate by hand.
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

  const outbox = createOutbox(db, cipher);
  const district = config.district;
  const endpoint = district && createDistrictSenders(district, config.gate.id, configFile);
  const uploader = createUploader({
    outbox,
    send: endpoint ? endpoint.sendBatch : null,
    schoolId: endpoint?.schoolId ?? '',
    gateId: endpoint?.gateId ?? config.gate.id,
    now,
    random: Math.random,
    sleep: realSleep,
    onStatus: () => emit('upload', uploadStatus()),
    batchMaxWaitMs: (district?.batchMaxWaitSeconds ?? 0) * 1000,
    stoppedRetryMs: (district?.stoppedRetrySeconds ?? 300) * 1000,
  });
  // Personal fields past the retention period are purged at start and hourly (README).
  const retention = startRetention({
    db,
    days: config.retention.days,
    uploadOff: !endpoint,
    now,
    rewrittenAtStart: sealedAtStart,
  });
  const reports = endpoint
    ? createDailyReports({
        db,
        installationId: outbox.installationId,
        schoolId: endpoint.schoolId,
        gateId: endpoint.gateId,
        reportAt: district?.reportAt ?? '16:30',
        deadline: district?.reportDeadline ?? '17:30',
        send: endpoint.sendReport,
        now,
        random: Math.random,
      })
    : null;
  const uploadStatus = () => ({ ...uploader.status(), report: reports?.status() ?? null });
  let reporting: Promise<void> | null = null;
  const reportTick = (): void => {
    if (reports === null || reporting !== null) return;
    reporting = reports
      .tick()
      .catch((error: unknown) => console.error('The daily report failed:', error))
      .finally(() => (reporting = null));
  };
  const reportTimer = setInterval(reportTick, 10_000);
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
  uploader.start();
  reportTick();

  const gateId = config.gate.id;
  const visitorsOnCampus = createVisitorsOnCampus({
    db,
    entryLog,
    gateId,
    policyVersion: () => policies.inEffect().version,
    now,
  });
  const todaySummary = createTodaySummary(db, visitorsOnCampus, now, cipher);
  const handlers: Handlers = {
    ...accountHandlers(accounts, gateId),
    ...rosterHandlers(db, cipher, now),
    ...lookupHandlers(db, cipher),
    ...exportHandlers(db, cipher, {
      gateNames: { [gateId]: config.gate.name },
      ...(config.school ? { schoolName: config.school.name } : {}),
    }),
    ...retentionHandlers(db, config.retention.days),
    ...visitorHandlers(appointments, config.school?.name ?? null),
    ...policyHandlers(db, policies, now),
    ...todayHandlers(visitorsOnCampus, todaySummary, (entry) => {
      emit('entry-saved', entry);
      uploader.notify();
    }),
    ...caseHandlers(createFeverCases(db, now, cipher)),
    // Saved into the config file; the uploader started above uses them after a restart.
    ...districtSettingsHandlers({ configFile, running: district }),
    ...gateFlowHandlers(gateCheck),
    ...retestHandlers({
      db,
      cipher,
      gateCheck,
      retests,
      policy: () => policies.inEffect().policy,
      now,
    }),
    ...gateVisitorHandlers(
      createCouriers(db, gateId, now, cipher),
      createWalkInRequests(db, appointments, gateId, now, cipher),
    ),
    async status() {
      return {
        gate: config.gate,
        thermometer: devices.thermometerStatus(),
        relay: devices.relayStatus(),
        policy: {
          version: policies.inEffect().version,
          feverThresholdCelsius: policies.inEffect().policy.feverThresholdCelsius,
        },
        check: gateCheck.current(),
        scanner: config.scanner,
        upload: uploadStatus(),
        storage: storage.status(),
        retests: retestWatch.counts(),
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
      if (!devices.simulate(celsius)) {
        throw new ApiError('unavailable', 'The thermometer is a real device, not the simulator.');
      }
      return { accepted: true };
    },
    async manualReading({ celsius, guardName: typed, instrument }, caller) {
      // The signed-in guard (or admin) is who measured; a typed name only when nobody is.
      const guardName = caller.actor?.displayName ?? typed;
      if (guardName === undefined) throw new ApiError('bad-input', 'guardName: name-needed');
      return gateCheck.manualReading({
        celsius,
        at: now(),
        source: 'manual',
        settled: true,
        rawCelsius: null,
        offsetCelsius: null,
        ambientCelsius: null,
        manual: { guardName, instrument },
      });
    },
    async deviceSettings() {
      return devices.settings();
    },
    async saveDeviceSettings(input) {
      let settings;
      try {
        settings = parseDeviceSettings(input);
        saveDeviceSettings(configFile, settings);
      } catch (error) {
        const reason = error instanceof ConfigError ? error.message : (error as Error).message;
        throw new ApiError('bad-input', `The device settings were not saved: ${reason}`);
      }
      await devices.apply(settings);
      deviceLog.record(now(), 'thermometer', 'settings-changed', JSON.stringify(settings));
      return settings;
    },
    async uploadNow() {
      uploader.uploadNow();
      reports?.retryNow();
      reportTick();
      return uploadStatus();
    },
    async quarantinedBatches() {
      return outbox.quarantined();
    },
    async retryBatch({ batchId }) {
      const retried = outbox.release(batchId);
      if (retried) uploader.uploadNow();
      return { retried };
    },
    async testRelay() {
      if (devices.relayStatus() === null) {
        throw new ApiError('unavailable', 'No turnstile relay is configured.');
      }
      return devices.pulseRelay();
    },
  };

  return {
    handlers,
    authenticate: (token, touch) => accounts.authenticate(token, touch),
    audit,
    events: {
      on(event, listener) {
        emitter.on(event, listener);
        return () => emitter.off(event, listener);
      },
    },
    async close() {
      clearInterval(ticker);
      clearInterval(reportTimer);
      storage.close();
      await uploader.close();
      await reporting;
      endpoint?.close();
      emitter.removeAllListeners();
      await devices.close();
      await retention.close();
      db.close();
    },
  };
}
