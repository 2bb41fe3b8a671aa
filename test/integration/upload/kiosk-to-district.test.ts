// The kiosk uploading to the reference district receiver over real HTTP and HTTPS, both in
// this process: checks made at the gate arrive exactly once whatever the district does —
// answers 500, hangs, resets the connection, stores but loses the answer, is slow, calls a
// batch malformed, answers 200 without a receipt, sits at a wrong address, has its clock off,
// refuses the credentials, shows a certificate the kiosk does not trust — and every stopped
// state says why in words and ends by itself once the district is fixed. The daily report goes
// out and is acknowledged (without its added count by a district that refuses it).
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { testAdmin } from '../../fixtures/callers';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { startDistrictReceiver, type DistrictReceiver, type Fault } from '../../district/receiver';
import { waitFor } from '../../rigs/wait-for';

const secret = 'a-long-test-secret-1234';
let dir: string;
let kiosk: Kiosk | null;
let district: DistrictReceiver;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-upload-'));
  await mkdir(path.join(dir, 'district'));
  district = await startDistrictReceiver({ dataDir: path.join(dir, 'district'), secret });
  kiosk = null;
});

afterEach(async () => {
  await kiosk?.close();
  await district.close();
  await rm(dir, { recursive: true, force: true });
});

/** A running clock set to `iso` now: the kiosk's timers need time to pass. */
function clockFrom(iso: string): () => Date {
  const offset = Date.now() - Date.parse(iso);
  return () => new Date(Date.now() - offset);
}

/** 8:00 in Beijing: the morning rush, long before the daily report is due. */
const morning = clockFrom('2026-11-23T00:00:00.000Z');

async function start(district: object, now: () => Date = morning): Promise<void> {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' }, district }));
  kiosk = await createKiosk({ dataDir: dir, configFile, now });
}

/** Each check sent as soon as it is written, and a stop looked at again after a second. */
const configured = () => ({
  url: district.url,
  schoolId: 'school-1',
  secret,
  timeoutSeconds: 1,
  batchMaxWaitSeconds: 0,
  stoppedRetrySeconds: 1,
});

async function call(name: string, input: unknown = {}): Promise<unknown> {
  if (!kiosk) throw new Error('no kiosk');
  const result = await dispatch(kiosk.handlers, name, input, testAdmin);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const upload = async () => ((await call('status')) as { upload: UploadStatus }).upload;

/** `count` people through the gate: cards S2026001…, each passing at 36.5 °C. */
async function checks(count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await call('scan', { text: `S202600${index}`, source: 'wedge' });
    await call('simulateReading', { celsius: 36.5 });
  }
}

async function delivered(records: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    () => district.stats().records,
    (seen) => seen === records,
    { timeoutMs, what: `${records} records at the district` },
  );
  await waitFor(upload, (status) => status.pending === 0, { timeoutMs, what: 'nothing pending' });
}

function fail(fault: Fault): void {
  district.setFault(fault);
}

