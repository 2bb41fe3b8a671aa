// Who waits aside for a retest, in the guard's corner: for a signed-in guard each person with
// class, first reading and the backend's countdown, and one-tap endings (asked twice); for
// nobody signed in only the counts, since others at the gate can read the screen.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenRetest, RetestCounts, RetestResolution } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { formatCelsius } from '../display/display-format';
import { useConfirmTap } from './confirm-tap';
import { ToneNoteLine, type ToneNote } from './NoteLine';
import { overdueCount, retestWait, retestWaitText } from './retest-wait';
import { useSignedInGuard } from './signed-in-guard';
import '../styles/retest-queue.css';
import { useNow } from '../display/use-now';
import { useSubmit } from './use-submit';

interface RetestQueueProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

/** The list is read again this often while shown, besides on every change the backend reports. */
const refreshMs = 15_000;
const resolutions: RetestResolution[] = ['went-home', 'left', 'observation'];

export function RetestQueue({ client, onError }: RetestQueueProps) {
  const guard = useSignedInGuard();
  if (guard === null) return <RetestCountsLine client={client} onError={onError} />;
  // Keyed by the account: the next guard never sees the last guard's half-confirmed tap.
  return <RetestList key={guard.username} client={client} onError={onError} />;
}

/** Nobody signed in: how many wait and how many are overdue, from status and then the events. */
function RetestCountsLine({ client, onError }: RetestQueueProps) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<RetestCounts | null>(null);

  useEffect(() => {
    let cancelled = false;
    let heard = false;
    const off = client.subscribe('retests', (next) => {
      heard = true;
      setCounts(next);
    });
    client.call('status', {}).then(
      // An event that arrived while status loaded is newer than its answer.
      (status) => !cancelled && !heard && setCounts(status.retests ?? null),
      (error: unknown) => !cancelled && onError(error),
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [client, onError]);

  if (counts === null || counts.waiting === 0) return null;
  return (
    <section className="retest-queue" data-testid="retest-queue" data-locked="true">
      {counts.overdue > 0 ? <OverdueAlarm count={counts.overdue} /> : null}
      <p className="retest-queue-locked" data-testid="retest-counts">
        {counts.overdue > 0
          ? t('retest.queue.locked-overdue', {
              waiting: String(counts.waiting),
              overdue: String(counts.overdue),
            })
          : t('retest.queue.locked', { waiting: String(counts.waiting) })}
      </p>
    </section>
  );
}

function OverdueAlarm({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <p className="retest-queue-alarm" role="alert" data-testid="retest-overdue-alarm">
      {t('retest.queue.alarm', { count: String(count) })}
    </p>
  );
}

interface Answer {
  at: string;
  retests: OpenRetest[];
  /** When the answer arrived here, by this window's clock: countdowns run on from it. */
  receivedAt: number;
}

function RetestList({ client, onError }: RetestQueueProps) {
  const { t } = useTranslation();
  // A first tap turns the button into 确认？ for a few seconds (confirm-tap.ts).
  const confirming = useConfirmTap();
  const { busy, perform } = useSubmit();
  const [note, setNote] = useState<ToneNote | null>(null);
  // Bumped after an ending so the list is read again at once.
  const [reload, setReload] = useState(0);
  const answer = useOpenRetests(client, reload, onError);

  const now = useNow((answer?.retests.length ?? 0) > 0);
  const nameOf = (retest: OpenRetest): string => retest.name ?? t('retest.queue.no-name');

  const resolve = async (retest: OpenRetest, resolution: RetestResolution): Promise<void> => {
    const params = { name: nameOf(retest), resolution: t(`retest.resolution.${resolution}`) };
    await perform(
      async () => {
        await client.call('resolveRetest', { entryId: retest.entryId, resolution });
        setNote({ key: 'retest.queue.resolved', params, tone: 'done' });
      },
      (error) => {
        // Ended meanwhile (a retest scan, another tap, another window): say so in words.
        const code = errorCodeOf(error);
        if (code === 'bad-input') {
          setNote({ key: 'retest.queue.already-ended', params, tone: 'problem' });
        } else if (code !== 'unauthorized' && code !== 'forbidden') onError(error);
      },
    );
    setReload((count) => count + 1);
  };

  const tap = (retest: OpenRetest, resolution: RetestResolution): void => {
    setNote(null);
    confirming.tap(`${retest.entryId}:${resolution}`, () => void resolve(retest, resolution));
  };

  if (answer === null) return null;
  const elapsed = now - answer.receivedAt;
  const overdue = overdueCount(answer.retests, answer.at, elapsed);
  return (
    <section
      className="retest-queue"
      data-testid="retest-queue"
      aria-label={t('retest.queue.title', { count: String(answer.retests.length) })}
    >
      {overdue > 0 ? <OverdueAlarm count={overdue} /> : null}
      <h2 className="retest-queue-title">
        {t('retest.queue.title', { count: String(answer.retests.length) })}
      </h2>
      {answer.retests.length === 0 ? (
        <p className="retest-queue-empty">{t('retest.queue.empty')}</p>
      ) : null}
      <ul className="retest-queue-list">
        {answer.retests.map((retest) => {
          const wait = retestWait(retest, answer.at, elapsed);
          return (
            <RetestRow
              key={retest.entryId}
              retest={retest}
              name={nameOf(retest)}
              wait={wait}
              armed={(resolution) => confirming.armed(`${retest.entryId}:${resolution}`)}
              busy={busy}
              onTap={(resolution) => tap(retest, resolution)}
            />
          );
        })}
      </ul>
      <ToneNoteLine note={note} className="retest-queue-note" testId="retest-queue-note" />
    </section>
  );
}

/**
 * The open retests, read again on each retest or entry event, every refreshMs and when `reload`
 * changes. Answers can arrive out of order: only the latest request's answer is kept.
 */
function useOpenRetests(
  client: KioskClient,
  reload: number,
  onError: (error: unknown) => void,
): Answer | null {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    let cancelled = false;
    const refresh = (): void => {
      const asked = ++latest.current;
      client.call('openRetests', {}).then(
        (found) => {
          if (!cancelled && asked === latest.current)
            setAnswer({ ...found, receivedAt: Date.now() });
        },
        (error: unknown) => {
          // A session that ended meanwhile is the sign-in box's to show, not an error here.
          const code = errorCodeOf(error);
          if (!cancelled && code !== 'unauthorized' && code !== 'forbidden') onError(error);
        },
      );
    };
    refresh();
    const offRetests = client.subscribe('retests', refresh);
    const offEntries = client.subscribe('entry-saved', refresh);
    const timer = setInterval(refresh, refreshMs);
    return () => {
      cancelled = true;
      offRetests();
      offEntries();
      clearInterval(timer);
    };
  }, [client, reload, onError]);
  return answer;
}

