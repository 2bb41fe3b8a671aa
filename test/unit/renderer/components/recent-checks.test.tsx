// The guard's recent list, rendered with the real translations: a retest the guard ended reads
// as what happened (家长接回, 送观察点), not as a bare 拒绝 or 转观察点; other rows keep their decision.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../../../contract/api';
import { RecentChecks } from '../../../../renderer/components/RecentChecks';
import { setupI18n } from '../../../../renderer/i18n/setup-i18n';

function entry(id: number, decision: EntryView['decision'], reasons: EntryView['reasons']) {
  return {
    id,
    checkId: `c${id}`,
    at: '2026-11-23T00:30:05.000Z',
    direction: 'in',
    decision,
    reasons,
    cardText: 'S2026004',
    person: { name: '刘浩然', kind: 'student', className: '三年级2班' },
    temperatureCelsius: null,
    temperatureMethod: null,
    measuredBy: null,
    visit: null,
    policyVersion: 1,
    followsEntryId: null,
  } satisfies EntryView;
}

function chips(entries: EntryView[]): string[] {
  const markup = renderToStaticMarkup(<RecentChecks entries={entries} />);
  return [...markup.matchAll(/class="decision-chip"[^>]*>([^<]*)</g)].map(
    (match) => match[1] ?? '',
  );
}

beforeAll(() => {
  setupI18n();
});

describe('the recent checks', () => {
  it('names how the guard ended a retest, and keeps every other decision', () => {
    expect(
      chips([
        entry(4, 'deny', ['retest-went-home']),
        entry(3, 'refer', ['retest-sent-to-observation']),
        entry(2, 'deny', ['retest-left']),
        entry(1, 'deny', ['card-unknown']),
      ]),
    ).toEqual(['家长接回', '送观察点', '已离开', '拒绝']);
  });
});
