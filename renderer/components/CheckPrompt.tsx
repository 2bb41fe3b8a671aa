// The big instruction while a check gathers evidence: show your card, answer the questions of
// the day, show your health code, measure your temperature, or wait for the retest with a
// countdown. It says the one next thing to do, in huge type, and must never show a decision —
// that is the result panel's job.
import { useTranslation } from 'react-i18next';
import type { CheckView, Missing } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { formatCelsius, secondsLeft } from '../display/display-format';
import { PersonLine } from './PersonLine';
import { QuestionsForm } from './QuestionsForm';
import { useNow } from '../display/use-now';

interface CheckPromptProps {
  client: KioskClient;
  onError: (error: unknown) => void;
  pending: CheckView | null;
  /** When this view of the check arrived (ms), to count the retest wait down locally. */
  pendingAt: number;
  /** The thermometer is not connected: asking for a temperature needs the guard's help. */
  thermometerDown: boolean;
}

export function CheckPrompt({ client, onError, pending, ...props }: CheckPromptProps) {
  const { pendingAt, thermometerDown } = props;
  const { t } = useTranslation();
  const next: Missing = pending?.missing[0] ?? 'identity';
  const waitSeconds = pending?.retestWaitSeconds ?? null;
  const deadline = waitSeconds === null ? null : pendingAt + waitSeconds * 1000;
  const now = useNow(deadline !== null);
  const remaining = deadline === null ? 0 : secondsLeft(deadline, now);
  const retest = next === 'retest-temperature';
  // A retest that is due: the person is measured now (no countdown left to show).
  const retestNow = retest && waitSeconds === null;
  const needsThermometer = next === 'temperature' || next === 'remeasure' || retest;
  const remeasureCelsius = pending?.remeasureCelsius ?? null;

  return (
    <section
      className={`prompt prompt-${next}`}
      data-testid="prompt"
      data-state={next}
      aria-live="polite"
    >
      {pending?.cardText || pending?.person ? (
        <p className="prompt-badge">{t('check.card-read')}</p>
      ) : null}
      <PersonLine
        className="prompt-person"
        person={pending?.person ?? null}
        cardText={pending?.cardText ?? null}
      />
      <h1 className="prompt-instruction">
        {retestNow ? t('check.retest.measure') : t(`missing.${next}`)}
      </h1>
      {pending?.healthCodeHeld ? (
        <p className="prompt-hint" data-testid="health-code-held">
          {t('gate-flow.hint.health-code-held')}
        </p>
      ) : null}
      {next === 'identity' ? <p className="prompt-hint">{t('check.hint.identity')}</p> : null}
      {next === 'temperature' ? <p className="prompt-hint">{t('check.hint.temperature')}</p> : null}
      {next === 'answers' && pending ? (
        <QuestionsForm
          key={pending.checkId}
          client={client}
          checkId={pending.checkId}
          questions={pending.questions ?? []}
          onError={onError}
        />
      ) : null}
      {next === 'health-code' ? (
        <p className="prompt-hint" data-testid="health-code-hint">
          {pending?.healthCodeVerifying
            ? t('gate-flow.hint.health-code-verifying')
            : t('gate-flow.hint.health-code')}
        </p>
      ) : null}
      {next === 'health-code-guard' ? (
        <p className="prompt-hint">{t('gate-flow.hint.health-code-guard')}</p>
      ) : null}
      {remeasureCelsius !== null ? (
        <p className="prompt-hint" data-testid="remeasure" data-celsius={remeasureCelsius}>
          {t('check.remeasure', {
            value: t('format.celsius', { value: formatCelsius(remeasureCelsius) }),
          })}
        </p>
      ) : null}
      {needsThermometer && thermometerDown ? (
        <p className="prompt-warning" data-testid="thermometer-down">
          {t('check.thermometer-down')}
        </p>
      ) : null}
      {pending?.temperatureCelsius != null ? (
        <p className="prompt-temperature" data-testid="prompt-temperature">
          {t('format.celsius', { value: formatCelsius(pending.temperatureCelsius) })}
        </p>
      ) : null}
      {retest && deadline !== null ? (
        <p className="prompt-countdown" data-testid="retest-countdown" data-seconds={remaining}>
          {remaining > 0 ? t('check.retest.wait', { seconds: remaining }) : t('check.retest.ready')}
        </p>
      ) : null}
    </section>
  );
}