describe('upload to the district', () => {
  it('delivers every check, and says when it last succeeded', async () => {
    await start(configured());
    await checks(3);
    await delivered(3);
    const status = await upload();
    expect(status).toMatchObject({ state: 'idle', pending: 0, lastError: null });
    expect(status.lastSuccessAt).not.toBeNull();
    expect(district.stats().duplicates).toBe(0);
  });

  it.each<[string, Fault]>([
    ['answers 500', { kind: 'status', status: 500, count: 1 }],
    [
      'answers 503 with Retry-After',
      { kind: 'status', status: 503, retryAfterSeconds: 1, count: 1 },
    ],
    ['never answers (the kiosk times out)', { kind: 'hang', count: 1 }],
    ['resets the connection', { kind: 'reset', count: 1 }],
    ['is slow', { kind: 'slow', delayMs: 300, count: 2 }],
  ])('retries by itself when the district %s, and loses nothing', async (_name, fault) => {
    fail(fault);
    const errors: (string | null)[] = [];
    await start(configured());
    kiosk?.events.on('upload', (status) => errors.push(status.lastError));
    await checks(2);
    await delivered(2);
    if (fault.kind !== 'slow') expect(errors.some((error) => error !== null)).toBe(true);
  });

  it('sends again when the district stored the batch but the answer was lost: no record twice', async () => {
    fail({ kind: 'drop-response', count: 1 });
    await start(configured());
    await checks(2);
    await delivered(2);
    expect(district.stats().duplicates).toBeGreaterThan(0);
    expect(district.stats().records).toBe(2);
  });

  it('sets a malformed batch aside with the reason, and sends it again by hand', async () => {
    fail({ kind: 'status', status: 400 });
    await start(configured());
    await checks(1);
    await waitFor(upload, (status) => status.quarantined === 1, { what: 'the batch set aside' });
    const batches = (await call('quarantinedBatches')) as { id: string; reason: string }[];
    expect(batches).toHaveLength(1);
    expect(batches[0]?.reason).not.toBe('');
    expect(district.stats().records).toBe(0);
    fail({ kind: 'slow', delayMs: 0, count: 1 });
    expect(await call('retryBatch', { batchId: batches[0]?.id })).toEqual({ retried: true });
    await delivered(1);
    expect(await call('quarantinedBatches')).toEqual([]);
  });

  it('stops and says the credentials are wrong when the district refuses them', async () => {
    await start({ ...configured(), secret: 'not-the-district-secret' });
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    const status = await upload();
    expect(status.lastError).toMatch(/credentials/);
    expect(status.pending).toBe(1);
    expect(district.stats().records).toBe(0);
  });

  it('sends the daily report at 16:30 and shows it acknowledged', async () => {
    const reportTime = clockFrom('2026-11-23T08:30:05.000Z');
    await start(configured(), reportTime);
    await waitFor(
      () => district.reports().length,
      (count) => count === 1,
      { what: 'the daily report', timeoutMs: 15_000 },
    );
    expect(district.reports()[0]).toMatchObject({
      report: { date: '2026-11-23', zero: true, counts: { entries: 0, unresolvedRetests: 0 } },
    });
    await waitFor(upload, (status) => status.report?.state === 'acknowledged', {
      what: 'the acknowledgement',
    });
  });

  it('sends the report again without unresolvedRetests when the district calls it malformed', async () => {
    // A district written before the count existed refuses it, as protocol 1 let it.
    fail({ kind: 'status', status: 400, count: 1 });
    await start(configured(), clockFrom('2026-11-23T08:30:05.000Z'));
    await waitFor(upload, (status) => status.report?.state === 'acknowledged', {
      what: 'the acknowledgement',
      timeoutMs: 15_000,
    });
    const counts = district.reports()[0]?.report.counts;
    expect(counts).toEqual({ entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 });
  });

  it.each<[string, Fault, RegExp]>([
    [
      'a captive portal page',
      { kind: 'answer', status: 200, body: '<html><title>校园网认证</title></html>' },
      /200 without a receipt \(not a JSON object\): "<html><title>校园网认证/,
    ],
    [
      '{"ok":true}',
      { kind: 'answer', status: 200, body: '{"ok":true}' },
      /no "accepted" and "duplicates" counts/,
    ],
    [
      'counts that do not add up, after storing them',
      { kind: 'answer', status: 200, body: '{"accepted":0,"duplicates":0}', afterStoring: true },
      /0 accepted \+ 0 duplicates for a batch of 1/,
    ],
  ])(
    'marks nothing sent on a 200 without a receipt (%s), and sends it again',
    async (_n, fault, words) => {
      fail(fault);
      await start(configured());
      await checks(2);
      await waitFor(upload, (status) => status.lastErrorCode === 'no-receipt', {
        what: 'the missing receipt shown',
      });
      const status = await upload();
      expect(status.state).toBe('retrying');
      expect(status.pending).toBe(2);
      expect(status.lastError).toMatch(words);
      district.setFault(null);
      await delivered(2);
      // Stored once, whatever was resent.
      expect(district.records()).toHaveLength(2);
    },
  );

  it.each<[string, Fault, string]>([
    ['answers 404 (a wrong path)', { kind: 'answer', status: 404, body: 'Not Found' }, 'address'],
    ['answers 410', { kind: 'answer', status: 410, body: '' }, 'address'],
    [
      'redirects to a login page',
      { kind: 'answer', status: 302, body: '', headers: { location: 'https://portal.example/' } },
      'address',
    ],
    ['answers 418', { kind: 'answer', status: 418, body: "I'm a teapot" }, 'protocol'],
    ['refuses the credentials', { kind: 'status', status: 401 }, 'credentials'],
    ['refuses this gate', { kind: 'status', status: 403 }, 'forbidden'],
  ])(
    'stops when the district %s, says why, and goes on by itself once fixed',
    async (_n, fault, code) => {
      fail(fault);
      await start(configured());
      await checks(1);
      await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
      const stopped = await upload();
      expect(stopped).toMatchObject({ lastErrorCode: code, pending: 1 });
      expect(stopped.nextAttemptAt).not.toBeNull();
      expect(district.stats().records).toBe(0);
      district.setFault(null);
      // Nobody presses anything: the stopped uploader looks again by itself.
      await delivered(1);
      expect(await upload()).toMatchObject({ state: 'idle', lastErrorCode: null });
    },
  );

  it('says which clock is off and by how much, and goes on once the district fixes its clock', async () => {
    // The district's clock is 7 min 12 s slow: its Date header says so.
    fail({ kind: 'clock', offsetMs: -432_000 });
    await start(configured());
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    const stopped = await upload();
    expect(stopped.lastErrorCode).toBe('clock');
    // The Date header has whole seconds; the request took some milliseconds.
    expect(Math.abs((stopped.clockSkewSeconds ?? 0) - 432)).toBeLessThanOrEqual(2);
    expect(stopped.lastError).toMatch(
      /this kiosk's clock is 7 min 1[123] s ahead of the district's/,
    );
    district.setFault(null);
    await delivered(1);
  });

  it('cannot tell which clock is off when the district says no time', async () => {
    fail({ kind: 'clock', offsetMs: 3_600_000, dateHeader: false });
    await start(configured());
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    expect(await upload()).toMatchObject({ lastErrorCode: 'clock', clockSkewSeconds: null });
  });

  it('sends nothing over plain http to another machine', async () => {
    await start({ ...configured(), url: 'http://192.0.2.1/gate' });
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    const status = await upload();
    expect(status).toMatchObject({ lastErrorCode: 'insecure', pending: 1 });
    expect(status.lastError).toMatch(/192\.0\.2\.1/);
  });

  it('fills a batch for up to the wait, and "upload now" sends it at once', async () => {
    await start({ ...configured(), batchMaxWaitSeconds: 300 });
    await checks(4);
    await waitFor(upload, (status) => status.pending === 4 && status.nextAttemptAt !== null, {
      what: 'four checks waiting for company',
    });
    expect(district.stats().records).toBe(0);
    await call('uploadNow');
    await delivered(4);
    expect(district.stats().batches).toBe(1);
  });
});

