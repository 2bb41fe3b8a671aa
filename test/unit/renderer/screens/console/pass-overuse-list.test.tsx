// 校门 on the hub's console lists, under the gates, the visitors' passes the hub found used
// beyond their allowance (status.passOveruse), rendered with the real translations at a fixed
// time: when, who (or that the name was purged), at which gate, how many entries the pass
// allowed; in both languages; nothing when there is none.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubGate, PassOveruse } from '../../../../../contract/api';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { GatesList } from '../../../../../renderer/screens/console/GatesPanel';

/** 2026-11-23 08:00 in Shanghai. */
const now = Date.parse('2026-11-23T00:00:00.000Z');

const gate: HubGate = {
  id: 'east-gate',
  enrolledAt: '2026-11-22T00:00:00.000Z',
  revokedAt: null,
  lastContactAt: '2026-11-22T23:59:50.000Z',
  health: null,
  feedCursor: 40,
  receivedThrough: 9,
  notice: null,
};

const overuse: PassOveruse[] = [
  {
    entryId: 42,
    appointmentId: 'A7',
    visitorName: '张伟',
    entriesAllowed: 1,
    gateId: 'west-gate',
    at: '2026-11-22T23:40:00.000Z',
  },
  {
    entryId: 17,
    appointmentId: 'A3',
    visitorName: null,
    entriesAllowed: 2,
    gateId: 'east-gate',
    at: '2026-11-20T01:05:00.000Z',
  },
];

/** The list's heading and rows as the reader sees them ('' when there is no list). */
function shown(list: PassOveruse[]): { title: string; rows: string[] } {
  const markup = renderToStaticMarkup(<GatesList gates={[gate]} overuse={list} now={now} />);
  const section = /<section class="pass-overuse"[^>]*>(.*?)<\/section>/.exec(markup)?.[1] ?? '';
  const rows = [...section.matchAll(/<tr data-testid="pass-overuse-row"[^>]*>(.*?)<\/tr>/g)];
  return {
    title: /<h3>(.*?)<\/h3>/.exec(section)?.[1] ?? '',
    rows: rows.map((row) => (row[1] ?? '').replace(/<\/td>/g, ' | ').replace(/<[^>]+>/g, '')),
  };
}

beforeAll(() => {
  setupI18n();
});

describe('passes used beyond their allowance on the hub console (zh-CN)', () => {
  it('lists each under the gates: when, who, which gate, how many entries the pass allowed', () => {
    const markup = renderToStaticMarkup(<GatesList gates={[gate]} overuse={overuse} now={now} />);
    expect(markup.indexOf('data-gate="east-gate"')).toBeLessThan(markup.indexOf('pass-overuse'));
    expect(shown(overuse)).toEqual({
      title: '超出次数的访客通行（2）',
      rows: [
        '07:40 | 张伟 | west-gate | 1 次 | ',
        '11-20 09:05 | （姓名已按保存期限清除） | east-gate | 2 次 | ',
      ],
    });
  });

  it('shows nothing when no pass was used beyond its allowance', () => {
    expect(shown([])).toEqual({ title: '', rows: [] });
    expect(renderToStaticMarkup(<GatesList gates={[gate]} now={now} />)).not.toContain(
      'pass-overuse',
    );
  });
});

describe('passes used beyond their allowance on the hub console (en)', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });
  afterAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });

  it('says the same in English', () => {
    expect(shown(overuse)).toEqual({
      title: 'Visitor passes used beyond their allowance (2)',
      rows: [
        '07:40 | 张伟 | west-gate | 1 | ',
        '11-20 09:05 | (name removed after the retention period) | east-gate | 2 | ',
      ],
    });
  });
});
