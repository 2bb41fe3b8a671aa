// The school doctor's return-certificate page (#admin/certificates) against a fake kiosk client,
// rendered with the real translations: whoever a gate held today comes first and is marked in
// words; the filter finds by name or class; a date after today and a scan over 2 MB are refused
// in words before anything is sent; the call carries the chosen file's bytes as base64; after
// the kiosk records it the page says so and the person leaves the list; a refusal is said in the
// reader's language.
import i18next from 'i18next';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type ErrorCode } from '../../../../../contract/errors';
import type { RecordedCertificate } from '../../../../../contract/operations/absence-operations';
import { setupI18n } from '../../../../../renderer/i18n/setup-i18n';
import {
  recordCertificate,
  type Note,
} from '../../../../../renderer/screens/console/certificate-draft';
import {
  certificatesReducer,
  initialCertificatesState,
  type CertificatesAction,
  type CertificatesState,
} from '../../../../../renderer/screens/console/certificate-list';
import {
  certificate,
  fakeClient,
  li,
  page,
  people,
  recorded,
  text,
  today,
  wang,
} from './certificate-fixtures';

const state = (...actions: CertificatesAction[]): CertificatesState =>
  actions.reduce(certificatesReducer, initialCertificatesState);

const say = (note: Note): string => i18next.t(note.key, note.params);

beforeAll(() => {
  setupI18n();
});

describe('the list of people held for a certificate', () => {
  it('puts whoever a gate held today first, the latest first, each marked with the gate and time', () => {
    const { rows } = page(people, initialCertificatesState);
    expect(rows.map((row) => row.id)).toEqual([3, 2, 1, 4]);
    expect(rows.map((row) => row.heldToday)).toEqual([true, true, false, false]);
    expect(rows[0]?.text).toContain('今日 07:55 在南门被拦');
    expect(rows[1]?.text).toContain('今日 07:40 在北门被拦');
    expect(rows[2]?.text).not.toContain('被拦');
  });

  it('shows each one’s name, class, status in words, reason and since when', () => {
    const { rows } = page(people, initialCertificatesState);
    expect(rows[0]?.text).toContain('张伟 · 五年级1班');
    expect(rows[0]?.text).toContain('居家隔离中');
    // A status set at a time shows as its Beijing date.
    expect(rows[0]?.text).toContain('自 2026-11-20');
    expect(rows[1]?.text).toContain('需复课证明');
    expect(rows[1]?.text).toContain('因病缺勤，自 2026-11-12');
  });

  it('filters by name or class as typed, every word counting', () => {
    const ids = (query: string) =>
      page(people, state({ type: 'query', text: query })).rows.map((row) => row.id);
    expect(ids('张')).toEqual([3, 4]);
    expect(ids('三年级')).toEqual([2, 1, 4]);
    expect(ids(' 三年级2班  张 ')).toEqual([4]);
    expect(ids('')).toEqual([3, 2, 1, 4]);
    // The person whose form is open stays listed, with the form, whatever is typed.
    const open = page(
      people,
      state({ type: 'choose', personId: 1 }, { type: 'query', text: '张' }),
    );
    expect(open.rows.map((row) => row.id)).toEqual([3, 1, 4]);
    expect(open.markup).toContain('data-testid="certificate-form"');
    const none = page(people, state({ type: 'query', text: '赵' }));
    expect(none.rows).toEqual([]);
    expect(none.text).toContain('没有找到这个姓名或班级');
  });

  it('says in its own words when the register cannot be read here', () => {
    const atGate = page(people, initialCertificatesState, [], 'error.at-hub');
    expect(atGate.text).toContain('复课证明在学校中心登记，校门的电脑不能登记');
  });

  it('says when nobody is held', () => {
    expect(page([], initialCertificatesState).text).toContain('现在没有人等待复课证明');
  });
});

