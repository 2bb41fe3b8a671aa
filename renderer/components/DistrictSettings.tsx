// The district's settings on the upload screen: address, school id, gate id and the secret.
// The secret is write-only — shown as 已设置, never filled back in — and every refused field is
// marked with its reason. Saved settings take effect when the kiosk is restarted, and it says so.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { parseFieldProblems, type FieldProblems } from '../../contract/field-problems';
import type { DistrictSettingsView } from '../../contract/operations/district-operations';
import { errorCodeOf } from '../api/kiosk-client';
import { FormMessage } from './NoteLine';
import { useSubmit } from './use-submit';

type Field = 'url' | 'schoolId' | 'gateId' | 'secret';
const fields: readonly Field[] = ['url', 'schoolId', 'gateId', 'secret'];
type Draft = Record<Field, string>;

export function DistrictSettings({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [view, setView] = useState<DistrictSettingsView | null>(null);
  const [draft, setDraft] = useState<Draft>({ url: '', schoolId: '', gateId: '', secret: '' });
  const [problems, setProblems] = useState<FieldProblems>({});
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const { busy, perform } = useSubmit();

  const show = (next: DistrictSettingsView): void => {
    setView(next);
    setDraft({
      url: next.url ?? '',
      schoolId: next.schoolId ?? '',
      gateId: next.gateId ?? '',
      secret: '',
    });
  };

  useEffect(() => {
    let cancelled = false;
    client.call('districtSettings', {}).then(
      (loaded) => !cancelled && show(loaded),
      (error: unknown) =>
        !cancelled && setNote({ text: t(`error.${errorCodeOf(error)}`), bad: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, t]);

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setNote(null);
    await perform(
      async () => {
        const saved = await client.call('saveDistrictSettings', {
          url: draft.url,
          schoolId: draft.schoolId,
          gateId: draft.gateId,
          // Left empty: the secret set before stays.
          secret: draft.secret === '' ? null : draft.secret,
        });
        setProblems({});
        show(saved);
        setNote({ text: t('forms.district.saved'), bad: false });
      },
      (error) => {
        const message = error instanceof Error ? error.message : '';
        const refused = errorCodeOf(error) === 'bad-input' ? parseFieldProblems(message) : null;
        if (refused) {
          setProblems(refused);
          setNote({ text: t('forms.problems', { count: Object.keys(refused).length }), bad: true });
        } else setNote({ text: t(`error.${errorCodeOf(error)}`), bad: true });
      },
    );
  };

  if (view === null) return note ? <p role="alert">{note.text}</p> : null;
  return (
    <form
      className="district-settings appointment-form"
      data-testid="district-settings"
      noValidate
      onSubmit={(event) => void save(event)}
    >
      <h3>{t('forms.district.title')}</h3>
      {fields.map((name) => (
        <label key={name} className="settings-field appointment-field">
          <span>{t(`forms.district.${name}`)}</span>
          <input
            type={name === 'secret' ? 'password' : name === 'url' ? 'url' : 'text'}
            autoComplete={name === 'secret' ? 'new-password' : 'off'}
            value={draft[name]}
            placeholder={placeholder(name, view, t)}
            aria-invalid={problems[name] ? true : undefined}
            data-testid={`district-${name}`}
            onChange={(event) => {
              const value = event.target.value;
              setDraft((old) => ({ ...old, [name]: value }));
              setProblems((old) => ({ ...old, [name]: '' }));
            }}
          />
          {problems[name] ? (
            <span className="field-problem" role="alert" data-testid={`district-problem-${name}`}>
              {t(`forms.district.problem.${problems[name]}`)}
            </span>
          ) : null}
        </label>
      ))}
      <div className="appointment-form-actions">
        <button type="submit" disabled={busy} data-testid="district-save">
          {t('forms.district.save')}
        </button>
        {view.inEffect ? null : (
          <p className="appointment-message bad" role="status" data-testid="district-restart">
            {t('forms.district.restart')}
          </p>
        )}
        <FormMessage message={note} testId="district-note" />
      </div>
    </form>
  );
}

function placeholder(name: Field, view: DistrictSettingsView, t: (key: string) => string) {
  if (name === 'secret')
    return t(view.secretSet ? 'forms.district.secret-set' : 'forms.district.secret-unset');
  if (name === 'gateId') return t('forms.district.gate-default');
  return undefined;
}
