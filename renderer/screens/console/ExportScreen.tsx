// The console's export page (`#admin/export`): one Beijing day of the entry log as .xlsx, CSV
// or the printable A4 register (PDF), the same file the export command writes. Full ID numbers only when ticked, and the tick
// says plainly that the request is written to the audit log (the kiosk does the writing).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { beijingToday, startDownload, type Download } from './console-files';
import { useSubmit } from '../../components/use-submit';
import '../../styles/admin-console.css';

type Format = 'xlsx' | 'csv' | 'pdf';

const formats: readonly Format[] = ['xlsx', 'csv', 'pdf'];

export function ExportScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(beijingToday());
  const [format, setFormat] = useState<Format>('xlsx');
  const [fullIdNumbers, setFullIdNumbers] = useState(false);
  const { busy, perform } = useSubmit();
  const [done, setDone] = useState<(Download & { rows: number }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const exportDay = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setProblem('console.export.pick-day');
      return;
    }
    await perform(
      async () => {
        const file = await client.call('exportDay', { date, format, fullIdNumbers });
        if (done) URL.revokeObjectURL(done.url);
        setDone({ ...startDownload(file.fileName, file.mimeType, file.base64), rows: file.rows });
      },
      (error) => {
        setProblem(`error.${errorCodeOf(error)}`);
      },
    );
  };

  return (
    <div className="admin-page" data-testid="export-screen">
      <h1>{t('console.export.title')}</h1>
      <form className="admin-card" noValidate onSubmit={(event) => void exportDay(event)}>
        <p className="admin-hint">{t('console.export.hint')}</p>
        <div className="admin-row">
          <label className="settings-field">
            <span>{t('console.export.day')}</span>
            <input
              type="date"
              value={date}
              required
              data-testid="export-date"
              onChange={(event) => setDate(event.currentTarget.value)}
            />
          </label>
          <label className="settings-field">
            <span>{t('console.export.format')}</span>
            <select
              value={format}
              data-testid="export-format"
              onChange={(event) => {
                const value = event.currentTarget.value;
                setFormat(formats.find((known) => known === value) ?? 'xlsx');
              }}
            >
              <option value="xlsx">{t('console.export.xlsx')}</option>
              <option value="csv">{t('console.export.csv')}</option>
              <option value="pdf">{t('paper.export.pdf')}</option>
            </select>
          </label>
        </div>
        {format === 'pdf' ? <p className="admin-hint">{t('paper.export.pdf-hint')}</p> : null}
        <label className={fullIdNumbers ? 'admin-tick audited on' : 'admin-tick audited'}>
          <input
            type="checkbox"
            checked={fullIdNumbers}
            data-testid="export-full-id"
            onChange={(event) => setFullIdNumbers(event.currentTarget.checked)}
          />
          <span>
            {t('console.export.full-id')}
            <strong className="audited-mark">{t('console.export.audited')}</strong>
          </span>
        </label>
        {fullIdNumbers ? (
          <p className="admin-message bad">{t('console.export.full-id-warning')}</p>
        ) : null}
        <div className="admin-actions">
          <button type="submit" data-testid="export-download" disabled={busy}>
            {t('console.export.download')}
          </button>
        </div>
        {problem ? (
          <p className="admin-message bad" role="alert" data-testid="export-problem">
            {t(problem)}
          </p>
        ) : null}
        {done ? (
          <p className="admin-message" role="status" data-testid="export-done">
            {t('console.export.done', { rows: done.rows, name: done.fileName })}{' '}
            <a href={done.url} download={done.fileName}>
              {t('console.export.again')}
            </a>
          </p>
        ) : null}
      </form>
    </div>
  );
}
