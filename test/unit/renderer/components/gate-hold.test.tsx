// A pupil held at the gate by their roster status (needs a return-to-school certificate, or
// isolating), rendered with the real translations: the display facing the queue shows the calm
// hold — a raised hand, "please wait here, a teacher is coming", spoken the same — and never the
// refusal's cross, its reason or the status text; the guard's station names the status, why, who
// set it and when (in the school's zone), and what to do; the recent list says 需复课证明, not
// 拒绝; the hold sounds a soft chime, not the refusal's buzzer. Other refusals are unchanged.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView, PersonStatusView } from '../../../../contract/api';
import { StatusNotice } from '../../../../renderer/components/GuardGateFlow';
import { RecentChecks } from '../../../../renderer/components/RecentChecks';
import { ResultPanel, spokenResult } from '../../../../renderer/components/ResultPanel';
import { faceOf } from '../../../../renderer/display/gate-hold';
import { playResultSound } from '../../../../renderer/feedback/result-feedback';
import { setupI18n } from '../../../../renderer/i18n/setup-i18n';

/** What the register writes into the status: no symptoms, but still for the guard's eyes only. */
const illness = '因病缺勤，自 2026-12-03';

const certificateStatus: PersonStatusView = {
  status: 'needs-certificate',
  reason: illness,
  setBy: '周校医',
  // 10:00 on 5 December in Shanghai.
  setAt: '2026-12-05T02:00:00.000Z',
};

function entry(
  id: number,
  reasons: EntryView['reasons'],
  personStatus: PersonStatusView | null = null,
): EntryView {
  return {
    id,
    checkId: `c${id}`,
    at: '2026-12-07T00:30:05.000Z',
    direction: 'in',
    decision: 'deny',
    reasons,
    cardText: 'S2026004',
    person: { name: '刘浩然', kind: 'student', className: '三年级2班' },
    temperatureCelsius: null,
    temperatureMethod: null,
    measuredBy: null,
    visit: null,
    policyVersion: 1,
    followsEntryId: null,
    personStatus,
  };
}

const certificate = entry(7, ['status-needs-certificate'], certificateStatus);
const isolating = entry(8, ['status-isolating'], {
  ...certificateStatus,
  status: 'isolating',
  reason: '密接者，居家观察',
});

/** Markup's visible text, tags dropped. */
const textOf = (markup: string): string => markup.replace(/<[^>]+>/g, ' ');

function display(shown: EntryView) {
  const markup = renderToStaticMarkup(<ResultPanel entry={shown} />);
  return {
    markup,
    text: textOf(markup),
    face: /data-face="(\w+)"/.exec(markup)?.[1],
    decision: /data-decision="(\w+)"/.exec(markup)?.[1],
    icon: /data-icon="(\w+)"/.exec(markup)?.[1],
    colour: /class="result (result-\w+)"/.exec(markup)?.[1],
  };
}

beforeAll(() => {
  setupI18n();
});

describe('the display facing the queue', () => {
  it.each([
    ['needs a certificate', certificate],
    ['is isolating', isolating],
  ])('holds a pupil who %s with calm words and no reason', (_, held) => {
    const shown = display(held);
    expect(shown).toMatchObject({
      face: 'hold',
      decision: 'deny',
      icon: 'hold',
      colour: 'result-hold',
    });
    expect(shown.text).toContain('请在这里等一下');
    expect(shown.text).toContain('老师马上来帮你。');
    expect(shown.text).toContain('刘浩然');
    for (const hidden of [
      '不能通行',
      '暂时不能入校',
      '保安',
      '复课',
      '隔离',
      held.personStatus?.reason ?? '?',
      '周校医',
    ]) {
      expect(shown.text).not.toContain(hidden);
    }
    expect(shown.markup).not.toContain('data-reason');
    expect(spokenResult(held, i18next.t)).toBe('请在这里等一下。老师马上来帮你。');
  });

  it('keeps the refusal for anyone else refused', () => {
    const refused = display(entry(9, ['card-unknown']));
    expect(refused).toMatchObject({ decision: 'deny', icon: 'deny', colour: 'result-deny' });
    expect(refused.face).toBeUndefined();
    expect(refused.text).toContain('不能通行');
    expect(refused.text).toContain('这张卡无法识别');
    expect(faceOf(entry(9, ['card-unknown']))).toBe('deny');
  });

  describe('in English', () => {
    beforeAll(async () => {
      await i18next.changeLanguage('en');
    });
    afterAll(async () => {
      await i18next.changeLanguage('zh-CN');
    });

    it('says the same in words a child understands', () => {
      const shown = display(certificate);
      expect(shown.text).toContain('Please wait here');
      expect(shown.text).toContain('A teacher is coming to help you.');
      expect(shown.text).not.toContain('cannot');
      expect(shown.text).not.toContain('certificate');
      expect(spokenResult(certificate, i18next.t)).toBe(
        'Please wait here. A teacher is coming to help you.',
      );
    });
  });
});