describe('the certificate form', () => {
  it('opens for the one chosen, dated today and no later, with the clear button', () => {
    const { markup } = page(people, state({ type: 'choose', personId: 2 }));
    const form = /<form[^>]*data-testid="certificate-form"[^>]*>.*<\/form>/.exec(markup)?.[0] ?? '';
    expect(form).toContain('data-person-id="2"');
    expect(text(form)).toContain('登记 王芳 的复课证明');
    const date = /<input type="date"[^>]*data-testid="certificate-issued-on"[^>]*>/.exec(form)?.[0];
    expect(date).toContain('value="2026-11-23"');
    expect(date).toContain('max="2026-11-23"');
    expect(text(form)).toContain('登记复课证明，解除校门拦截');
  });

  it('refuses a date after today in words, and sends nothing', async () => {
    const { client, calls } = fakeClient();
    const fields = { issuer: '市第一人民医院', issuedOn: '2026-11-24' };
    const outcome = await recordCertificate(client, wang, fields, null, today);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.field).toBe('issuedOn');
    expect(say(outcome.note)).toBe('证明日期不能晚于今天（2026-11-23），请核对证明上的日期');
    expect(calls).toEqual([]);
    // Nor a date no calendar has.
    const bad = await recordCertificate(
      client,
      wang,
      { ...fields, issuedOn: '2026-02-30' },
      null,
      today,
    );
    expect(!bad.ok && say(bad.note)).toBe('证明日期不是有效的日期');
    expect(calls).toEqual([]);
  });

  it('refuses a date before the absence it ends began, and sends nothing', async () => {
    const { client, calls } = fakeClient();
    const fields = { issuer: '医院', issuedOn: '2026-11-11' };
    const early = await recordCertificate(client, wang, fields, null, today, '2026-11-12');
    expect(!early.ok && say(early.note)).toBe(
      '证明日期早于此人开始缺勤的日期（2026-11-12），不能凭它复课，请核对证明',
    );
    expect(calls).toEqual([]);
    const sameDay = { ...fields, issuedOn: '2026-11-12' };
    expect((await recordCertificate(client, wang, sameDay, null, today, '2026-11-12')).ok).toBe(
      true,
    );
  });

  it('refuses a scan over 2 MB with its size in words, before reading or sending it', async () => {
    const { client, calls } = fakeClient();
    const big = new File([new Uint8Array(2 * 1024 * 1024 + 1)], '证明.jpg', { type: 'image/jpeg' });
    const outcome = await recordCertificate(
      client,
      wang,
      { issuer: '市第一人民医院', issuedOn: today },
      big,
      today,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.field).toBe('scan');
    expect(say(outcome.note)).toBe(
      '“证明.jpg”有 2.1 MB，超过了 2 MB 的上限，没有上传。请拍得小一些或压缩后再选',
    );
    expect(calls).toEqual([]);
    // Exactly 2 MB is allowed.
    const limit = new File([new Uint8Array(2 * 1024 * 1024)], 'ok.jpg', { type: 'image/jpeg' });
    expect(
      (await recordCertificate(client, wang, { issuer: 'x', issuedOn: today }, limit, today)).ok,
    ).toBe(true);
  });

  it('refuses a file that is no photo or PDF, and needs an issuer', async () => {
    const { client, calls } = fakeClient();
    const gif = new File([new Uint8Array(10)], 'scan.gif', { type: 'image/gif' });
    const outcome = await recordCertificate(
      client,
      wang,
      { issuer: '医院', issuedOn: today },
      gif,
      today,
    );
    expect(!outcome.ok && say(outcome.note)).toBe(
      '“scan.gif”不是 JPG、PNG 照片或 PDF 文件，请换一个文件',
    );
    const noIssuer = await recordCertificate(
      client,
      wang,
      { issuer: '  ', issuedOn: today },
      null,
      today,
    );
    expect(!noIssuer.ok && say(noIssuer.note)).toBe('请填写开具证明的医院或诊所');
    expect(calls).toEqual([]);
  });

  it('sends the person, the issuer as written, the date and the file’s bytes as base64', async () => {
    const { client, calls } = fakeClient();
    // Every PNG starts with these eight bytes, which are "iVBORw0KGgo=" in base64.
    const png = new File(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      'p.png',
      {
        type: 'image/png',
      },
    );
    const outcome = await recordCertificate(
      client,
      wang,
      { issuer: ' 市第一人民医院 ', issuedOn: '2026-11-22' },
      png,
      today,
    );
    expect(outcome).toEqual({ ok: true, certificate });
    expect(calls).toEqual([
      {
        name: 'recordReturnCertificate',
        input: {
          personId: 2,
          issuer: '市第一人民医院',
          issuedOn: '2026-11-22',
          scan: { type: 'image/png', base64: 'iVBORw0KGgo=' },
        },
      },
    ]);
  });

  it('sends a large scan whole, and a PDF whose system gave no type by its name', async () => {
    const { client, calls } = fakeClient();
    const bytes = new Uint8Array(300_001).map((_, index) => (index * 7919) % 256);
    const pdf = new File([bytes], 'Scan.PDF', { type: '' });
    await recordCertificate(client, li, { issuer: '诊所', issuedOn: today }, pdf, today);
    expect(calls[0]?.input).toMatchObject({
      personId: 1,
      scan: { type: 'application/pdf', base64: Buffer.from(bytes).toString('base64') },
    });
  });
});

