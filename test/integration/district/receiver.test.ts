// The reference district receiver against docs/district-protocol.md: requests are signed here
// by a helper written from the document (not the receiver's own code), so a receiver that drifts
// from the document fails. Covers the signature, storage and idempotency of batches, every
// refusal the document names, the limits (a gzip bomb included), each fault a test can set, and
// the CLI process. Daily reports and GET /missing are in receiver-reports.test.ts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../district/cli';
import { startDistrictReceiver } from '../../district/receiver';
import { verifySignature } from '../../../district/protocol/signature';
import {
  batch,
  example,
  record,
  records,
  report,
  sign,
  type Json,
} from '../../district/spec-client';
import { answer, clock, malformed, ok, receiverRig, refused, secret } from './receiver-rig';

const rig = receiverRig();
const { post, upload, stats } = rig;
const { installationId } = example;

beforeEach(() => rig.start());
afterEach(() => rig.stop());

const one = (changes: Json) => batch([record(1, changes)]);

describe('signature', () => {
  it("accepts the document's example and nothing near it", () => {
    const signed = { method: 'POST', path: '/v1/batches', timestamp: '1795392000000' };
    const request = { ...signed, body: Buffer.from('abc') };
    const header = 'v1=450109859a82326b9e5060b8dbb7f8b75679cee6c340f0c2be22a5a9bcc5c2bc';
    expect(sign('s3cret', request.path, request.timestamp, request.body)).toBe(header);
    expect(verifySignature('s3cret', request, header)).toBe(true);
    for (const near of [
      header.replace('450', '451'),
      `v1=${header.slice(3).toUpperCase()}`,
      header.slice(3),
      undefined,
    ]) {
      expect(verifySignature('s3cret', request, near)).toBe(false);
    }
    expect(verifySignature('s3cre', request, header)).toBe(false);
  });
});

describe('batches', () => {
  it('stores a valid batch, unknown reason codes as they are, and commits before 200', async () => {
    const sent = [record(1201), record(1202, { reasons: ['code-from-a-newer-kiosk'] })];
    expect(await answer(upload(batch(sent)))).toEqual(ok(2, 0));
    expect(await stats()).toEqual({ records: 2, batches: 1, duplicates: 0, reports: 0 });
    expect(await (await fetch(`${rig.receiver.url}/records`)).json()).toEqual(sent);
    // Committed: a new receiver on the same folder has them.
    await rig.receiver.close();
    rig.receiver = await startDistrictReceiver({ dataDir: rig.dir, secret, now: () => rig.now });
    expect(rig.receiver.stats()).toEqual({ records: 2, batches: 1, duplicates: 0, reports: 0 });
  });

  it("stores a visitor's exit the guard recorded (no card text) and a hub's record of its gate", async () => {
    const exit = record(7, { direction: 'out', cardText: '' });
    const atGate = record(8, { gateId: 'north' });
    expect(await answer(upload(batch([exit, atGate])))).toEqual(ok(2, 0));
    expect(await (await fetch(`${rig.receiver.url}/records`)).json()).toEqual([exit, atGate]);
    expect(await answer(upload(one({ gateId: '' })))).toMatchObject({ status: 400 });
  });

  it('stores each record id once; a repeat is answered as the first, duplicates counted', async () => {
    const first = batch(records(1, 2, 3));
    expect(await answer(upload(first))).toEqual(ok(3, 0));
    expect(await answer(upload(first))).toEqual(ok(3, 0));
    // The same records under a new batch id (after a power cut), then an overlapping batch.
    expect(await answer(upload(batch(records(1, 2, 3))))).toEqual(ok(0, 3));
    expect(await answer(upload(batch(records(3, 5))))).toEqual(ok(1, 1));
    expect(await stats()).toEqual({ records: 4, batches: 3, duplicates: 7, reports: 0 });
  });

  it('refuses a batch id sent again with other records', async () => {
    const first = batch(records(1, 2));
    await upload(first);
    const changed = { ...first, records: records(1), sequence: { first: 1, last: 1 } };
    expect(await answer(upload(changed))).toEqual(malformed(/batchId/));
  });

  it('checks the full path on the request line under a base path', async () => {
    const prefixed = await startDistrictReceiver({
      dataDir: path.join(rig.dir, 'prefixed'),
      secret,
      now: () => rig.now,
      basePath: '/gate',
    });
    try {
      expect(prefixed.url).toMatch(/\/gate$/);
      expect(await answer(upload(batch(records(1)), { base: prefixed.url }))).toEqual(ok(1, 0));
      const unprefixed = { base: prefixed.url, signedPath: '/v1/batches' };
      const wrongPath = answer(upload(batch(records(2)), unprefixed));
      expect(await wrongPath).toEqual(refused(401, 'bad-signature'));
    } finally {
      await prefixed.close();
    }
  });
});

