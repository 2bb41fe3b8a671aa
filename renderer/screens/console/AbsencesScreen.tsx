// 缺勤登记 (`#admin/absences`), for the school doctor, the class teachers and the admin (R9):
// the day's picture (today in Beijing unless another day is chosen), every open absence the
// longest first with its follow-up calls and forms, a new absence, a class teacher's sheet,
// and the absences that ended that day. A refer at a gate opens an absence: it shows without
// a reload. The register lives at the school hub (or a single kiosk); a gate refuses it.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { isCalendarDate } from '../../../contract/school-time';
import { AbsenceCard } from './AbsenceCard';
import { AbsenceImport } from './AbsenceImport';
import { AbsencePictureView } from './AbsencePicture';
import { beijingToday } from './console-files';
import { NewAbsenceForm } from './NewAbsenceForm';
import { useLoaded } from './use-loaded';
import '../../styles/cases.css';
import '../../styles/admin-console.css';
import '../../styles/absences.css';

export function AbsencesScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(() => beijingToday());
  const load = useCallback(() => client.call('absenceRegister', { date }), [client, date]);
  const { value: register, problem, reload } = useLoaded(load);

  useEffect(
    () =>
      client.subscribe('entry-saved', (entry) => {
        if (entry.decision === 'refer') reload();
      }),
    [client, reload],
  );

  return (
    <div className="cases-page absences-page" data-testid="absences" data-date={date}>
      <header className="cases-header">
        <h1>{t('absences.title')}</h1>
        <div className="admin-row">
          <label className="settings-field">
            <span>{t('absences.date')}</span>
            <input
              type="date"
              value={date}
              data-testid="absences-date"
              onChange={(event) => {
                // A half-typed date is not asked for; the picker only ever gives a whole one.
                if (isCalendarDate(event.target.value)) setDate(event.target.value);
              }}
            />
          </label>
          <button type="button" data-testid="absences-refresh" onClick={reload}>
            {t('today.refresh')}
          </button>
        </div>
      </header>
      {problem ? (
        <p role="alert" className="admin-message bad" data-testid="absences-problem">
          {t(problem)}
        </p>
      ) : null}
      {register === null ? (
        problem ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : (
        <>
          <AbsencePictureView picture={register.picture} />
          <section aria-label={t('absences.open')} data-testid="absences-open">
            <h2>{t('absences.open-count', { count: register.open.length })}</h2>
            {register.open.length === 0 ? (
              <p className="cases-muted">{t('absences.none-open')}</p>
            ) : null}
            <div className="absence-list">
              {register.open.map((absence) => (
                <AbsenceCard
                  // Keyed by what the forms start from, so a saved change shows in them.
                  key={`${absence.id}:${absence.expectedReturn ?? ''}`}
                  client={client}
                  absence={absence}
                  onChanged={reload}
                />
              ))}
            </div>
          </section>
        </>
      )}
      <div className="cases-columns absence-forms">
        <NewAbsenceForm key={`new-${date}`} client={client} date={date} onSaved={reload} />
        <AbsenceImport key={`import-${date}`} client={client} date={date} onImported={reload} />
      </div>
      {register === null ? null : (
        <section aria-label={t('absences.ended-title')} data-testid="absences-ended">
          <h2>{t('absences.ended-title', { date: register.picture.date })}</h2>
          {register.ended.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
          <div className="absence-list">
            {register.ended.map((absence) => (
              <AbsenceCard key={absence.id} client={client} absence={absence} onChanged={reload} />
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
