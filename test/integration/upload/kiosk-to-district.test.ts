// The kiosk uploading to the reference district receiver over real HTTP, both in this process:
// checks made at the gate arrive exactly once whatever the district does — answers 500, hangs,
// resets the connection, stores but loses the answer, is slow, calls a batch malformed, refuses
// the credentials — and the daily report goes out and is acknowledged (without its added count
// by a district that refuses it).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../../electron/contract/api';
import { dispatch } from '../../../electron/contract/dispatch';
import { testAdmin } from '../../fixtures/callers';
import { createKiosk, type Kiosk } from '../../../electron/kiosk';
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

const configured = () => ({ url: district.url, schoolId: 'school-1', secret, timeoutSeconds: 1 });

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
});
