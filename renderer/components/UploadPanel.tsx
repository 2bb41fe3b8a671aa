// The upload to the district in full, for the admin: records waiting and since when, the last
// success and the last error in words, the next try, today's daily report, "upload now", and
// the batches the district sent back with its reasons, each sent again by hand. "Upload now"
// says what it did (started on N records, nothing waiting, no district configured); below, the
// district's settings (DistrictSettings.tsx).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadStatus } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { formatClockTime } from '../display/display-format';
import { uploadErrorWords } from '../display/device-words';
import { DistrictSettings } from './DistrictSettings';
import { uploadNowNote } from './upload-now-note';

interface Quarantined {
  id: string;
  records: number;
  firstEntryId: number;
  lastEntryId: number;
  reason: string;
}

export function UploadPanel({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const { upload, batches, refresh } = useUploadStatus(client);

  const act = async <T,>(action: () => Promise<T>, done: (answer: T) => string): Promise<void> => {
    try {
      setNote(done(await action()));
    } catch (error) {
      // A refusal in the reader's words (`error.<code>`); the kiosk's own text goes to the log.
      console.warn('upload:', error);
      setNote(t(`error.${errorCodeOf(error)}`));
    }
    await refresh();
  };

  if (upload === null) return null;
  return (
    <section className="upload-panel" data-testid="upload-panel" data-state={upload.state}>
      <h2>{t('upload.title')}</h2>
      <UploadDetails upload={upload} />
      <button
        type="button"
        data-testid="upload-now"
        onClick={() =>
          void act(
            () => client.call('uploadNow', {}),
            (status) => {
              const said = uploadNowNote(status);
              return t(said.key, said.values);
            },
          )
        }
      >
        {t('upload.now')}
      </button>
      <h3>{t('upload.quarantine.title')}</h3>
      <QuarantinedBatches
        batches={batches}
        onRetry={(batch) =>
          void act(
            () => client.call('retryBatch', { batchId: batch.id }),
            () => t('upload.sent-now'),
          )
        }
      />
      {note ? (
        <p role="status" data-testid="upload-note">
          {note}
        </p>
      ) : null}
      <DistrictSettings client={client} />
    </section>
  );
}

/** The upload's state, kept fresh: its events as they come, and a poll for the batches. */
function useUploadStatus(client: KioskClient) {
  const [upload, setUpload] = useState<UploadStatus | null>(null);
  const [batches, setBatches] = useState<Quarantined[]>([]);

  const refresh = useCallback(
    () =>
      Promise.all([client.call('status', {}), client.call('quarantinedBatches', {})]).then(
        ([status, quarantined]) => {
          setUpload(status.upload);
          setBatches(quarantined);
        },
        // The settings screen's own poll shows a backend that does not answer.
        () => undefined,
      ),
    [client],
  );

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), 2000);
    const off = client.subscribe('upload', (status) => setUpload(status));
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      off();
    };
  }, [client, refresh]);
  return { upload, batches, refresh };
}

/** Records waiting and since when, the last success and error, the next try, the report. */
function UploadDetails({ upload }: { upload: UploadStatus }) {
  const { t } = useTranslation();
  return (
    <dl>
      <dt>{t('upload.detail.pending')}</dt>
      <dd data-testid="upload-pending">{upload.pending}</dd>
      <dt>{t('upload.detail.oldest')}</dt>
      <dd>{upload.oldestPendingAt ? formatClockTime(upload.oldestPendingAt) : t('status.none')}</dd>
      <dt>{t('upload.detail.last-success')}</dt>
      <dd data-testid="upload-last-success">
        {upload.lastSuccessAt ? formatClockTime(upload.lastSuccessAt) : t('status.none')}
      </dd>
      <dt>{t('upload.detail.last-error')}</dt>
      <dd
        data-testid="upload-last-error"
        data-code={upload.lastErrorCode ?? ''}
        // The district's or the network's own words, for whoever fixes it: on hover only.
        title={upload.lastError ?? undefined}
      >
        {uploadErrorWords(t, upload.lastErrorCode, upload.clockSkewSeconds) ?? t('status.none')}
      </dd>
      {upload.nextAttemptAt ? (
        <>
          {/* Idle with a time: records wait to share a batch (the rush hour), not a retry. */}
          <dt>{t(upload.state === 'idle' ? 'upload.detail.next-send' : 'upload.detail.next')}</dt>
          <dd>{formatClockTime(upload.nextAttemptAt)}</dd>
        </>
      ) : null}
      {upload.report ? <ReportDetail report={upload.report} /> : null}
    </dl>
  );
}

/** Today's daily report: due, waiting for the district, or in (late or not). */
function ReportDetail({ report }: { report: NonNullable<UploadStatus['report']> }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('upload.detail.report')}</dt>
      <dd data-testid="upload-report" data-state={report.state} data-late={String(report.late)}>
        {t(`upload.report.${report.state}`, {
          time: formatClockTime(
            report.state === 'not-due'
              ? report.dueAt
              : report.state === 'waiting'
                ? report.deadlineAt
                : (report.acknowledgedAt ?? report.deadlineAt),
          ),
        })}
        {report.lastError ? (
          <span className="upload-error-detail" title={report.lastError}>
            {' — '}
            {t('upload.report.failed-try')}
          </span>
        ) : null}
      </dd>
    </>
  );
}

/** The batches the district sent back, with its reasons, each to be sent again by hand. */
function QuarantinedBatches({
  batches,
  onRetry,
}: {
  batches: Quarantined[];
  onRetry: (batch: Quarantined) => void;
}) {
  const { t } = useTranslation();
  return batches.length === 0 ? (
    <p>{t('upload.quarantine.none')}</p>
  ) : (
    <ul className="upload-quarantine" data-testid="upload-quarantine">
      {batches.map((batch) => (
        <li key={batch.id}>
          {t('upload.quarantine.row', {
            records: batch.records,
            first: batch.firstEntryId,
            last: batch.lastEntryId,
            reason: batch.reason,
          })}{' '}
          <button type="button" onClick={() => onRetry(batch)}>
            {t('upload.quarantine.retry')}
          </button>
        </li>
      ))}
    </ul>
  );
}
