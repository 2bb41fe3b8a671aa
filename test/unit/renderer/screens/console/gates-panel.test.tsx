// 校门 on the hub's console, rendered with the real translations at a fixed time: each gate with
// its last contact's age, a gate silent for more than two minutes marked (by word, not colour
// alone), a revoked gate marked and not called silent, the hub's notice under its gate, its
// devices in words, and its district uploads, or that the hub uploads them.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateHealth, HubGate } from '../../../../../contract/api';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { GatesList } from '../../../../../renderer/screens/console/GatesPanel';

/** 2026-11-23 08:00 in Shanghai. */
const now = Date.parse('2026-11-23T00:00:00.000Z');
const secondsAgo = (seconds: number): string => new Date(now - seconds * 1000).toISOString();

const health: GateHealth = {
  version: '1.4.0',
  thermometer: 'connected',
  relay: 'none',
  hubWaiting: 0,
  districtWaiting: null,
  districtLastSuccessAt: null,
  feedCursor: 40,
};

function gate(id: string, overrides: Partial<HubGate> = {}): HubGate {
  return {
    id,
    enrolledAt: secondsAgo(86_400),
    revokedAt: null,
    lastContactAt: secondsAgo(12),
    health,
    feedCursor: 40,
    receivedThrough: 9,
    notice: null,
    ...overrides,
  };
}

/** Each gate's text as the reader sees it, with its marks, by gate id. */
function rows(
  gates: HubGate[],
): Record<string, { text: string; silent: boolean; revoked: boolean }> {
  const markup = renderToStaticMarkup(<GatesList gates={gates} now={now} />);
  const found: Record<string, { text: string; silent: boolean; revoked: boolean }> = {};
  for (const match of markup.matchAll(/<tbody[^>]*data-gate="([^"]+)"[^>]*>(.*?)<\/tbody>/g)) {
    const body = match[2] ?? '';
    found[match[1] ?? ''] = {
      text: body.replace(/<\/td>/g, ' | ').replace(/<[^>]+>/g, ''),
      silent: body.includes('data-testid="gate-silent"'),
      revoked: body.includes('data-testid="gate-revoked"'),
    };
  }
  return found;
}

beforeAll(() => {
  setupI18n();
});

describe('校门 on the hub console (zh-CN)', () => {
  it('lists each gate with its last contact, devices, waiting records and version', () => {
    const north = rows([gate('north-gate', { health: { ...health, hubWaiting: 3 } })])[
      'north-gate'
    ];
    expect(north?.text).toBe(
      'north-gate | 12 秒前 | 已连接 | 未配置 | 3 | 由学校中心上传 | 1.4.0 | ',
    );
    expect(north?.silent).toBe(false);
  });

  it('says just now for a contact a moment ago', () => {
    expect(
      rows([gate('north-gate', { lastContactAt: secondsAgo(2) })])['north-gate']?.text,
    ).toContain('north-gate | 刚刚 |');
  });

  it('marks a gate silent for more than two minutes, and one that never called', () => {
    const shown = rows([
      gate('north-gate', { lastContactAt: secondsAgo(119) }),
      gate('east-gate', { lastContactAt: secondsAgo(180) }),
      gate('west-gate', { lastContactAt: null, health: null }),
    ]);
    expect(shown['north-gate']?.silent).toBe(false);
    expect(shown['east-gate']?.silent).toBe(true);
    expect(shown['east-gate']?.text).toContain('3 分钟前失联');
    expect(shown['west-gate']?.silent).toBe(true);
    expect(shown['west-gate']?.text).toBe(
      'west-gate | 从未联系失联 | 未报告 | 未报告 | 未报告 | 未报告 | 未报告 | ',
    );
  });

  it('marks a revoked gate, and does not call its silence a fault', () => {
    const revoked = rows([
      gate('south-gate', { revokedAt: secondsAgo(600), lastContactAt: secondsAgo(900) }),
    ])['south-gate'];
    expect(revoked?.revoked).toBe(true);
    expect(revoked?.text).toContain('south-gate已停用（07:50）');
    expect(revoked?.silent).toBe(false);
  });

  it('shows what the hub noticed under its gate, and the district count when the gate uploads', () => {
    const restored = rows([
      gate('north-gate', {
        notice: 'the gate holds changes through 52, this hub only through 40',
        health: { ...health, districtWaiting: 4, thermometer: 'no-answer' },
      }),
    ])['north-gate'];
    expect(restored?.text).toContain(
      '请注意：the gate holds changes through 52, this hub only through 40',
    );
    expect(restored?.text).toContain('| 设备没有应答，请检查电源和设置 |');
    expect(restored?.text).toContain('| 4 | 1.4.0 |');
    expect(restored?.text).not.toContain('由学校中心上传');
  });

  it('says when no gate has joined yet', () => {
    expect(renderToStaticMarkup(<GatesList gates={[]} now={now} />)).toContain(
      '还没有校门加入学校中心',
    );
  });
});

describe('Gates on the hub console (en)', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });
  afterAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });

  it('says silent, revoked, the notice and the hub’s uploads in English', () => {
    const shown = rows([
      gate('east-gate', { lastContactAt: secondsAgo(300), notice: 'restored from a backup?' }),
      gate('south-gate', { revokedAt: secondsAgo(60) }),
    ]);
    expect(shown['east-gate']?.text).toContain('5 min agosilent');
    expect(shown['east-gate']?.text).toContain('uploaded by the hub');
    expect(shown['east-gate']?.text).toContain('Notice: restored from a backup?');
    expect(shown['south-gate']?.text).toContain('revoked (07:59)');
  });
});
