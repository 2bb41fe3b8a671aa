// A gate's link to its school hub in the guard's status bar, rendered with the real translations
// at a fixed time on the school's clock: the age of the roster copy (名单更新于 HH:MM, with how many
// minutes ago once it is more than one), offline said calmly with since when, refused as a
// warning that says why in the guard's words (each code of the link's status, in both languages,
// the backend's English detail only in the title), and the records still waiting for the hub.
// A single kiosk's bar shows none of it; the 'hub' event and status reach the bar's state.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  HubLinkErrorCode,
  HubLinkStatus,
  Status,
  UploadStatus,
} from '../../../../contract/api';
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
    errorCode: null,
    error: null,
    ...overrides,
  };
}

/** Markup's text as read: the escapes React writes for quotes and ampersands undone. */
const unescape = (html: string): string =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The text a reader sees, with the item's state and tone, and what a hover shows. */
function shown(hub: HubLinkStatus) {
  const markup = renderToStaticMarkup(<HubLinkItem hub={hub} now={now} />);
  const title = /^<span[^>]* title="([^"]*)"/.exec(markup)?.[1];
  return {
    text: unescape(markup.replace(/<[^>]+>/g, '')),
    tone: /class="status-item (status-\w+)"/.exec(markup)?.[1],
    alert: markup.includes('role="alert"'),
    title: title === undefined ? undefined : unescape(title),
  };
}

/**
 * Each code of a link that is not well: the state it comes with, the backend's English detail,
 * and the guard's words in both languages (unreachable is the offline line itself, below).
 */
const problems: Record<
  Exclude<HubLinkErrorCode, 'unreachable'>,
  { state: HubLinkStatus['state']; detail: string; zh: string; en: string }
> = {
  'unknown-gate': {
    state: 'refused',
    detail: 'the hub refused this gate: unknown-gate',
    zh: '学校中心不认识本机（未登记或已重新登记），请致电办公室',
    en: 'The hub does not know this gate (not enrolled, or enrolled again): call the office',
  },
  revoked: {
    state: 'refused',
    detail: 'the hub refused this gate: revoked',
    zh: '学校中心已停用本机，请致电办公室',
    en: 'The hub has stopped this gate: call the office',
  },
  'bad-signature': {
    state: 'refused',
    detail: 'the hub refused this gate: bad-signature',
    zh: '本机的连接密钥与学校中心不符，请致电办公室重新登记本机',
    en: "This gate's key does not match the hub's: call the office to enrol it again",
  },
  clock: {
    state: 'refused',
    detail: 'the hub refused this gate: clock',
    zh: '本机时钟与学校中心相差过大，请校准时间',
    en: "This gate's clock is too far from the hub's: set the correct time",
  },
  'another-hub': {
    state: 'refused',
    detail: 'http://10.0.0.5:8080 is another hub (b), not this gate’s (a)',
    zh: '本机所设地址上是另一个学校中心，请致电办公室',
    en: 'The address set on this gate is another school hub: call the office',
  },
  'unsigned-answer': {
    state: 'offline',
    detail: 'the answer at the hub address was not signed by the hub',
    zh: '学校中心地址上应答的不是本校的学校中心，本机没有采用；请致电办公室检查网络',
    en: "Something other than this school's hub answered at its address and was not used: call the office to check the network",
  },
  'sync-failed': {
    state: 'offline',
    detail: 'the hub answered 400',
    zh: '与学校中心同步出错，正在重试；如一直如此，请致电办公室',
    en: 'Copying from the hub failed; trying again. If it keeps failing, call the office',
  },
  'hub-restored': {
    state: 'online',
    detail: "the hub's changes end at 40, before this gate's 52",
    zh: '学校中心曾从旧备份恢复，本机保留已有的名单',
    en: 'The hub was restored from an older backup; this gate keeps the roster it has',
  },
};
const problemCodes = Object.keys(problems) as (keyof typeof problems)[];

/** A link with this code, as hub-link.ts reports it. */
function withProblem(code: keyof typeof problems): HubLinkStatus {
  const { state, detail } = problems[code];
  return link({ state, errorCode: code, error: detail });
}

/** The code's words for the guard: a red alert when refused, beside the offline line when offline. */
function expectProblemShown(code: keyof typeof problems, words: string): void {
  const { state, detail } = problems[code];
  const item = shown(withProblem(code));
  if (state === 'online') {
    // Nothing for the guard to do: the note is there on hover only.
    expect(item.text).not.toContain(words);
    expect(item.title).toBe(`${words} (${detail})`);
    expect(item.tone).toBe('status-ok');
    return;
  }
  expect(item.text).toContain(words);
  expect(item.text).not.toContain(detail);
  expect(item.title).toBe(detail);
  expect(item.alert).toBe(state === 'refused');
  expect(item.tone).toBe(state === 'refused' ? 'status-bad' : 'status-warn');
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

  it.each(problemCodes)('%s: says why in Chinese, the English detail on hover only', (code) => {
    expectProblemShown(code, problems[code].zh);
  });

  it('unreachable: the offline line alone, the detail on hover', () => {
    const away = shown(
      link({
        state: 'offline',
        lastContactAt: minutesAgo(3),
        errorCode: 'unreachable',
        error: 'the hub could not be reached: fetch failed (ECONNREFUSED)',
      }),
    );
    expect(away.text).toContain('离线运行，照常核验；自 07:57 起连不上学校中心');
    expect(away.text).not.toContain('请致电办公室');
    expect(away.text).not.toContain('fetch failed');
    expect(away.title).toBe('the hub could not be reached: fetch failed (ECONNREFUSED)');
    expect(away.alert).toBe(false);
  });

  it('refused without a code still tells the guard to call the office', () => {
    expect(shown(link({ state: 'refused' })).text).toContain('学校中心不接受本机，请致电办公室');
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

  it.each(problemCodes)('%s: says why in English', (code) => {
    expectProblemShown(code, problems[code].en);
  });

  it('says the same in English in all three states', () => {
    expect(shown(link({ syncedAt: minutesAgo(3) })).text).toContain(
      'Roster as of 07:57 (3 min ago)',
    );
    expect(shown(link({ state: 'offline', lastContactAt: minutesAgo(4) })).text).toContain(
      'Working offline from this copy; hub unreachable since 07:56',
    );
    expect(shown(link({ state: 'refused' })).text).toContain(
      'The hub does not accept this gate: call the office',
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
