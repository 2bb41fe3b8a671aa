// The policy form's rule fields: the temperature numbers, the mode switch with what switching
// changes, the requirements per mode, and the blocking statuses. Only shows and edits the
// draft; it never saves and never decides what is valid (policy-draft.ts does).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  blockingStatuses,
  checks,
  hubAwayChoices,
  kinds,
  modeDifferences,
  modes,
  toggle,
  type FieldErrors,
  type Mode,
  type PolicyDraft,
} from './policy-draft';

export interface DraftProps {
  draft: PolicyDraft;
  errors: FieldErrors;
  onChange: (draft: PolicyDraft) => void;
}

type NumberField =
  'feverThreshold' | 'plausibleMin' | 'plausibleMax' | 'retestWait' | 'retestClose';

const numberFields: { field: NumberField; step: string; min: number; max: number }[] = [
  { field: 'feverThreshold', step: '0.1', min: 34, max: 39 },
  { field: 'plausibleMin', step: '0.1', min: 25, max: 40 },
  { field: 'plausibleMax', step: '0.1', min: 38, max: 45 },
  { field: 'retestWait', step: '1', min: 0, max: 900 },
  { field: 'retestClose', step: '1', min: 1, max: 240 },
];

export function TemperatureFields({ draft, errors, onChange }: DraftProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="policy-section policy-numbers">
      <legend>{t('policy.temperature')}</legend>
      {numberFields.map(({ field, step, min, max }) => (
        <PolicyField key={field} label={t(`policy.field.${field}`)} error={errors[field]}>
          <input
            type="number"
            inputMode="decimal"
            step={step}
            min={min}
            max={max}
            value={draft[field]}
            aria-invalid={errors[field] !== undefined}
            data-testid={`policy-${field}`}
            onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
          />
        </PolicyField>
      ))}
    </fieldset>
  );
}

/** Switching the mode is a big deal at a school: two large choices and what it changes. */
export function ModeSwitch({ draft, onChange, inEffect }: DraftProps & { inEffect: Mode }) {
  const { t } = useTranslation();
  const changes = draft.mode === inEffect ? [] : modeDifferences(draft.required);
  return (
    <fieldset className="policy-section">
      <legend>{t('policy.mode')}</legend>
      <div className="policy-modes" role="radiogroup" aria-label={t('policy.mode')}>
        {modes.map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={draft.mode === mode}
            className={`policy-mode policy-mode-${mode}`}
            data-testid={`policy-mode-${mode}`}
            onClick={() => onChange({ ...draft, mode })}
          >
            <strong>{t(`policy.mode.${mode}`)}</strong>
            <span>{t(`policy.mode.${mode}.hint`)}</span>
          </button>
        ))}
      </div>
      {draft.mode === inEffect ? null : (
        <div className="policy-mode-warning" role="status" data-testid="policy-mode-warning">
          <p>{t('policy.mode.switching', { mode: t(`policy.mode.${draft.mode}`) })}</p>
          <ul>
            {changes.length === 0 ? <li>{t('policy.mode.no-difference')}</li> : null}
            {changes.map(({ check, kind }) => (
              <li key={`${check}-${kind}`}>
                {t(
                  draft.required[draft.mode][check].includes(kind)
                    ? 'policy.mode.now-needs'
                    : 'policy.mode.no-longer-needs',
                  { kind: t(`policy.kind.${kind}`), check: t(`policy.check.${check}`) },
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}

export function RequirementsMatrix({ draft, onChange }: DraftProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="policy-section">
      <legend>{t('policy.requirements')}</legend>
      <div className="policy-matrices">
        {modes.map((mode) => (
          <table
            key={mode}
            className={`policy-matrix${mode === draft.mode ? ' policy-matrix-chosen' : ''}`}
            data-testid={`policy-matrix-${mode}`}
          >
            <caption>{t(`policy.mode.${mode}`)}</caption>
            <thead>
              <tr>
                <th scope="col" />
                {kinds.map((kind) => (
                  <th key={kind} scope="col">
                    {t(`policy.kind.${kind}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {checks.map((check) => (
                <tr key={check}>
                  <th scope="row">{t(`policy.check.${check}`)}</th>
                  {kinds.map((kind) => (
                    <td key={kind}>
                      <input
                        type="checkbox"
                        checked={draft.required[mode][check].includes(kind)}
                        aria-label={`${t(`policy.mode.${mode}`)} · ${t(`policy.check.${check}`)} · ${t(`policy.kind.${kind}`)}`}
                        data-testid={`policy-need-${mode}-${check}-${kind}`}
                        onChange={() =>
                          onChange({
                            ...draft,
                            required: toggle(draft.required, mode, check, kind),
                          })
                        }
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </fieldset>
  );
}

export function BlockingStatuses({ draft, onChange }: DraftProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="policy-section">
      <legend>{t('policy.blocking')}</legend>
      {blockingStatuses.map((status) => (
        <label key={status} className="policy-check">
          <input
            type="checkbox"
            checked={draft.blocking.includes(status)}
            data-testid={`policy-blocking-${status}`}
            onChange={(event) =>
              onChange({
                ...draft,
                blocking: event.target.checked
                  ? [...draft.blocking, status]
                  : draft.blocking.filter((item) => item !== status),
              })
            }
          />
          {t(`policy.blocking.${status}`)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Visitors' passes at a gate of a school hub that cannot reach it. Shown on every kiosk: the
 * hub's policy is its gates' policy, and a kiosk without a hub ignores the choice.
 */
export function PassesWhileHubAway({ draft, onChange }: DraftProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="policy-section" data-testid="policy-hub-away">
      <legend>{t('policy.hub-away')}</legend>
      <p className="policy-hint">{t('policy.hub-away.hint')}</p>
      {hubAwayChoices.map((choice) => (
        <label key={choice} className="policy-check">
          <input
            type="radio"
            name="policy-hub-away"
            checked={draft.passesWhileHubAway === choice}
            data-testid={`policy-hub-away-${choice}`}
            onChange={() => onChange({ ...draft, passesWhileHubAway: choice })}
          />
          {t(`policy.hub-away.${choice}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** A labelled field with its translated error under it. */
export function PolicyField(props: { label: string; error?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label className="settings-field policy-field">
      <span>{props.label}</span>
      {props.children}
      {props.error === undefined ? null : (
        <span className="policy-error" role="alert">
          {t(`policy.error.${props.error}`)}
        </span>
      )}
    </label>
  );
}
