// A gate's link to its school hub in the guard's status bar, rendered with the real translations
// at a fixed time on the school's clock: the age of the roster copy (名单更新于 HH:MM, with how many
// minutes ago once it is more than one), offline said calmly with since when, refused as a
// warning to call the office with the hub's words, and the records still waiting for the hub.
// A single kiosk's bar shows none of it; the 'hub' event and status reach the bar's state.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubLinkStatus, Status, UploadStatus } from '../../../../contract/api';
import { HubLinkItem } from '../../../../renderer/components/HubLinkItem';
import { StatusBar } from '../../../../renderer/components/StatusBar';
import { setupI18n } from '../../../../renderer/i18n/setup-i18n';
import { gateReducer, initialGateState } from '../../../../renderer/screens/gate-state';

/** 2026-11-23 08:00 in Shanghai. */
const now = Date.parse('2026-11-23T00:00:00.000Z');
const minutesAgo = (minutes: number): string => new Date(now - minutes * 60_000).toISOString();

function link(overrides: Partial<HubLinkStatus> = {}): HubLinkStatus {
  return {
    url: 'http://10.0.0.5:8080',
    state: 'online',
    syncedAt: minutesAgo(0.5),
    lastContactAt: minutesAgo(0.5),
    waiting: 0,
    error: null,
    ...overrides,
  };
}

/** The text a reader sees, with the item's state and tone. */
function shown(hub: HubLinkStatus) {
  const markup = renderToStaticMarkup(<HubLinkItem hub={hub} now={now} />);
  return {
    text: markup.replace(/<[^>]+>/g, ''),
    tone: /class="status-item (status-\w+)"/.exec(markup)?.[1],
    alert: markup.includes('role="alert"'),
  };
}

beforeAll(() => {
  setupI18n();
});

describe('the hub line on the guard station (zh-CN)', () => {
  it('online: the time of the copy on the school clock, its age only once over a minute', () => {
    const fresh = shown(link());
    expect(fresh.text).toContain('名单更新于 07:59');
    expect(fresh.text).not.toContain('分钟前');
    expect(fresh.tone).toBe('status-ok');

    const older = shown(link({ syncedAt: minutesAgo(5) }));
    expect(older.text).toContain('名单更新于 07:55（5 分钟前）');
    expect(shown(link({ syncedAt: minutesAgo(150) })).text).toContain('05:30（2 小时前）');
  });

  it('offline: calm (amber, no alarm), working from its copy, the hub unreachable since when', () => {
    const offline = shown(
      link({ state: 'offline', syncedAt: minutesAgo(12), lastContactAt: minutesAgo(11) }),
    );
    expect(offline.text).toContain('名单更新于 07:48（12 分钟前）');
    expect(offline.text).toContain('离线运行，照常核验；自 07:49 起连不上学校中心');
    expect(offline.tone).toBe('status-warn');
    expect(offline.alert).toBe(false);
    expect(shown(link({ state: 'offline', lastContactAt: null })).text).toContain(
      '本次开机后尚未连上学校中心',
    );
  });

  it('refused: a warning to call the office, with the hub’s words', () => {
    const refused = shown(
      link({ state: 'refused', error: 'the hub refused this gate: unknown-gate' }),
    );
    expect(refused.text).toContain(
      '学校中心不接受本机，请致电办公室（the hub refused this gate: unknown-gate）',
    );
    expect(refused.tone).toBe('status-bad');
    expect(refused.alert).toBe(true);
  });

  it('counts the records still waiting for the hub, and says nothing when none wait', () => {
    expect(shown(link({ state: 'offline', waiting: 7 })).text).toContain('7 条记录待传学校中心');
    expect(shown(link()).text).not.toContain('待传学校中心');
  });
});

describe('the hub line on the guard station (en)', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });
  afterAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });

  it('says the same in English in all three states', () => {
    expect(shown(link({ syncedAt: minutesAgo(3) })).text).toContain(
      'Roster as of 07:57 (3 min ago)',
    );
    expect(shown(link({ state: 'offline', lastContactAt: minutesAgo(4) })).text).toContain(
      'Working offline from this copy; hub unreachable since 07:56',
    );
    expect(shown(link({ state: 'refused', error: 'revoked' })).text).toContain(
      'The hub does not accept this gate: call the office (revoked)',
    );
    expect(shown(link({ waiting: 2 })).text).toContain('2 records waiting for the hub');
  });
});

describe('the guard’s status bar', () => {
  const bar = (hub: HubLinkStatus | null, upload: UploadStatus | null = null) =>
    renderToStaticMarkup(
      <StatusBar
        gateName="北门"
        thermometer={null}
        relay={null}
        upload={upload}
        hub={hub}
        camera={null}
        thresholdCelsius={37.3}
        lastReading={null}
        language="zh-CN"
      />,
    );

  it('shows the hub line at a gate of a hub, and nothing of it on a single kiosk', () => {
    expect(bar(link())).toContain('data-testid="hub-status"');
    expect(bar(null)).not.toContain('hub-status');
    expect(bar(null)).not.toContain('学校中心');
  });

  it('says a gate without a district of its own has the hub upload its records', () => {
    const off = {
      state: 'off',
      pending: 3,
      oldestPendingAt: null,
      quarantined: 0,
      lastSuccessAt: null,
      lastError: null,
      lastErrorCode: null,
      nextAttemptAt: null,
    } as unknown as UploadStatus;
    expect(bar(link(), off)).toContain('由学校中心上传');
    expect(bar(null, off)).toContain('未配置教育局地址（3 条待传）');
  });

  it('takes the link from status and from the hub event', () => {
    const offline = link({ state: 'offline' });
    const pushed = gateReducer(initialGateState, { type: 'hub', hub: offline });
    expect(pushed.hub).toEqual(offline);
    const single = gateReducer(pushed, {
      type: 'status-loaded',
      status: statusWithout(),
      at: now,
      includeCheck: false,
    });
    expect(single.hub).toBeNull();
  });
});

/** Just enough of a single kiosk's status (no hub) for the reducer. */
function statusWithout(): Status {
  const partial = {
    gate: { name: '北门' },
    thermometer: { lastReading: null },
    relay: null,
    upload: null,
    policy: null,
    scanner: null,
    check: null,
  };
  return partial as unknown as Status;
}
