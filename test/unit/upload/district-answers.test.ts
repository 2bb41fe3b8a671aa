// What each answer of a district means for the records (docs/district-protocol.md, Responses):
// a 200 is a receipt only when its JSON counts the batch's records or acknowledges the report —
// a captive portal's page, `{"ok":true}` or counts that do not add up leave the records waiting;
// answers that say the configuration is wrong stop the upload in words; a refused clock names
// which clock is off and by how much when the district says its own time.
import { describe, expect, it } from 'vitest';
import { readAnswer, type DistrictRoute } from '../../../backend/upload/district-client';
import type { TransportResult } from '../../../backend/upload/district-transport';

const batchOf3 = { records: [{}, {}, {}] };
const report = { reportId: 'x:2026-11-23' };
const kioskNow = Date.parse('2026-11-23T08:00:00.000Z');

function answer(
  status: number,
  text: string | null,
  headers: Partial<
    Pick<Extract<TransportResult, { kind: 'answer' }>, 'date' | 'retryAfter' | 'location'>
  > = {},
) {
  return {
    kind: 'answer' as const,
    status,
    text,
    date: headers.date ?? null,
    retryAfter: headers.retryAfter ?? null,
    location: headers.location ?? null,
  };
}

const read = (
  result: TransportResult,
  route: DistrictRoute = '/v1/batches',
  payload: unknown = batchOf3,
) => readAnswer(route, payload, result, kioskNow, 'https://edu.example.gov.cn/gate/v1/batches');

