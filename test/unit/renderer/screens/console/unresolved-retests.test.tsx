// 今日概况's unresolved retests as the admin reads them, rendered to markup with the real
// translations: each person with the Beijing time, name, class, first reading and how long it
// has been open in words; an erased name says so; a cut list says how many more there are.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnresolvedRetest } from '../../../../../contract/operations/today-operations';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { UnresolvedRetests } from '../../../../../renderer/screens/console/UnresolvedRetests';

const retest: UnresolvedRetest = {
  entryId: 12,
  at: '2026-11-23T00:30:05.000Z',
  name: '李思雨',
  kind: 'student',
  className: '一年级1班',
  firstCelsius: 37.8,
  openMinutes: 150,
};

/** The text a reader sees, one line per list item or paragraph. */
function textOf(markup: string): string {
  return markup
    .replace(/<\/(li|p|h2)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .trim();
}

beforeAll(() => {
  setupI18n();
});

describe('the unresolved retests on 今日概况', () => {
  it('lists each with time, name, class, first reading and how long it has been open', () => {
    const markup = renderToStaticMarkup(
      <UnresolvedRetests
        unresolved={{
          count: 2,
          retests: [retest, { ...retest, entryId: 13, name: null, className: '', openMinutes: 5 }],
        }}
      />,
    );
    expect(textOf(markup).split('\n')).toEqual([
      '未处理复测',
      '复测尚未结束：既没有再次测温，也没有保安处理',
      '08:30:05 · 李思雨 · 一年级1班 · 首次 37.8 °C · 已等待 2 小时 30 分钟',
      '08:30:05 · 已清除（超过保留期） · 首次 37.8 °C · 已等待 5 分钟',
    ]);
    expect(markup.match(/data-testid="today-unresolved-retest"/g)).toHaveLength(2);
  });

  it('says none on a day without any, and how many a cut list leaves out', () => {
    expect(
      textOf(renderToStaticMarkup(<UnresolvedRetests unresolved={{ count: 0, retests: [] }} />)),
    ).toBe('未处理复测\n无');
    const cut = renderToStaticMarkup(
      <UnresolvedRetests unresolved={{ count: 51, retests: [retest] }} />,
    );
    expect(textOf(cut)).toContain('另有 50 人未列出');
  });
});
