// 校门 on the hub's console, rendered with the real translations at a fixed time: each gate with
// its last contact's age, a gate silent for more than two minutes marked (by word, not colour
// alone), a revoked gate marked and not called silent, the hub's notice under its gate in the
// office's words (records sent again, how many and when, and once they are all back; changes
// lost at the hub) in both languages, its devices in words, and its district uploads, or that the
// hub uploads them.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateHealth, HubGate, HubGateNotice } from '../../../../../contract/api';
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

/** A restore the hub noticed at 07:50: the gate had sent through 52, the hub held 40. */
const restored = (code: HubGateNotice['code']): HubGateNotice => ({
  code,
  at: secondsAgo(600),
  gateHad: 52,
  hubHas: 40,
});

/** The notice under the gate, as read, and the numbers a hover shows. */
function noticeOf(one: HubGate): { text: string; title: string | undefined } {
  const markup = renderToStaticMarkup(<GatesList gates={[one]} now={now} />);
  const cell = /<td[^>]*data-testid="gate-notice"[^>]*>(.*?)<\/td>/.exec(markup);
  return {
    text: (cell?.[1] ?? '').replace(/<[^>]+>/g, ''),
    title: / title="([^"]*)"/.exec(cell?.[0] ?? '')?.[1],
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

  it('shows the district count when the gate uploads, and no notice when there is none', () => {
    const north = rows([
      gate('north-gate', { health: { ...health, districtWaiting: 4, thermometer: 'no-answer' } }),
    ])['north-gate'];
    expect(north?.text).toContain('| 设备没有应答，请检查电源和设置 |');
    expect(north?.text).toContain('| 4 | 1.4.0 |');
    expect(north?.text).not.toContain('由学校中心上传');
    expect(north?.text).not.toContain('备份');
  });

  it('says under its gate how many records it must send again after a restore, and when', () => {
    const sending = noticeOf(gate('north-gate', { notice: restored('records-restored') }));
    expect(sending.text).toBe(
      '学校中心曾从旧备份恢复（07:50 发现）：本校门有 12 条记录需要重新上传，正在补传',
    );
    expect(sending.title).toBe('gate 52, hub 40');
    expect(
      rows([gate('north-gate', { notice: restored('records-restored') })])['north-gate']?.text,
    ).toContain('| 1.4.0 | 学校中心曾从旧备份恢复');
  });

  it('says the records are all back once the hub holds every one', () => {
    const back = gate('north-gate', { notice: restored('records-restored'), receivedThrough: 52 });
    expect(noticeOf(back).text).toBe(
      '学校中心曾从旧备份恢复（07:50 发现）：本校门的 12 条记录已全部重新上传',
    );
    const almost = gate('north-gate', {
      notice: restored('records-restored'),
      receivedThrough: 51,
    });
    expect(noticeOf(almost).text).toContain('正在补传');
  });

  it('says changes made at the hub after the backup are lost and must be made again', () => {
    const lost = noticeOf(gate('north-gate', { notice: restored('changes-restored') }));
    expect(lost.text).toBe(
      '学校中心曾从旧备份恢复（07:50 发现）：备份之后在学校中心所做的更改（名单、预约、账号、防疫策略）已丢失，请重新录入；本校门保留已有的名单',
    );
  });

  it('gives the day of a restore noticed on another day', () => {
    const yesterday = { ...restored('changes-restored'), at: secondsAgo(86_400) };
    expect(noticeOf(gate('north-gate', { notice: yesterday })).text).toContain(
      '（11-22 08:00 发现）',
    );
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
      gate('east-gate', { lastContactAt: secondsAgo(300) }),
      gate('south-gate', { revokedAt: secondsAgo(60) }),
    ]);
    expect(shown['east-gate']?.text).toContain('5 min agosilent');
    expect(shown['east-gate']?.text).toContain('uploaded by the hub');
    expect(shown['south-gate']?.text).toContain('revoked (07:59)');
  });

  it('says each notice in English', () => {
    expect(noticeOf(gate('east-gate', { notice: restored('records-restored') })).text).toBe(
      'The hub was restored from an older backup (noticed 07:50): 12 records from this gate must be uploaded again; uploading now',
    );
    expect(
      noticeOf(gate('east-gate', { notice: restored('records-restored'), receivedThrough: 60 }))
        .text,
    ).toBe(
      'The hub was restored from an older backup (noticed 07:50): all 12 records from this gate have been uploaded again',
    );
    expect(noticeOf(gate('east-gate', { notice: restored('changes-restored') })).text).toBe(
      'The hub was restored from an older backup (noticed 07:50): changes made at the hub after that backup (roster, appointments, accounts, policy) are lost and must be made again; this gate keeps the roster it has',
    );
  });
});