describe('a 200 is a receipt or it is nothing', () => {
  it('stores a batch whose accepted and duplicates add up to its records', () => {
    const receipt = '{"accepted":2,"duplicates":1}';
    expect(read(answer(200, receipt))).toEqual({
      kind: 'stored',
      body: { accepted: 2, duplicates: 1 },
    });
  });

  it.each([
    [
      'an HTML page',
      '<!DOCTYPE html>\n<html><head><title>校园网认证</title></head>',
      /"<!DOCTYPE html> <html><head><title>校园网认证/,
    ],
    ['{"ok":true}', '{"ok":true}', /\{\\"ok\\":true\}/],
    [
      'counts that do not add up',
      '{"accepted":0,"duplicates":0}',
      /0 accepted \+ 0 duplicates for a batch of 3/,
    ],
    ['counts as strings', '{"accepted":"3","duplicates":"0"}', /no "accepted" and "duplicates"/],
    ['a negative count', '{"accepted":4,"duplicates":-1}', /no "accepted" and "duplicates"/],
    ['an array', '[3,0]', /not a JSON object/],
    ['nothing', '', /an empty answer/],
  ])('does not take %s as a receipt: tries again, quoting what came back', (_name, text, shown) => {
    const result = read(answer(200, text));
    expect(result).toMatchObject({ kind: 'retry', code: 'no-receipt', retryAfterMs: null });
    expect(result.kind === 'retry' && result.error).toMatch(shown);
  });

  it('quotes at most the first 120 characters of a long page, on one line', () => {
    const page = `<html>${'\n<p>登录</p>'.repeat(200)}`;
    const result = read(answer(200, page));
    const error = result.kind === 'retry' ? result.error : '';
    expect(error).not.toContain('\n');
    expect(error.length).toBeLessThan(260);
    expect(error).toMatch(/…"$/);
  });

  it('takes a report as stored only when acknowledged is true', () => {
    const route = '/v1/daily-reports';
    const ok = '{"acknowledged":true,"receivedAt":"2026-11-23T08:30:00.000Z"}';
    expect(read(answer(200, ok), route, report)).toMatchObject({ kind: 'stored' });
    for (const text of ['{"acknowledged":"true"}', '{"accepted":1,"duplicates":0}', '{}']) {
      expect(read(answer(200, text), route, report)).toMatchObject({ code: 'no-receipt' });
    }
  });

  it.each([201, 202, 204])('takes %i, even with receipt-like JSON, as no receipt', (status) => {
    expect(read(answer(status, '{"accepted":3,"duplicates":0}'))).toMatchObject({
      kind: 'retry',
      code: 'no-receipt',
    });
  });

  it('reads an answer too long to read as server trouble, never as stored', () => {
    expect(read(answer(200, null))).toMatchObject({ kind: 'retry', code: 'server' });
  });
});

describe('answers that mean the configuration is wrong stop the upload', () => {
  it.each([404, 405, 410])('%i: the district address is wrong', (status) => {
    const result = read(answer(status, '{"error":"not-found"}'));
    expect(result).toMatchObject({ kind: 'refused', code: 'address' });
    expect(result.kind === 'refused' && result.error).toContain(
      `answered ${status} at https://edu.example.gov.cn/gate/v1/batches`,
    );
  });

  it.each([301, 302, 307, 308])('%i: a redirect is not followed; it names where to', (status) => {
    const result = read(answer(status, '', { location: 'https://portal.example.net/login' }));
    expect(result).toMatchObject({ kind: 'refused', code: 'address' });
    expect(result.kind === 'refused' && result.error).toContain('portal.example.net/login');
  });

  it.each([402, 406, 409, 418, 422, 451])(
    '%i, not in the protocol: stops and says so',
    (status) => {
      expect(read(answer(status, 'nope'))).toMatchObject({ kind: 'refused', code: 'protocol' });
    },
  );

  it('keeps the table: 400 and 413 set the batch aside, 401 and 403 stop', () => {
    expect(read(answer(400, '{"error":"malformed","reason":"records[0]: bad"}'))).toEqual({
      kind: 'malformed',
      reason: 'records[0]: bad',
    });
    expect(read(answer(413, '{"error":"too-large"}'))).toMatchObject({ kind: 'malformed' });
    expect(read(answer(401, '{"error":"bad-signature"}'))).toMatchObject({ code: 'credentials' });
    expect(read(answer(403, '{"error":"forbidden"}'))).toMatchObject({ code: 'forbidden' });
  });

  it('tries again after 408, 429 and 5xx, honouring Retry-After in seconds or as a date', () => {
    expect(read(answer(408, ''))).toMatchObject({ kind: 'retry', code: 'timeout' });
    expect(read(answer(503, '', { retryAfter: '120' }))).toMatchObject({
      kind: 'retry',
      code: 'server',
      retryAfterMs: 120_000,
    });
    const date = 'Mon, 23 Nov 2026 08:00:00 GMT';
    expect(
      read(answer(429, '', { date, retryAfter: 'Mon, 23 Nov 2026 08:01:30 GMT' })),
    ).toMatchObject({ kind: 'retry', code: 'busy', retryAfterMs: 90_000 });
    expect(read(answer(429, '', { retryAfter: 'soon' }))).toMatchObject({ retryAfterMs: null });
  });

  it('stops on an untrusted certificate or a plain-http address; retries a lost line', () => {
    const failed = (code: 'certificate' | 'insecure' | 'unreachable' | 'timeout') => ({
      kind: 'failed' as const,
      code,
      error: `words for ${code}`,
    });
    expect(read(failed('certificate'))).toEqual({
      kind: 'refused',
      code: 'certificate',
      error: 'words for certificate',
    });
    expect(read(failed('insecure'))).toMatchObject({ kind: 'refused', code: 'insecure' });
    expect(read(failed('unreachable'))).toMatchObject({ kind: 'retry', code: 'unreachable' });
    expect(read(failed('timeout'))).toMatchObject({ kind: 'retry', code: 'timeout' });
  });
});

describe('a refused clock', () => {
  const stale = '{"error":"stale-timestamp"}';

  it('names this kiosk as ahead, by how much, from the district Date header', () => {
    // The district says 07:52:48; this kiosk says 08:00:00: 7 min 12 s ahead.
    const result = read(answer(401, stale, { date: 'Mon, 23 Nov 2026 07:52:48 GMT' }));
    expect(result).toMatchObject({ kind: 'refused', code: 'clock', clockSkewMs: 432_000 });
    expect(result.kind === 'refused' && result.error).toContain(
      "this kiosk's clock is 7 min 12 s ahead of the district's",
    );
  });

  it('names this kiosk as behind when the district is later', () => {
    const result = read(answer(401, stale, { date: 'Mon, 23 Nov 2026 10:00:00 GMT' }));
    expect(result).toMatchObject({ code: 'clock', clockSkewMs: -7_200_000 });
    expect(result.kind === 'refused' && result.error).toContain('120 min 0 s behind');
  });

  it("blames the district's checking clock when its own Date agrees with this kiosk", () => {
    const result = read(answer(401, stale, { date: 'Mon, 23 Nov 2026 07:59:58 GMT' }));
    expect(result).toMatchObject({ code: 'clock', clockSkewMs: 2000 });
    expect(result.kind === 'refused' && result.error).toContain("district's own checking clock");
  });

  it('says it cannot tell when the Date header is missing or garbled', () => {
    for (const date of [undefined, 'yesterday']) {
      const result = read(answer(401, stale, date === undefined ? {} : { date }));
      expect(result).toMatchObject({ code: 'clock', clockSkewMs: null });
    }
  });
});
