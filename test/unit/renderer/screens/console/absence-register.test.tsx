// 缺勤登记 as the school doctor or class teacher reads it, rendered to markup with the real
// translations: the day's numbers as the kiosk counted them and the by-class table with its
// totals; an absence's cause (with the gate's reading and a link to its fever case), its marks
// (a call due today, held at the gates until a certificate), its follow-up calls in words, and
// which endings it offers (销假返校 only for an absence not for illness); an imported sheet's
// refused rows with their lines, columns, cells and problems, in both languages.
import i18next from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AbsenceImportResult,
  AbsencePicture,
} from '../../../../../contract/operations/absence-operations';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import { AbsenceCard } from '../../../../../renderer/screens/console/AbsenceCard';
import { ImportOutcome } from '../../../../../renderer/screens/console/AbsenceImport';
import { AbsencePictureView } from '../../../../../renderer/screens/console/AbsencePicture';
import { absence, quietClient } from './absence-fixtures';

/** The text a reader sees, one line per list item, paragraph, heading or table row. */
function textOf(markup: string): string {
  return markup
    .replace(/<\/(li|p|h2|h3|tr|caption|dd)>/g, '\n')
    .replace(/<\/(td|th)>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

const picture: AbsencePicture = {
  date: '2026-11-23',
  byClass: [
    { className: '一年级1班', illness: 2, feverAtGate: 1, other: 0 },
    { className: '二年级3班', illness: 0, feverAtGate: 0, other: 1 },
  ],
  absentIll: 3,
  absentOther: 1,
  followUpsDue: 2,
  returnsExpected: 1,
  heldAtGate: 1,
  returnsCleared: 4,
};

const card = (one: ReturnType<typeof absence>): string =>
  renderToStaticMarkup(
    <AbsenceCard client={quietClient} absence={one} onChanged={() => undefined} />,
  );

beforeAll(() => {
  setupI18n();
});

describe('the day’s picture', () => {
  it('shows each number the kiosk counted, under its own words, and marks those to act on', () => {
    const markup = renderToStaticMarkup(<AbsencePictureView picture={picture} />);
    const shown = [
      ...markup.matchAll(
        /data-testid="absence-count-(\w+)" data-count="(\d+)"><span>(\d+)<\/span>([^<]+)</g,
      ),
    ].map(([, name, count, number, words]) => [name, Number(count), Number(number), words]);
    expect(shown).toEqual([
      ['absentIll', 3, 3, '因病缺勤'],
      ['absentOther', 1, 1, '其他原因缺勤'],
      ['followUpsDue', 2, 2, '今日待随访'],
      ['returnsExpected', 1, 1, '预计返校'],
      ['heldAtGate', 1, 1, '校门拦下（待复课证明）'],
      ['returnsCleared', 4, 4, '已凭复课证明返校'],
    ]);
    // A follow-up due, a return expected and someone held are for today's work; none is plain.
    expect(markup).toMatch(/absence-count marked" data-testid="absence-count-followUpsDue"/);
    expect(markup).toMatch(/absence-count" data-testid="absence-count-absentIll"/);
    const calm = renderToStaticMarkup(
      <AbsencePictureView picture={{ ...picture, followUpsDue: 0 }} />,
    );
    expect(calm).toMatch(/absence-count" data-testid="absence-count-followUpsDue"/);
  });

  it('tables the absent by class and cause in the kiosk’s order, with each row’s and the whole total', () => {
    const table = textOf(renderToStaticMarkup(<AbsencePictureView picture={picture} />))
      .split('\n')
      .slice(-4);
    expect(table).toEqual([
      '班级 | 因病 | 门口发热 | 其他 | 合计 |',
      '一年级1班 | 2 | 1 | 0 | 3 |',
      '二年级3班 | 0 | 0 | 1 | 1 |',
      '合计 | 2 | 1 | 1 | 4 |',
    ]);
  });

  it('says nobody was absent rather than an empty table', () => {
    const markup = renderToStaticMarkup(
      <AbsencePictureView picture={{ ...picture, byClass: [], absentIll: 0, absentOther: 0 }} />,
    );
    expect(markup).not.toContain('absence-by-class"');
    expect(textOf(markup)).toContain('当日没有缺勤');
  });
});

describe('an absence on the register', () => {
  it('marks a call due today and a hold at the gates, by word, linking the hold to the certificates', () => {
    const markup = card(absence({ followUpDue: true, held: true }));
    expect(markup).toMatch(/data-testid="absence-badge-due">今日待随访</);
    expect(markup).toMatch(/href="#admin\/certificates"[^>]*data-testid="absence-badge-held"/);
    expect(textOf(markup)).toContain('需复课证明');
    const calm = card(absence());
    expect(calm).not.toContain('absence-badge-due');
    expect(calm).not.toContain('absence-badge-held');
    // An ended absence is nobody's work today.
    const ended = card(
      absence({
        followUpDue: true,
        held: true,
        ended: { at: '2026-11-23T01:00:00.000Z', how: 'certificate', by: '张医生', note: null },
      }),
    );
    expect(ended).not.toContain('absence-badge');
  });

  it('says the cause: ill, fever at the gate with its reading and a link to the fever case, other', () => {
    expect(textOf(card(absence()))).toContain('李思雨 · 一年级1班因病');
    const fever = card(
      absence({
        cause: 'fever-at-gate',
        celsius: 38.4,
        feverCaseId: 12,
        gateId: 'north',
        gateName: '北门',
        source: 'gate',
        openedBy: '刘保安',
      }),
    );
    expect(fever).toMatch(/data-testid="absence-cause">门口发热 38.4 °C</);
    expect(fever).toMatch(/<a href="#admin\/cases" data-testid="absence-fever-case">/);
    expect(textOf(fever)).toContain('校门转诊 11-20 08:40 · 刘保安');
    // The gate by the name people know it by, not the id in its config.
    expect(textOf(fever)).toContain('查看发热个案（北门）');
    expect(fever).not.toContain('north');
    expect(card(absence({ cause: 'other', symptoms: null }))).toMatch(
      /data-testid="absence-cause">其他</,
    );
    expect(card(absence())).not.toContain('absence-fever-case');
  });

  it('lists each follow-up with its time, outcome, method, contact, note and who recorded it', () => {
    const text = textOf(
      card(
        absence({
          followUps: [
            {
              id: 1,
              at: '2026-11-21T01:05:00.000Z',
              method: 'phone',
              outcome: 'seen-doctor',
              contact: '母亲 王女士',
              note: '社区医院，流感',
              recordedBy: '王老师',
            },
            {
              id: 2,
              at: '2026-11-22T09:30:00.000Z',
              method: 'visit',
              outcome: 'no-answer',
              contact: null,
              note: null,
              recordedBy: '张医生',
            },
          ],
        }),
      ),
    );
    expect(text).toContain('11-21 09:05已就医 · 电话 · 母亲 王女士 — 社区医院，流感 · 王老师');
    expect(text).toContain('11-22 17:30未接通 · 家访 · 张医生');
  });

  it('offers 销假返校 only for an absence not for illness; 登记有误 always; a sick one ends with the certificate', () => {
    const ill = card(absence());
    expect(ill).not.toContain('data-testid="absence-end-returned"');
    expect(ill).toMatch(/data-testid="absence-end-cancelled">登记有误</);
    expect(ill).toContain('因病缺勤须凭复课证明销假');
    const fever = card(absence({ cause: 'fever-at-gate', celsius: 38.4 }));
    expect(fever).not.toContain('data-testid="absence-end-returned"');
    const other = card(absence({ cause: 'other' }));
    expect(other).toMatch(/data-testid="absence-end-returned">销假返校</);
    expect(other).toMatch(/data-testid="absence-end-cancelled">登记有误</);
    expect(other).not.toContain('absence-end-certificate-hint');
  });

  it('takes nothing more once ended, and says how it ended', () => {
    const markup = card(
      absence({
        ended: { at: '2026-11-23T00:20:00.000Z', how: 'certificate', by: '张医生', note: null },
        certificate: {
          id: 3,
          issuer: '区人民医院',
          issuedOn: '2026-11-22',
          recordedAt: '2026-11-23T00:20:00.000Z',
          recordedBy: '张医生',
          hasScan: false,
          cleared: 'needs-certificate',
        },
      }),
    );
    expect(markup).not.toContain('<form');
    expect(markup).not.toContain('absence-end-');
    expect(textOf(markup)).toContain(
      '11-23 08:20 凭复课证明返校 · 区人民医院，2026-11-22 开具 · 张医生',
    );
  });

  it('starts the follow-up form with no outcome chosen', () => {
    const markup = card(absence());
    expect(markup).toMatch(/<option value="" disabled="" selected="">请选择结果<\/option>/);
    for (const method of ['电话', '短信', '家访']) expect(markup).toContain(`>${method}</option>`);
    for (const outcome of ['在家休养', '已就医', '住院', '已康复', '未接通', '其他']) {
      expect(markup).toContain(`>${outcome}</option>`);
    }
  });
});

describe('an imported sheet', () => {
  const refused: AbsenceImportResult = {
    ok: false,
    file: null,
    problems: [
      { line: 3, column: '卡号', problem: 'card-unknown', value: 'S9999' },
      { line: 5, column: '原因', problem: 'cause-unknown', value: '发呆' },
      { line: 6, column: null, problem: 'no-person', value: null },
    ],
  };

  it('lists every refused row with its line, column, cell and the problem, and that nothing was written', () => {
    const markup = renderToStaticMarkup(<ImportOutcome result={refused} />);
    expect([...markup.matchAll(/data-line="(\d+)"/g)].map((match) => match[1])).toEqual([
      '3',
      '5',
      '6',
    ]);
    expect(textOf(markup).split('\n')).toEqual([
      '表中有 3 处问题，整张表都没有导入：',
      '第 3 行 · 卡号 · “S9999” · 名单上没有这个卡号',
      '第 5 行 · 原因 · “发呆” · 看不懂原因：请写“病假”（因病）或“事假”（其他）',
      '第 6 行 · 没有写卡号，也没有写姓名和班级',
      '改正表格后重新选择文件即可；没有写入任何一行。',
    ]);
  });

  it('says why a file that is no sheet was refused', () => {
    const text = textOf(
      renderToStaticMarkup(
        <ImportOutcome result={{ ok: false, file: 'no-header', problems: [] }} />,
      ),
    );
    expect(text).toContain('找不到表头');
  });

  it('says how many were opened and how many already had an open absence', () => {
    const text = textOf(
      renderToStaticMarkup(<ImportOutcome result={{ ok: true, opened: 12, alreadyOpen: 2 }} />),
    );
    expect(text).toBe('已登记 12 人缺勤；2 人已有未销假的缺勤，未重复登记');
  });

  describe('in English', () => {
    beforeAll(async () => {
      await i18next.changeLanguage('en');
    });
    afterAll(async () => {
      await i18next.changeLanguage('zh-CN');
    });

    it('says the same', () => {
      expect(textOf(renderToStaticMarkup(<ImportOutcome result={refused} />)).split('\n')).toEqual([
        'The sheet has 3 problems, so none of it was imported:',
        'Line 3 · 卡号 · “S9999” · no one on the roster has this card',
        'Line 5 · 原因 · “发呆” · the cause is not one the register knows: write 病假 (ill) or 事假 (other)',
        'Line 6 · neither a card nor a name and class',
        'Correct the sheet and choose the file again; nothing was written.',
      ]);
      expect(textOf(card(absence({ cause: 'fever-at-gate', celsius: 38.4 })))).toContain(
        'Fever at the gate 38.4 °C',
      );
      expect(card(absence({ held: true }))).toContain('Needs a return certificate');
    });
  });
});
