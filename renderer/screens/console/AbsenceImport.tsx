// A day's absences from the sheet class teachers already fill in (卡号 or 姓名+班级, 原因, 症状):
// choose the .xlsx or .csv file and the day, and the kiosk opens every row or, if any row is
// refused, none; then each refused row is listed with its line, column, the cell as written and
// the problem in words, so the teacher can correct the sheet and choose it again.
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import {
  absenceSheetMaxBytes,
  type AbsenceImportResult,
} from '../../../contract/operations/absence-operations';
import { isCalendarDate } from '../../../contract/school-time';
import { errorCodeOf } from '../../api/kiosk-client';
import { useSubmit } from '../../components/use-submit';
import { importProblemText } from './absence-words';
import { fileAsBase64 } from './console-files';

interface AbsenceImportProps {
  client: KioskClient;
  /** The day the register shows: the sheet is for that day unless changed. */
  date: string;
  onImported: () => void;
}

type Message = { key: string; params?: Record<string, string | number>; bad?: boolean };

export function AbsenceImport({ client, date, onImported }: AbsenceImportProps) {
  const { t } = useTranslation();
  const [day, setDay] = useState(date);
  const [result, setResult] = useState<AbsenceImportResult | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const { busy, perform } = useSubmit();

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget;
    const chosen = input.files?.[0];
    // Cleared at once, so choosing the same (corrected) file again is noticed.
    input.value = '';
    setResult(null);
    setMessage(null);
    if (chosen === undefined) return;
    if (!/\.(xlsx|csv)$/i.test(chosen.name)) {
      setMessage({ key: 'absences.import.wrong-type', bad: true });
      return;
    }
    if (chosen.size > absenceSheetMaxBytes) {
      setMessage({ key: 'absences.import.too-big', params: { megabytes: 2 }, bad: true });
      return;
    }
    if (!isCalendarDate(day)) {
      setMessage({ key: 'absences.import.need-date', bad: true });
      return;
    }
    await perform(
      async () => {
        const fileBase64 = await fileAsBase64(chosen);
        const answer = await client.call('importAbsences', {
          fileName: chosen.name,
          fileBase64,
          date: day,
        });
        setResult(answer);
        if (answer.ok) onImported();
      },
      (error) => setMessage({ key: `error.${errorCodeOf(error)}`, bad: true }),
    );
  };

  return (
    <section className="admin-card" data-testid="absence-import">
      <h2>{t('absences.import.title')}</h2>
      <p className="admin-hint">{t('absences.import.template-hint')}</p>
      <div className="admin-row">
        <label className="settings-field">
          <span>{t('absences.import.date')}</span>
          <input
            type="date"
            value={day}
            data-testid="absence-import-date"
            onChange={(event) => setDay(event.target.value)}
          />
        </label>
        <label className="settings-field">
          <span>{t('absences.import.choose')}</span>
          <input
            type="file"
            accept=".xlsx,.csv"
            disabled={busy}
            data-testid="absence-import-file"
            onChange={(event) => void choose(event)}
          />
        </label>
      </div>
      {busy ? <p className="admin-hint">{t('absences.import.working')}</p> : null}
      {result ? <ImportOutcome result={result} /> : null}
      {message ? (
        <p
          className={message.bad ? 'admin-message bad' : 'admin-message'}
          role={message.bad ? 'alert' : 'status'}
          data-testid="absence-import-message"
        >
          {t(message.key, message.params)}
        </p>
      ) : null}
    </section>
  );
}

/** What the kiosk answered: how many were opened, or every refused row with its line. */
export function ImportOutcome({ result }: { result: AbsenceImportResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <p className="admin-message" role="status" data-testid="absence-import-done">
        {t('absences.import.done', { opened: result.opened, alreadyOpen: result.alreadyOpen })}
      </p>
    );
  }
  return (
    <div className="roster-refused" role="alert" data-testid="absence-import-refused">
      <p className="admin-message bad">
        {result.file === null
          ? t('absences.import.refused', { count: result.problems.length })
          : t(`absences.import.file.${result.file}`)}
      </p>
      {result.problems.length > 0 ? (
        <ul>
          {result.problems.map((problem, index) => (
            <li key={index} data-testid="absence-import-problem" data-line={problem.line}>
              {importProblemText(t, problem)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="admin-hint">{t('absences.import.nothing-written')}</p>
    </div>
  );
}