interface RetestRowProps {
  retest: OpenRetest;
  name: string;
  wait: ReturnType<typeof retestWait>;
  /** Whether a first tap made this resolution's button ask 确认？. */
  armed: (resolution: RetestResolution) => boolean;
  busy: boolean;
  onTap: (resolution: RetestResolution) => void;
}

/** One waiting person: who, the first reading, how long they have waited, and the endings. */
function RetestRow({ retest, name, wait, armed, busy, onTap }: RetestRowProps) {
  const { t } = useTranslation();
  const text = retestWaitText(wait);
  const late = wait.state === 'overdue';
  return (
    <li
      className="retest-queue-row"
      data-testid="retest-row"
      data-entry-id={retest.entryId}
      data-wait={wait.state}
      data-overdue={String(late)}
    >
      <span className="retest-queue-who">
        <bdi className="retest-queue-name">{name}</bdi>
        <span className="retest-queue-detail">
          {retest.className ?? (retest.kind ? t(`cases.kind.${retest.kind}`) : '')}
          {retest.className || retest.kind ? ' · ' : ''}
          {retest.firstCelsius === null
            ? t('retest.queue.first-unknown')
            : t('retest.queue.first', { celsius: formatCelsius(retest.firstCelsius) })}
        </span>
      </span>
      <span className="retest-queue-wait" data-testid="retest-wait" data-state={wait.state}>
        {t(text.key, text.params)}
      </span>
      <span className="retest-queue-actions">
        {resolutions.map((resolution) => {
          const isArmed = armed(resolution);
          const label = t(`retest.resolution.${resolution}`);
          return (
            <button
              key={resolution}
              type="button"
              className="retest-queue-resolve"
              data-testid={`resolve-${resolution}`}
              data-armed={isArmed ? 'true' : undefined}
              aria-label={t('retest.queue.resolve-label', {
                name: name,
                resolution: isArmed ? `${label} ${t('retest.queue.confirm')}` : label,
              })}
              disabled={busy}
              onClick={() => onTap(resolution)}
            >
              {isArmed ? t('retest.queue.confirm') : label}
            </button>
          );
        })}
      </span>
    </li>
  );
}
