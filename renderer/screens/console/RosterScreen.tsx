// The console's roster page (`#admin/roster`): download the Chinese template, choose a filled-in
// .xlsx or .csv file, see what importing it would do, and import it all or nothing; below, the
// people on the roster and their statuses. Nothing is written until the admin presses import,
// and the kiosk checks the whole file again then.
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import {
  rosterFileMaxBytes,
  type RosterPreviewView,
} from '../../../contract/operations/roster-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { fileAsBase64, startDownload, type Download } from './console-files';
import { PeopleList } from './PeopleList';
import { RefusedRows, RosterPreviewList } from './RosterPreview';
import { useSubmit } from '../../components/use-submit';
import '../../styles/admin-console.css';

type Message = { key: string; params?: Record<string, string | number>; bad?: boolean };
type ChosenFile = { fileName: string; fileBase64: string };

const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function RosterScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<ChosenFile | null>(null);
  // Shown beside the chooser, which is cleared once a file is read.
  const [chosenName, setChosenName] = useState<string | null>(null);
  const [preview, setPreview] = useState<RosterPreviewView | null>(null);
  const [markLeft, setMarkLeft] = useState(false);
  const { busy, perform } = useSubmit();
  const [message, setMessage] = useState<Message | null>(null);
  // Bumped after an import so the people list reads the roster again.
  const [imports, setImports] = useState(0);

  const failed = (error: unknown) => setMessage({ key: `error.${errorCodeOf(error)}`, bad: true });

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget;
    const chosen = input.files?.[0];
    // Cleared at once, so choosing the same (corrected) file again is noticed.
    input.value = '';
    setFile(null);
    setPreview(null);
    setMessage(null);
    setChosenName(chosen?.name ?? null);
    if (chosen === undefined) return;
    if (!/\.(xlsx|csv)$/i.test(chosen.name)) {
      setMessage({ key: 'console.roster.wrong-type', bad: true });
      return;
    }
    if (chosen.size > rosterFileMaxBytes) {
      setMessage({ key: 'console.roster.too-big', params: { megabytes: 5 }, bad: true });
      return;
    }
    await perform(async () => {
      const picked = { fileName: chosen.name, fileBase64: await fileAsBase64(chosen) };
      setPreview(await client.call('previewRoster', picked));
      setFile(picked);
    }, failed);
  };

  const importFile = async (): Promise<void> => {
    if (file === null) return;
    setMessage(null);
    await perform(async () => {
      const result = await client.call('importRoster', { ...file, markMissingAsLeft: markLeft });
      if (!result.ok) {
        setPreview(result);
        return;
      }
      const { added, updated, unchanged, left } = result;
      setMessage({ key: 'console.roster.imported', params: { added, updated, unchanged, left } });
      setPreview(null);
      setFile(null);
      setChosenName(null);
      setMarkLeft(false);
      setImports((count) => count + 1);
    }, failed);
  };

  return (
    <div className="admin-page" data-testid="roster-screen">
      <h1>{t('console.roster.title')}</h1>
      <section className="admin-card">
        <h2>{t('console.roster.import-title')}</h2>
        <p className="admin-hint">{t('console.roster.import-hint')}</p>
        <TemplateDownload client={client} onFailure={failed} />
        <label className="settings-field">
          <span>{t('console.roster.choose')}</span>
          <input
            type="file"
            accept=".xlsx,.csv"
            data-testid="roster-file"
            disabled={busy}
            onChange={(event) => void choose(event)}
          />
        </label>
        {chosenName ? (
          <p className="admin-hint" data-testid="roster-chosen">
            {t('console.roster.chosen', { name: chosenName })}
          </p>
        ) : null}
        {busy ? <p className="admin-hint">{t('console.roster.working')}</p> : null}
        {preview?.ok === false ? <RefusedRows refused={preview} /> : null}
        {preview?.ok === true ? (
          <ImportChoice
            preview={preview}
            fileName={file?.fileName ?? null}
            markLeft={markLeft}
            onMarkLeft={setMarkLeft}
            busy={busy}
            onImport={() => void importFile()}
          />
        ) : null}
        {message ? <RosterMessage message={message} /> : null}
      </section>
      <PeopleList client={client} refresh={imports} />
    </div>
  );
}

/** The roster template (.xlsx), offered again as a link once downloaded. */
function TemplateDownload({
  client,
  onFailure,
}: {
  client: KioskClient;
  onFailure: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [template, setTemplate] = useState<Download | null>(null);
  const downloadTemplate = async (): Promise<void> => {
    try {
      const answer = await client.call('rosterTemplate', {});
      if (template) URL.revokeObjectURL(template.url);
      setTemplate(startDownload(answer.fileName, xlsxMime, answer.base64));
    } catch (error) {
      onFailure(error);
    }
  };
  return (
    <div className="admin-actions">
      <button type="button" data-testid="roster-template" onClick={() => void downloadTemplate()}>
        {t('console.roster.template')}
      </button>
      {template ? (
        <a href={template.url} download={template.fileName} data-testid="roster-template-link">
          {t('console.roster.template-again', { name: template.fileName })}
        </a>
      ) : null}
    </div>
  );
}

interface ImportChoiceProps {
  preview: Extract<RosterPreviewView, { ok: true }>;
  fileName: string | null;
  markLeft: boolean;
  onMarkLeft: (markLeft: boolean) => void;
  busy: boolean;
  onImport: () => void;
}

/** What importing the file read would change, whether to mark the missing as left, and "import". */
function ImportChoice({
  preview,
  fileName,
  markLeft,
  onMarkLeft,
  busy,
  onImport,
}: ImportChoiceProps) {
  const { t } = useTranslation();
  return (
    <>
      <RosterPreviewList preview={preview} />
      {preview.missingCount > 0 ? (
        <label className="admin-tick">
          <input
            type="checkbox"
            data-testid="roster-mark-left"
            checked={markLeft}
            onChange={(event) => onMarkLeft(event.currentTarget.checked)}
          />
          {t('console.roster.mark-left', { count: preview.missingCount })}
        </label>
      ) : null}
      <div className="admin-actions">
        <button
          type="button"
          data-testid="roster-import"
          disabled={busy || fileName === null}
          onClick={onImport}
        >
          {t('console.roster.import', { name: fileName ?? '' })}
        </button>
      </div>
    </>
  );
}

function RosterMessage({ message }: { message: Message }) {
  const { t } = useTranslation();
  return (
    <p
      className={message.bad ? 'admin-message bad' : 'admin-message'}
      role={message.bad ? 'alert' : 'status'}
      data-testid="roster-message"
    >
      {t(message.key, message.params)}
    </p>
  );
}
