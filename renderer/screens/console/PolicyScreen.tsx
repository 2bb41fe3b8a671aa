// The admin's policy screen (#admin/policy): edits the rules in effect and saves them as a new
// version, effective now or at a chosen Beijing time, then shows the version history. Invalid
// input is shown next to its field and nothing is sent; a switch of mode (平时 ↔ 疫情期间) is
// asked once more before it is saved; a saved version is never edited.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { PolicyVersionView } from '../../../contract/operations/policy-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { useConfirmTap } from '../../components/confirm-tap';
import { shanghaiInput } from '../../../contract/school-time';
import { formatBeijing } from './console-files';
import { fromDraft, toDraft, type Body, type FieldErrors, type PolicyDraft } from './policy-draft';
import {
  BlockingStatuses,
  ModeSwitch,
  PassesWhileHubAway,
  PolicyField,
  RequirementsMatrix,
  TemperatureFields,
} from './PolicyFields';
import { PolicyHistory } from './PolicyHistory';
import { PolicyQuestions } from './PolicyQuestions';
import { useSubmit } from '../../components/use-submit';
import '../../styles/policy.css';

type Current = PolicyVersionView & { body: Body };
type Message = { text: string; bad: boolean };
type Saveable = Extract<ReturnType<typeof fromDraft>, { ok: true }>;

const historyLimit = 50;

export function PolicyScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<Current | null>(null);
  const [versions, setVersions] = useState<PolicyVersionView[]>([]);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<Message | null>(null);
  const { busy, perform } = useSubmit();
  const form = useRefusedFieldInView(errors);
  // Switching the gate's mode changes what every person must show: the save asks 确认？ first.
  const confirming = useConfirmTap();

  const load = useCallback(
    () =>
      Promise.all([
        client.call('currentPolicy', {}),
        client.call('policyVersions', { limit: historyLimit }),
      ]),
    [client],
  );
  const show = ([policy, history]: [Current, PolicyVersionView[]]): void => {
    setCurrent(policy);
    setVersions(history);
    setDraft(toDraft(policy.body));
  };

  useEffect(() => {
    let cancelled = false;
    load().then(
      (loaded) => !cancelled && show(loaded),
      (error: unknown) => !cancelled && setMessage({ text: describe(error, t), bad: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [load, t]);

  const send = async (result: Saveable): Promise<void> => {
    await perform(
      async () => {
        const saved = await client.call('savePolicy', {
          policy: result.policy,
          effectiveFrom: result.effectiveFrom,
        });
        show(await load());
        setMessage({ text: savedText(saved, t), bad: false });
      },
      (error) => setMessage({ text: describe(error, t), bad: true }),
    );
  };

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (draft === null || current === null) return;
    const result = fromDraft(draft, current.body, Date.now());
    if (!result.ok) {
      setErrors(result.errors);
      setMessage({ text: t('policy.not-saved'), bad: true });
      return;
    }
    setErrors({});
    if (draft.mode !== current.mode) {
      confirming.tap('switch', () => void send(result));
      return;
    }
    await send(result);
  };

  // A refused field's message goes as soon as it is put right; no new ones appear mid-typing.
  const change = (next: PolicyDraft): void => {
    confirming.disarm();
    setDraft(next);
    setMessage(null);
    setErrors((previous) => {
      if (Object.keys(previous).length === 0 || current === null) return previous;
      const result = fromDraft(next, current.body, Date.now());
      const still = result.ok ? {} : result.errors;
      return Object.fromEntries(Object.entries(still).filter(([field]) => field in previous));
    });
  };

  return (
    <div className="policy" data-testid="policy-screen">
      <PolicyHeader current={current} />
      {draft === null || current === null ? (
        <p>{message?.text ?? t('app.loading')}</p>
      ) : (
        <form ref={form} className="policy-form" noValidate onSubmit={(event) => void save(event)}>
          <ModeSwitch draft={draft} errors={errors} onChange={change} inEffect={current.mode} />
          <TemperatureFields draft={draft} errors={errors} onChange={change} />
          <RequirementsMatrix draft={draft} errors={errors} onChange={change} />
          <PolicyQuestions draft={draft} errors={errors} onChange={change} />
          <BlockingStatuses draft={draft} errors={errors} onChange={change} />
          <PassesWhileHubAway draft={draft} errors={errors} onChange={change} />
          <EffectiveTime draft={draft} errors={errors} onChange={change} />
          <SaveActions
            busy={busy}
            confirmSwitchTo={confirming.armed('switch') ? draft.mode : null}
            message={message}
          />
        </form>
      )}
      <PolicyHistory versions={versions} />
    </div>
  );
}

/** The save button is at the bottom: the first refused field is brought into view, with focus. */
function useRefusedFieldInView(errors: FieldErrors) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = form.current?.querySelector('.policy-error');
    const field = first?.closest('.policy-field, .policy-section');
    field?.scrollIntoView({ block: 'center' });
    field?.querySelector('input')?.focus({ preventScroll: true });
  }, [errors]);
  return form;
}

