// Who sees which console pages: an admin every page; the school doctor or a class teacher (role
// health) only 缺勤登记, 复课证明 and 发热个案, landing on 缺勤登记 whatever page the address
// names; a guard none, and the console's door (AdminGate) keeps a guard out while it lets a
// health account in.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActorView } from '../../../../../contract/api';
import { openingStage } from '../../../../../renderer/components/AdminGate';
import {
  ConsoleActorContext,
  mayUseConsole,
} from '../../../../../renderer/components/console-actor';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { ConsoleScreen } from '../../../../../renderer/screens/console/ConsoleScreen';
import {
  consoleTabs,
  tabFromHash,
  tabsFor,
} from '../../../../../renderer/screens/console/console-tabs';
import { quietClient } from './absence-fixtures';

const actor = (role: ActorView['role']): ActorView => ({
  id: 4,
  username: 'doctor',
  displayName: '张医生',
  role,
});

/** The tab bar as shown for this account at this address: each tab's words, and the current. */
function tabBar(who: ActorView | null, hash: string) {
  const markup = renderToStaticMarkup(
    <ConsoleActorContext value={who}>
      <ConsoleScreen client={quietClient} hash={hash} />
    </ConsoleActorContext>,
  );
  return {
    tabs: [...markup.matchAll(/data-testid="console-tab-([\w-]+)">([^<]+)</g)].map(
      ([, id, words]) => `${id}:${words}`,
    ),
    page: /data-page="([\w-]+)"/.exec(markup)?.[1],
  };
}

beforeAll(() => {
  setupI18n();
});

describe('console pages by role', () => {
  it('shows an admin every page, the register and the certificates among them', () => {
    const ids = tabsFor('admin').map((tab) => tab.id);
    expect(ids).toEqual(consoleTabs.map((tab) => tab.id));
    expect(ids).toContain('absences');
    expect(ids).toContain('certificates');
    expect(tabBar(actor('admin'), '#admin/absences')).toEqual({
      tabs: expect.arrayContaining(['absences:缺勤登记', 'certificates:复课证明', 'roster:名单']),
      page: 'absences',
    });
    expect(tabFromHash('#admin')?.id).toBe('devices');
    expect(tabFromHash('#settings', 'admin')?.id).toBe('devices');
  });

  it('shows a health account only the fever cases, the register and the certificates', () => {
    expect(tabBar(actor('health'), '#admin/absences')).toEqual({
      tabs: ['cases:发热个案', 'absences:缺勤登记', 'certificates:复课证明'],
      page: 'absences',
    });
    expect(tabBar(actor('health'), '#admin/certificates').page).toBe('certificates');
    expect(tabBar(actor('health'), '#admin/cases').page).toBe('cases');
  });

  it('lands a health account on the register when the address names another page or none', () => {
    for (const hash of ['#admin', '#admin/', '#settings', '#admin/roster', '#admin/accounts']) {
      expect(tabFromHash(hash, 'health')?.id, hash).toBe('absences');
    }
  });

  it('gives a guard, or nobody, no page', () => {
    expect(tabsFor('guard')).toEqual([]);
    expect(tabFromHash('#admin/absences', 'guard')).toBeNull();
    expect(tabBar(null, '#admin/roster')).toEqual({ tabs: [], page: undefined });
  });
});

describe('the console door', () => {
  it('lets an admin or a health account in and keeps a guard at sign-in', () => {
    expect(mayUseConsole('admin')).toBe(true);
    expect(mayUseConsole('health')).toBe(true);
    expect(mayUseConsole('guard')).toBe(false);
    expect(openingStage(false, actor('health'))).toEqual({
      kind: 'signed-in',
      actor: actor('health'),
    });
    expect(openingStage(false, actor('admin')).kind).toBe('signed-in');
    expect(openingStage(false, actor('guard'))).toEqual({ kind: 'sign-in' });
    expect(openingStage(false, null)).toEqual({ kind: 'sign-in' });
    expect(openingStage(true, null)).toEqual({ kind: 'first-admin' });
  });
});
