// The admin's fever cases (R3): every open case, oldest first, with its readings, follow-up
// timeline and the forms to add to it and to close it; below, the recently closed cases.
// A case leaves the open list only when an admin closes it with an outcome.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { FeverCase } from '../../../contract/operations/case-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { FeverCaseCard } from './FeverCaseCard';
import '../../styles/cases.css';

const closedShown = 20;

export function FeverCasesScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [cases, setCases] = useState<{ open: FeverCase[]; closed: FeverCase[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [reload, setReload] = useState(0);
  const load = useCallback(async (): Promise<void> => setReload((count) => count + 1), []);

  useEffect(() => {
    let cancelled = false;
    const fetchCases = (): void => {
      client.call('feverCases', { closedLimit: closedShown }).then(
        (list) => {
          if (cancelled) return;
          setCases(list);
          setError(null);
        },
        (thrown: unknown) => !cancelled && setError(`error.${errorCodeOf(thrown)}`),
      );
    };
    fetchCases();
    // A refer at the gate opens a case: show it without a reload.
    const off = client.subscribe('entry-saved', (entry) => {
      if (entry.decision === 'refer') fetchCases();
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [client, reload]);

  if (cases === null) {
    return <p role={error ? 'alert' : 'status'}>{t(error ?? 'app.loading')}</p>;
  }
  return (
    <div className="cases-page" data-testid="fever-cases">
      <header className="cases-header">
        <h1>{t('cases.title')}</h1>
        <button type="button" onClick={() => void load()}>
          {t('today.refresh')}
        </button>
      </header>
      {error ? <p role="alert">{t(error)}</p> : null}
      <section aria-label={t('cases.open')} data-testid="cases-open">
        <h2>{t('cases.open-count', { count: cases.open.length })}</h2>
        {cases.open.length === 0 ? <p className="cases-muted">{t('cases.none-open')}</p> : null}
        {cases.open.map((feverCase) => (
          <FeverCaseCard
            key={feverCase.id}
            client={client}
            feverCase={feverCase}
            onChanged={load}
          />
        ))}
      </section>
      <section aria-label={t('cases.closed')} data-testid="cases-closed">
        <h2>{t('cases.closed')}</h2>
        {cases.closed.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
        {cases.closed.map((feverCase) => (
          <FeverCaseCard
            key={feverCase.id}
            client={client}
            feverCase={feverCase}
            onChanged={load}
          />
        ))}
      </section>
    </div>
  );
}
