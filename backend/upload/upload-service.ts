// The upload to the district as the kiosk runs it: the outbox, the uploader that empties it,
// and the daily report with its timer, over the senders the config file's `district` section
// makes. Without a district the outbox fills and waits, and the status says so.
import type { Database } from 'better-sqlite3';
import type { EventPayload } from '../../contract/api';
import type { Config } from '../config/config';
import type { FieldCipher } from '../privacy/field-cipher';
import { createDailyReports } from './daily-report';
import { createDistrictSenders } from './district-endpoint';
import { createOutbox } from './outbox';
import { createUploader, realSleep } from './uploader';

export interface UploadServiceOptions {
  db: Database;
  cipher: FieldCipher;
  config: Pick<Config, 'district' | 'gate'>;
  /** The district's CA file is found relative to it. */
  configFile: string;
  now: () => Date;
  onStatus: (status: EventPayload<'upload'>) => void;
}

/** How often the daily report looks whether it is due (or due again after a failure). */
const reportTickMs = 10_000;

export function createUploadService(options: UploadServiceOptions) {
  const { db, now, config } = options;
  const district = config.district;
  const outbox = createOutbox(db, options.cipher, undefined, config.gate.id);
  const endpoint = district
    ? createDistrictSenders(district, config.gate.id, options.configFile)
    : null;
  const uploader = createUploader({
    outbox,
    send: endpoint ? endpoint.sendBatch : null,
    schoolId: endpoint?.schoolId ?? '',
    gateId: endpoint?.gateId ?? config.gate.id,
    now,
    random: Math.random,
    sleep: realSleep,
    onStatus: () => options.onStatus(status()),
    batchMaxWaitMs: (district?.batchMaxWaitSeconds ?? 0) * 1000,
    stoppedRetryMs: (district?.stoppedRetrySeconds ?? 300) * 1000,
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
  const status = (): EventPayload<'upload'> => ({
    ...uploader.status(),
    report: reports?.status() ?? null,
  });
  // One report run at a time; a tick while one runs is skipped, the next one looks again.
  let reporting: Promise<void> | null = null;
  const reportTick = (): void => {
    if (reports === null || reporting !== null) return;
    reporting = reports
      .tick()
      .catch((error: unknown) => console.error('The daily report failed:', error))
      .finally(() => (reporting = null));
  };
  let reportTimer: NodeJS.Timeout | undefined;

  return {
    /** False: no district is configured, so nothing waits to be sent before it is purged. */
    sending: endpoint !== null,
    status,
    /** A new entry waits in the outbox. */
    notify: () => uploader.notify(),
    start(): void {
      reportTimer = setInterval(reportTick, reportTickMs);
      uploader.start();
      reportTick();
    },
    /** The guard's or admin's "upload now": the batches and an unacknowledged report. */
    uploadNow(): EventPayload<'upload'> {
      uploader.uploadNow();
      reports?.retryNow();
      reportTick();
      return status();
    },
    quarantined: () => outbox.quarantined(),
    /** Sends a set-aside batch again; false when there is no such batch. */
    retry(batchId: string): boolean {
      const retried = outbox.release(batchId);
      if (retried) uploader.uploadNow();
      return retried;
    },
    async close(): Promise<void> {
      clearInterval(reportTimer);
      await uploader.close();
      await reporting;
      endpoint?.close();
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
