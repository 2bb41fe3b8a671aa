// A gate of a school hub, in the guard's status bar beside the upload: how old this gate's copy
// of the roster and policy is ("名单更新于 07:42（3 分钟前）"), and the link to the hub. Offline is
// calm (amber): the gate keeps deciding from its copy, and the guard only needs to know since
// when. Refused is red, saying why in the guard's words (revoked, the clock, …), because only the
// office can fix it. The backend's English detail is only in the title, for whoever is asked to
// help. A single kiosk has no hub and shows none of this.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HubLinkErrorCode, HubLinkStatus } from '../../contract/api';
import { ageWords, schoolClockAt } from '../display/hub-words';
import { useNow } from '../display/use-now';

/** The age is in minutes: a tick each 15 s keeps it within a quarter of one. */
const ageTickMs = 15_000;

export function HubLinkItem({ hub, now }: { hub: HubLinkStatus; now?: number }) {
  const { t } = useTranslation();
  const ticking = useNow(now === undefined, ageTickMs);
  const at = now ?? ticking;
  const tone =
    hub.state === 'refused' ? 'status-bad' : hub.state === 'offline' ? 'status-warn' : 'status-ok';
  const age = hub.syncedAt === null ? null : ageWords(t, hub.syncedAt, at);
  const problem = problemWords(t, hub.errorCode);
  return (
    <span
      className={`status-item ${tone}`}
      data-testid="hub-status"
      data-state={hub.state}
      data-waiting={hub.waiting}
      // Online, a note (the hub restored from a backup) on hover only: the guard need do
      // nothing. The English detail beside it is for whoever is asked to help.
      title={
        hub.error === null
          ? undefined
          : hub.state === 'online' && problem !== null
            ? `${problem} (${hub.error})`
            : hub.error
      }
    >
      <span className="status-label">{t('status.label', { label: t('status.hub') })}</span>
      <span data-testid="hub-synced">
        {hub.syncedAt === null
          ? t('hub.link.not-synced')
          : t('hub.link.synced', { time: schoolClockAt(hub.syncedAt, at) })}
        {age === null ? null : t('hub.link.age', { age })}
      </span>
      {hub.state === 'connecting' ? (
        <span className="status-detail">{t('hub.link.connecting')}</span>
      ) : null}
      {hub.state === 'offline' ? (
        <span className="status-detail" data-testid="hub-offline">
          {hub.lastContactAt === null
            ? t('hub.link.offline-since-start')
            : t('hub.link.offline', { time: schoolClockAt(hub.lastContactAt, at) })}
        </span>
      ) : null}
      {hub.state === 'offline' && problem !== null ? (
        <span className="status-detail" data-testid="hub-problem">
          {problem}
        </span>
      ) : null}
      {hub.state === 'refused' ? (
        <strong className="status-error" role="alert" data-testid="hub-refused">
          {problem ?? t('hub.link.refused')}
        </strong>
      ) : null}
      {hub.waiting > 0 ? (
        <span className="status-detail" data-testid="hub-waiting">
          {t('hub.link.waiting', { count: hub.waiting })}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Why the link is not well, in the reader's words; null when all is well, and for an unreachable
 * hub, which the offline line already says (with since when).
 */
function problemWords(t: TFunction, code: HubLinkErrorCode | null): string | null {
  return code === null || code === 'unreachable' ? null : t(`hub.link.error.${code}`);
}
