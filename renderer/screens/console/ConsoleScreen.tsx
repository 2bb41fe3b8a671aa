// The admin console: one page at a time, chosen by the tabs along the top (the address is
// `#admin/<page>`, so a page can be bookmarked on the office PC). It sits behind AdminGate, and
// shows only the pages the signed-in account's role may open (a health account: its three).
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { useConsoleActor } from '../../components/console-actor';
import { tabFromHash, tabsFor } from './console-tabs';

export function ConsoleScreen({ client, hash }: { client: KioskClient; hash: string }) {
  const { t } = useTranslation();
  // Outside AdminGate nobody is signed in: no page at all.
  const role = useConsoleActor()?.role ?? 'guard';
  const current = tabFromHash(hash, role);
  return (
    <div className="console" data-testid="console" data-page={current?.id} data-role={role}>
      <nav className="console-tabs" aria-label={t('console.title')}>
        <a href="#">{t('console.back-to-gate')}</a>
        {tabsFor(role).map((tab) => (
          <a
            key={tab.id}
            href={`#admin/${tab.id}`}
            aria-current={tab.id === current?.id ? 'page' : undefined}
            data-testid={`console-tab-${tab.id}`}
          >
            {t(`console.tab.${tab.id}`)}
          </a>
        ))}
      </nav>
      <div className="console-page">{current?.render(client)}</div>
    </div>
  );
}