describe('after the kiosk answers', () => {
  it('says the person may pass at every gate, and they leave the list', async () => {
    const { client } = fakeClient();
    const outcome = await recordCertificate(
      client,
      wang,
      { issuer: '医院', issuedOn: today },
      null,
      today,
    );
    expect(outcome.ok).toBe(true);
    let after = state(
      { type: 'choose', personId: 2 },
      { type: 'recorded', personId: 2, name: '王芳' },
    );
    const shown = page(people, after);
    expect(shown.text).toContain('已登记。王芳 现在可在各校门通行。');
    expect(shown.rows.map((row) => row.id)).toEqual([3, 1, 4]);
    expect(shown.markup).not.toContain('data-testid="certificate-form"');
    // A read that was already on its way (still listing her) does not bring her back...
    after = certificatesReducer(after, { type: 'loaded', held: [1, 2, 3, 4] });
    expect(page(people, after).rows.map((row) => row.id)).toEqual([3, 1, 4]);
    // ...and once the register no longer lists her, it alone says who is held.
    after = certificatesReducer(after, { type: 'loaded', held: [1, 3, 4] });
    expect(after.cleared).toEqual([]);
  });

  it('lists every certificate recorded today, also one that cleared an isolation with no absence', () => {
    const isolation: RecordedCertificate = {
      id: 9,
      issuer: '区疾控中心',
      issuedOn: '2026-11-23',
      recordedAt: '2026-11-23T01:30:00.000Z',
      recordedBy: '周医生',
      hasScan: false,
      cleared: 'isolating',
      person: { id: 3, name: '张伟', className: '五年级1班' },
      absenceId: null,
    };
    const erased: RecordedCertificate = {
      ...recorded,
      id: 5,
      issuer: null,
      hasScan: false,
      person: null,
    };
    const { markup } = page(people.slice(3), initialCertificatesState, [
      isolation,
      recorded,
      erased,
    ]);
    const section = /data-testid="certificates-recorded".*<\/section>/.exec(markup)?.[0] ?? '';
    expect(text(section)).toContain('今日已登记的复课证明（3）');
    const rows = [...section.matchAll(/<li[^>]*data-certificate-id="(\d+)"[^>]*>(.*?)<\/li>/g)].map(
      (match) => ({ id: Number(match[1]), text: text(match[2] ?? ''), markup: match[0] }),
    );
    // Newest first, as the register gives them.
    expect(rows.map((row) => row.id)).toEqual([9, 7, 5]);
    expect(rows[0]?.text).toContain('张伟 · 五年级1班');
    expect(rows[0]?.text).toContain('区疾控中心 · 证明日期 2026-11-23');
    expect(rows[0]?.text).toContain('09:30 由 周医生 登记');
    expect(rows[0]?.markup).not.toContain('certificates-view-scan');
    expect(rows[1]?.text).toContain('王芳 · 三年级2班');
    expect(rows[1]?.text).toContain('市第一人民医院 · 证明日期 2026-11-22');
    expect(rows[1]?.text).toContain('08:10 由 周医生 登记');
    expect(rows[1]?.markup).toContain('data-testid="certificates-view-scan"');
    expect(rows[2]?.text).toContain('（已按保留期限删除）');
  });

  const refused = (code: ErrorCode) => async () => {
    const { client } = fakeClient(new ApiError(code, 'person 2 is not held'));
    const outcome = await recordCertificate(
      client,
      wang,
      { issuer: '医院', issuedOn: today },
      null,
      today,
    );
    if (outcome.ok) throw new Error('recorded despite a refusal');
    return say(outcome.note);
  };

  it('says a refusal in words, never the kiosk’s English detail', async () => {
    expect(await refused('bad-input')()).toContain('没有登记：此人可能已不再被拦');
    expect(await refused('forbidden')()).toBe('只有校医或管理员可以登记复课证明');
    expect(await refused('at-hub')()).toBe('复课证明在学校中心登记，校门的电脑不能登记');
    expect(await refused('unavailable')()).toBe('无法连接检查服务，请稍候或联系管理员');
  });

  describe('in English', () => {
    beforeEach(async () => {
      await i18next.changeLanguage('en');
    });
    afterAll(async () => {
      await i18next.changeLanguage('zh-CN');
    });

    it('says the same', async () => {
      const shown = page(people, state({ type: 'recorded', personId: 2, name: 'Wang Fang' }));
      expect(shown.text).toContain('Recorded. Wang Fang may now pass at every gate.');
      expect(shown.rows[0]?.text).toContain('Held at 南门 today at 07:55');
      expect(shown.rows[0]?.text).toContain('Isolating at home');
      expect(await refused('bad-input')()).toContain(
        'Not recorded: this person may no longer be held',
      );
      const form = page(people, state({ type: 'choose', personId: 1 }));
      expect(form.text).toContain('Record certificate — let them in at every gate');
    });
  });
});