/** The title, and which version is in effect since when. */
function PolicyHeader({ current }: { current: Current | null }) {
  const { t } = useTranslation();
  return (
    <header className="policy-header">
      <h1>{t('policy.title')}</h1>
      {current === null ? null : (
        <p data-testid="policy-current" data-version={current.version}>
          {t('policy.current', {
            version: current.version,
            at: formatBeijing(current.effectiveFrom),
            mode: t(`policy.mode.${current.mode}`),
          })}
        </p>
      )}
    </header>
  );
}

interface SaveActionsProps {
  busy: boolean;
  /** The mode a first tap on save switched to: the button asks 确认？ before saving it. */
  confirmSwitchTo: PolicyDraft['mode'] | null;
  message: Message | null;
}

/** The save button and what the last save (or load) said. */
function SaveActions({ busy, confirmSwitchTo, message }: SaveActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="policy-actions">
      <button
        type="submit"
        disabled={busy}
        data-testid="policy-save"
        data-armed={confirmSwitchTo === null ? undefined : 'true'}
      >
        {confirmSwitchTo === null
          ? t('policy.save')
          : t('forms.policy.confirm-switch', { mode: t(`policy.mode.${confirmSwitchTo}`) })}
      </button>
      {message === null ? null : (
        <p
          className={message.bad ? 'policy-message policy-message-bad' : 'policy-message'}
          role="status"
          data-testid="policy-message"
        >
          {message.text}
        </p>
      )}
    </div>
  );
}

/** What a save did: in effect now, or from a later time. */
function savedText(saved: PolicyVersionView, t: TFunction): string {
  return saved.state === 'scheduled'
    ? t('policy.saved-scheduled', {
        version: saved.version,
        at: formatBeijing(saved.effectiveFrom),
      })
    : t('policy.saved', { version: saved.version });
}

function EffectiveTime({ draft, errors, onChange }: Parameters<typeof TemperatureFields>[0]) {
  const { t } = useTranslation();
  return (
    <fieldset className="policy-section policy-when">
      <legend>{t('policy.when')}</legend>
      {(['now', 'later'] as const).map((when) => (
        <label key={when} className="policy-check">
          <input
            type="radio"
            name="policy-when"
            checked={draft.when === when}
            data-testid={`policy-when-${when}`}
            onChange={() =>
              onChange({
                ...draft,
                when,
                // A sensible start for the picker: the next full hour.
                effectiveAt:
                  draft.effectiveAt || shanghaiInput(Math.ceil(Date.now() / 3.6e6) * 3.6e6),
              })
            }
          />
          {t(`policy.when.${when}`)}
        </label>
      ))}
      {draft.when === 'later' ? (
        <PolicyField label={t('policy.when.at')} error={errors.effectiveAt}>
          <input
            type="datetime-local"
            value={draft.effectiveAt}
            data-testid="policy-effective-at"
            onChange={(event) => onChange({ ...draft, effectiveAt: event.target.value })}
          />
        </PolicyField>
      ) : null}
    </fieldset>
  );
}

/** The kiosk's own words for a refused policy (they name the field), else the code's. */
function describe(error: unknown, t: (key: string) => string): string {
  const code = errorCodeOf(error);
  const detail = error instanceof Error ? error.message : '';
  return code === 'bad-input' && detail ? `${t('policy.refused')} ${detail}` : t(`error.${code}`);
}