describe('upload over HTTPS', () => {
  const tls = (name: string) => readFileSync(path.join('test/fixtures/tls', name), 'utf8');
  /** Pins computed by openssl (test/fixtures/tls/README.md). */
  const serverPin = 'WbfiRijAH1/wJH3GIOmeQVR6LmmzaJ+h8H8v+A1mPrI=';
  const otherPin = 'si853JCiZafvgnN5I7f8hITZvdEBonCKAya9BjT7p/Y=';
  let secure: DistrictReceiver;

  beforeEach(async () => {
    await mkdir(path.join(dir, 'secure'));
    secure = await startDistrictReceiver({
      dataDir: path.join(dir, 'secure'),
      secret,
      tls: { cert: tls('server.pem'), key: tls('server.key') },
    });
    await writeFile(path.join(dir, 'district-ca.pem'), tls('ca.pem'));
  });

  afterEach(async () => {
    await kiosk?.close();
    kiosk = null;
    await secure.close();
  });

  const over = (extra: object) => ({ ...configured(), url: secure.url, ...extra });

  async function restartWith(extra: object): Promise<void> {
    await kiosk?.close();
    await start(over(extra));
  }

  it('stops on a private CA it was not told of, and delivers once given the CA file', async () => {
    await start(over({}));
    await checks(2);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    const refused = await upload();
    expect(refused).toMatchObject({ lastErrorCode: 'certificate', pending: 2 });
    expect(refused.lastError).toMatch(/caFile/);
    expect(secure.stats().records).toBe(0);
    // Relative to the config file's folder.
    await restartWith({ caFile: 'district-ca.pem' });
    await waitFor(
      () => secure.stats().records,
      (n) => n === 2,
      { what: 'delivered over HTTPS' },
    );
    await waitFor(upload, (status) => status.pending === 0, { what: 'nothing pending' });
  });

  it('delivers with the right pinned key, and stops on a wrong one', async () => {
    await start(over({ caFile: 'district-ca.pem', publicKeyPins: [otherPin] }));
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    expect(await upload()).toMatchObject({ lastErrorCode: 'certificate', pending: 1 });
    expect(secure.stats().records).toBe(0);
    await restartWith({ caFile: 'district-ca.pem', publicKeyPins: [otherPin, serverPin] });
    await waitFor(
      () => secure.stats().records,
      (n) => n === 1,
      { what: 'delivered over HTTPS' },
    );
  });

  it('stops with the reason when the CA file cannot be read', async () => {
    await start(over({ caFile: 'no-such-ca.pem' }));
    await checks(1);
    await waitFor(upload, (status) => status.state === 'stopped', { what: 'the stop' });
    const status = await upload();
    expect(status.lastErrorCode).toBe('certificate');
    expect(status.lastError).toMatch(/Cannot read district\.caFile .*no-such-ca\.pem: ENOENT/);
  });
});