describe('refusals', () => {
  const badSignature = refused(401, 'bad-signature');
  const stale = refused(401, 'stale-timestamp');

  it('answers 401 to a wrong secret, a tampered body, a missing or malformed signature', async () => {
    expect(await answer(upload(batch(records(1)), { secret: 'wrong' }))).toEqual(badSignature);
    const tamper = (body: Buffer) => Buffer.concat([body, Buffer.from([0])]);
    expect(await answer(upload(batch(records(1)), { tamper }))).toEqual(badSignature);
    const unsigned = { headers: { 'x-signature': null } };
    expect(await answer(upload(batch(records(1)), unsigned))).toEqual(badSignature);
    const short = { headers: { 'x-signature': `v1=${'0'.repeat(40)}` } };
    expect(await answer(post('/v1/daily-reports', report(), short))).toEqual(badSignature);
    // Checked before decompressing: a body that is not gzip is still "bad-signature".
    const raw = Buffer.from('abc');
    expect(await answer(upload(null, { raw, secret: 'wrong' }))).toEqual(badSignature);
    expect(rig.receiver.stats().records).toBe(0);
  });

  it('allows 300 s of clock difference either way and no more', async () => {
    for (const offset of [-300_000, 300_000]) {
      expect((await upload(batch(records(1)), { timestamp: clock + offset })).status).toBe(200);
    }
    // The last: seconds instead of milliseconds, signed correctly but 56 years off.
    for (const timestamp of [clock - 300_001, clock + 301_000, clock - 3_600_000, clock / 1000]) {
      expect(await answer(upload(batch(records(2)), { timestamp }))).toEqual(stale);
    }
  });

  const manual = { celsius: 37.9, method: 'manual', source: null, measuredBy: null };
  it.each<[string, () => Json, RegExp]>([
    ['schoolId not X-School-Id', () => batch(records(1), { schoolId: '1' }), /schoolId.*X-Sch/],
    ['gateId not X-Gate-Id', () => batch(records(1), { gateId: 'north' }), /gateId.*X-Gate-Id/],
    ['an id not installationId:sequence', () => one({ id: `${installationId}:2` }), /\[0\]\.id/],
    [
      'a wrong sequence range',
      () => batch(records(1, 2), { sequence: { first: 1, last: 3 } }),
      /1–3/,
    ],
    ['records newest first', () => batch(records(2, 1)), /records\[1\]\.sequence 1 is not after 2/],
    ['an unknown decision', () => one({ decision: 'maybe' }), /records\[0\]\.decision/],
    ['protocol 2', () => batch(records(1), { protocol: 2 }), /protocol/],
    ['an unnamed field', () => batch(records(1), { note: 'x' }), /Unrecognized key.*note/],
    ['no records', () => batch([], { sequence: { first: 1, last: 1 } }), /records/],
    ['a bad installation id', () => batch(records(1), { installationId: 'k1' }), /installationId/],
    ['a time not in ISO 8601', () => one({ at: '23/11/2026 08:05' }), /records\[0\]\.at/],
    ['a manual reading naming no guard', () => one({ temperature: manual }), /measuredBy/],
  ])('answers 400 malformed to %s', async (_name, payload, reason) => {
    expect(await answer(upload(payload()))).toEqual(malformed(reason));
    expect(rig.receiver.stats().records).toBe(0);
  });

  it('answers 400 malformed to a body not gzip or not JSON, and to missing headers', async () => {
    const raw = Buffer.from('abc');
    expect(await answer(upload(null, { raw }))).toEqual(malformed(/not gzip/));
    const notJson = gzipSync('{"protocol": 1,');
    expect(await answer(upload(null, { raw: notJson }))).toEqual(malformed(/not JSON/));
    const plain = { headers: { 'content-encoding': null } };
    expect(await answer(upload(batch(records(1)), plain))).toEqual(malformed(/Content-Encoding/));
    const noSchool = { headers: { 'x-school-id': null } };
    expect(await answer(upload(batch(records(1)), noSchool))).toEqual(malformed(/X-School-Id/));
  });

  it('answers 413 over 500 records, over 1 MiB of JSON, and to a gzip bomb', async () => {
    const tooLarge = refused(413, 'too-large');
    const numbered = (count: number) => Array.from({ length: count }, (_, at) => record(at + 1));
    expect(await answer(upload(batch(numbered(501))))).toEqual(tooLarge);
    const long = one({ reasons: ['x'.repeat(1024 * 1024)] });
    expect(await answer(upload(long))).toEqual(tooLarge);
    // 64 MiB of zeros in 64 KiB: inflating stops at the 1 MiB limit.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(await answer(upload(null, { raw: bomb }))).toEqual(tooLarge);
    const incompressible = randomBytes(3 * 1024 * 1024);
    expect(await answer(upload(null, { raw: incompressible }))).toEqual(tooLarge);
    expect(await answer(upload(batch(numbered(500))))).toEqual(ok(500, 0));
  });

  it('answers 404 to unknown paths and 405 to other methods', async () => {
    expect((await post('/v2/batches', batch(records(1)))).status).toBe(404);
    expect((await fetch(`${rig.receiver.url}/v1`)).status).toBe(404);
    const get = await fetch(`${rig.receiver.url}/v1/batches`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(`${rig.receiver.url}/stats`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${rig.receiver.url}/stats`)).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers an injected status without storing, with Retry-After, for count requests', async () => {
    rig.receiver.setFault({ kind: 'status', status: 500, count: 1 });
    expect(await answer(upload(batch(records(1))))).toEqual(refused(500, 'unavailable'));
    expect(rig.receiver.stats().records).toBe(0);
    const fault = { kind: 'status', status: 429, retryAfterSeconds: 7 };
    const setOver = (body: string) => fetch(`${rig.receiver.url}/faults`, { method: 'POST', body });
    expect((await setOver(JSON.stringify({ fault, count: 2 }))).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refusal = await upload(batch(records(1)));
      expect([refusal.status, refusal.headers.get('retry-after')]).toEqual([429, '7']);
    }
    expect(await answer(upload(batch(records(1))))).toEqual(ok(1, 0));
    expect((await setOver('{"fault":{"kind":"fire"}}')).status).toBe(400);
  });

  it('hangs until the client gives up, and close() ends a hanging request', async () => {
    rig.receiver.setFault({ kind: 'hang' });
    const timedOut = upload(batch(records(1)), { signal: AbortSignal.timeout(300) });
    await expect(timedOut).rejects.toThrow(/timeout|aborted/i);
    const hanging = upload(batch(records(1)));
    hanging.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await rig.receiver.close();
    await expect(hanging).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('resets the connection without storing', async () => {
    rig.receiver.setFault({ kind: 'reset', count: 1 });
    await expect(upload(batch(records(1)))).rejects.toThrow();
    expect(rig.receiver.stats().records).toBe(0);
  });

  it('drops the answer after committing: the resend is told 200, counted as duplicates', async () => {
    const lost = batch(records(1, 2, 3));
    rig.receiver.setFault({ kind: 'drop-response', count: 1 });
    await expect(upload(lost)).rejects.toThrow();
    expect(rig.receiver.stats()).toEqual({ records: 3, batches: 1, duplicates: 0, reports: 0 });
    expect(await answer(upload(lost))).toEqual(ok(3, 0));
    expect(rig.receiver.stats()).toEqual({ records: 3, batches: 1, duplicates: 3, reports: 0 });
  });

  it('answers normally after the delay, and not before', async () => {
    rig.receiver.setFault({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    expect(await answer(upload(batch(records(1))))).toEqual(ok(1, 0));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('npm run district', () => {
  it('prints its URL, answers, and exits 0 on SIGTERM without printing the secret', async () => {
    // tsx itself, not npx or npm run: those do not pass SIGTERM on to the receiver.
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const dataDir = path.join(rig.dir, 'cli');
    const args = [tsx, 'test/district/cli.ts', '--port', '0', '--data-dir', dataDir];
    const child = spawn(process.execPath, [...args, '--secret', secret]);
    let out = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /District receiver listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${errors}`)));
    });
    rig.now = Date.now();
    expect(await answer(upload(batch(records(1)), { base: url }))).toEqual(ok(1, 0));
    expect(await stats(url)).toEqual({ records: 1, batches: 1, duplicates: 0, reports: 0 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out + errors).not.toContain(secret);
  });

  it('refuses wrong arguments with the usage and exit 2, never echoing the secret', async () => {
    const errors: string[] = [];
    const output = { out: () => undefined, error: (line: string) => errors.push(line) };
    expect(await main(['--port', '80', '--data-dir', rig.dir, secret], output)).toBe(2);
    expect(await main(['--port', 'http', '--data-dir', rig.dir, '--secret', secret], output)).toBe(
      2,
    );
    expect(await main(['--data-dir', rig.dir, '--secret', secret], output)).toBe(2);
    expect(errors.join('\n')).toContain('Usage: npm run district');
    expect(errors.join('\n')).not.toContain(secret);
  });
});
