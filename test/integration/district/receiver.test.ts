// The reference district receiver against docs/district-protocol.md: requests are signed here
// by a helper written from the document (not the receiver's own code), so a receiver that drifts
// from the document fails. The document's example signature; the cases every receiver must pass
// (storage and idempotency of batches, every refusal, the limits: protocol-cases.ts, run against
// the district service too); and what only the reference receiver has: its control routes, each
// fault a test can set, and the CLI process. Daily reports and GET /missing are in
// receiver-reports.test.ts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../district/cli';
import { verifySignature } from '../../../district/protocol/signature';
import { batch, records, sign } from '../../district/spec-client';
import { batchCases, refusalCases } from './protocol-cases';
import { answer, ok, receiverRig, refused, secret } from './receiver-rig';

const rig = receiverRig();
const { upload, stats } = rig;

beforeEach(() => rig.start());
afterEach(() => rig.stop());

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

batchCases(rig);
refusalCases(rig);

describe('control routes', () => {
  it('answers GET on its test endpoints and 405 to other methods', async () => {
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