describe("the guard's station", () => {
  const notice = (status: PersonStatusView): string =>
    textOf(renderToStaticMarkup(<StatusNotice name="刘浩然" status={status} />)).replace(
      /\s+/g,
      ' ',
    );

  it('names the hold, why, who set it and when, and what to do', () => {
    const text = notice(certificateStatus);
    expect(text).toContain('刘浩然：需复课证明');
    expect(text).toContain(`原因：${illness}`);
    expect(text).toContain('设置人：周校医（2026-12-05 10:00）');
    expect(text).toContain('请学生在旁等候，联系校医或班主任；校医登记复课证明后即可通行。');
    expect(notice({ ...certificateStatus, status: 'isolating' })).toContain('刘浩然：居家隔离中');
  });

  it('gives no advice to wait for a certificate when the person has left the roster', () => {
    const text = notice({ ...certificateStatus, status: 'left', reason: '转学' });
    expect(text).toContain('刘浩然：已不在名单中');
    expect(text).not.toContain('复课');
  });

  it('says it in English when the guard switches', async () => {
    await i18next.changeLanguage('en');
    try {
      const text = notice(certificateStatus);
      expect(text).toContain('刘浩然: Needs return-to-school certificate');
      expect(text).toContain('Set by 周校医 (2026-12-05 10:00)');
      expect(text).toContain(
        'Ask the pupil to wait aside and call the school doctor or class teacher; once the doctor records the certificate, the pupil passes.',
      );
      expect(notice({ ...certificateStatus, status: 'isolating' })).toContain('刘浩然: Isolating');
    } finally {
      await i18next.changeLanguage('zh-CN');
    }
  });

  it('lists a held pupil as held, with why, not as a bare refusal', () => {
    const markup = renderToStaticMarkup(
      <RecentChecks entries={[certificate, isolating, entry(9, ['card-unknown'])]} />,
    );
    const chips = [...markup.matchAll(/class="decision-chip"([^>]*)>([^<]*)</g)].map(
      ([, attributes, text]) => ({
        hold: /data-hold="([\w-]+)"/.exec(attributes ?? '')?.[1],
        text,
      }),
    );
    expect(chips).toEqual([
      { hold: 'needs-certificate', text: '需复课证明' },
      { hold: 'isolating', text: '居家隔离中' },
      { hold: undefined, text: '拒绝' },
    ]);
  });
});

describe('the sound', () => {
  /** Each tone's pitch, as a stand-in AudioContext is asked to play it. */
  const played: number[] = [];
  class RecordingAudio {
    state = 'running';
    currentTime = 0;
    destination = {};
    createOscillator() {
      return {
        type: 'sine',
        frequency: { setValueAtTime: (hertz: number) => played.push(hertz) },
        connect: (next: unknown) => next,
        start: () => undefined,
        stop: () => undefined,
        addEventListener: () => undefined,
        disconnect: () => undefined,
      };
    }
    createGain() {
      const gain = {
        gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined },
        connect: (next: unknown) => next,
        disconnect: () => undefined,
      };
      return gain;
    }
  }
  const original = globalThis.AudioContext;

  beforeAll(() => {
    globalThis.AudioContext = RecordingAudio as unknown as typeof AudioContext;
  });
  afterEach(() => {
    played.length = 0;
  });
  afterAll(() => {
    globalThis.AudioContext = original;
  });

  it("chimes softly for a hold, never the refusal's low buzzer", () => {
    playResultSound(faceOf(entry(9, ['card-unknown'])));
    expect(played).toEqual([330]);
    played.length = 0;
    playResultSound(faceOf(certificate));
    // G5 then E5: a falling two-note chime, higher and shorter than the refusal.
    expect(played).toEqual([784, 659]);
  });
});
