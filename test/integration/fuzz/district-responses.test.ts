// District responses tried systematically (issue 7, item 6): a tiny local server answers each
// upload with a random status, random headers (Retry-After, a gzip that is not), a random body
// (JSON, garbage, huge, now and then a real receipt), or cuts the connection or never answers.
// postToDistrict must resolve, in time, with the answer the protocol gives that status — only
// a 200 with a receipt is "stored" — never throw, hang or leak the secret into an error the
// screen shows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  maxAnswerBytes,
  postToDistrict,
  type DistrictAnswer,
} from '../../../backend/upload/district-client';
import {
  createDistrictTransport,
  type DistrictTransport,
} from '../../../backend/upload/district-transport';
import { fuzzParameters, fuzzTimeout, hostileText, withinMs } from '../../unit/fuzz/fuzz-settings';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

const secret = 'fuzz-secret-0123456789abcdef';

interface Behaviour {
  mode: 'answer' | 'cut-headers' | 'cut-body' | 'silent';
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

let server: Server;
let base = '';
const transports: DistrictTransport[] = [];

/** The kiosk's side: `timeoutSeconds` for the whole request, as the config file gives it. */
function endpointAt(url: string, timeoutSeconds: number) {
  const transport = createDistrictTransport({
    timeoutMs: timeoutSeconds * 1000,
    caPem: null,
    pins: [],
    userAgent: 'fuzz',
    maxAnswerBytes,
  });
  transports.push(transport);
  return { url, schoolId: 'school-1', gateId: 'gate-1', secret, transport };
}
let behaviour: Behaviour = { mode: 'answer', status: 200, headers: {}, body: '{}' };

function respond(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  request.on('end', () => {
    const { mode, status, headers, body } = behaviour;
    if (mode === 'silent') return; // the client's timeout must end it
    if (mode === 'cut-headers') {
      request.socket.destroy();
      return;
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    try {
      response.writeHead(status, headers);
    } catch {
      response.writeHead(status);
    }
    if (mode === 'cut-body') {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => request.socket.destroy(), 5);
      return;
    }
    response.end(bytes);
  });
}

beforeAll(async () => {
  server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const transport of transports) transport.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const headerToken = fc.stringMatching(/^[A-Za-z0-9 .:;=/+-]{0,40}$/);
const json = (value: unknown) => JSON.stringify(value);
const body = fc.oneof(
  fc.record({ reason: hostileText(400), error: hostileText(40) }, { requiredKeys: [] }).map(json),
  fc.constantFrom(
    '{"error":"stale-timestamp"}',
    '{"reason":"bad batch"}',
    '',
    'null',
    '[]',
    // Receipts for the empty batch the fuzz sends, right and wrong.
    '{"accepted":0,"duplicates":0}',
    '{"accepted":1,"duplicates":0}',
    '{"acknowledged":true}',
    '<html><body>login</body></html>',
  ),
  fc.jsonValue().map(json),
  hostileText(300),
  fc.uint8Array({ maxLength: 500 }),
  { weight: 1, arbitrary: fc.constant('x'.repeat(2 * 1024 * 1024)) },
);
const behaviourArbitrary: fc.Arbitrary<Behaviour> = fc.record({
  mode: fc.oneof(
    { weight: 12, arbitrary: fc.constant('answer' as const) },
    fc.constantFrom('cut-headers' as const, 'cut-body' as const, 'silent' as const),
  ),
  status: fc.oneof(
    fc.constantFrom(200, 201, 202, 204, 400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 }),
  ),
  headers: fc.record(
    {
      'retry-after': fc.oneof(
        fc.constantFrom(
          '0',
          '5',
          '-1',
          '1e309',
          'NaN',
          '99999999999',
          'Wed, 21 Oct 2015 07:28:00 GMT',
        ),
        headerToken,
      ),
      'content-type': fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
      'content-encoding': fc.constantFrom('gzip', 'br', 'identity'),
      location: fc.constantFrom('/v1/batches', 'http://[::', 'ftp://x'),
    },
    { requiredKeys: [] },
  ),
  body,
});

/** The empty batch's receipt: a JSON object whose counts add up to its 0 records. */
function isReceipt(body: Behaviour['body']): boolean {
  if (typeof body !== 'string') return false;
  try {
    const value = JSON.parse(body) as { accepted?: unknown; duplicates?: unknown } | null;
    return value?.accepted === 0 && value.duplicates === 0;
  } catch {
    return false;
  }
}

function expectProtocolAnswer(answer: DistrictAnswer, sent: Behaviour): void {
  const shown = JSON.stringify(answer);
  expect(shown).not.toContain(secret);
  // Only a whole receipt counts: a body cut short is never one, whatever the status said.
  if (sent.mode === 'cut-body') {
    expect(answer.kind).not.toBe('stored');
  }
  if (sent.mode !== 'answer') {
    const codes: Partial<Record<Behaviour['mode'], string>> = {
      silent: 'timeout',
      'cut-headers': 'unreachable',
    };
    const code = codes[sent.mode];
    expect(answer).toMatchObject({ kind: 'retry', ...(code ? { code } : {}) });
    return;
  }
  switch (answer.kind) {
    case 'stored':
      expect(sent.status).toBe(200);
      expect(isReceipt(sent.body)).toBe(true);
      return;
    case 'malformed':
      expect([400, 413]).toContain(sent.status);
      expect(answer.reason.length).toBeGreaterThan(0);
      expect(answer.reason.length).toBeLessThanOrEqual(300);
      return;
    case 'refused': {
      const codes: Record<string, (status: number) => boolean> = {
        credentials: (status) => status === 401,
        clock: (status) => status === 401,
        forbidden: (status) => status === 403,
        address: (status) => (status >= 300 && status < 400) || [404, 405, 410].includes(status),
        protocol: (status) => status >= 400 && status < 500,
      };
      expect(Object.keys(codes)).toContain(answer.code);
      expect(codes[answer.code]?.(sent.status)).toBe(true);
      expect(answer.error.length).toBeLessThan(400);
      return;
    }
    case 'retry':
      expect(['busy', 'server', 'unreachable', 'timeout', 'no-receipt']).toContain(answer.code);
      if (answer.code === 'busy') expect(sent.status).toBe(429);
      if (answer.code === 'no-receipt') {
        expect(sent.status >= 200 && sent.status < 300).toBe(true);
        expect(sent.status === 200 && isReceipt(sent.body)).toBe(false);
      }
      if (answer.retryAfterMs !== null) {
        expect(Number.isFinite(answer.retryAfterMs) && answer.retryAfterMs >= 0).toBe(true);
      }
      expect(answer.error.length).toBeLessThan(600);
      return;
    default: {
      const unknown: never = answer;
      throw new Error(`not a district answer: ${JSON.stringify(unknown)}`);
    }
  }
}

describe('district responses', () => {
  const runs = 150;
  it(
    'any status, headers and body, or a cut or silent line: the protocol answer, in time',
    async () => {
      const endpoint = endpointAt(`${base}/`, 0.2);
      await fc.assert(
        fc.asyncProperty(behaviourArbitrary, async (sent) => {
          behaviour = sent;
          const answer = await withinMs(
            postToDistrict(endpoint, '/v1/batches', { records: [] }),
            3000,
            'postToDistrict',
          );
          expectProtocolAnswer(answer, sent);
        }),
        fuzzParameters(runs),
      );
    },
    fuzzTimeout(runs, 60_000),
  );

  it('an empty reason falls back to the status (found by this fuzz, FUZZ_RUNS=2000)', async () => {
    behaviour = { mode: 'answer', status: 413, headers: {}, body: '{"error":"","reason":" "}' };
    const endpoint = endpointAt(base, 1);
    expect(await postToDistrict(endpoint, '/v1/batches', {})).toEqual({
      kind: 'malformed',
      reason: 'the district answered 413',
    });
  });

  it('does not read an answer larger than the protocol ever sends into memory', async () => {
    behaviour = { mode: 'answer', status: 200, headers: {}, body: 'x'.repeat(maxAnswerBytes + 1) };
    const endpoint = endpointAt(base, 2);
    const answer = await postToDistrict(endpoint, '/v1/batches', {});
    expect(answer).toMatchObject({ kind: 'retry', code: 'server' });
    expect(answer.kind === 'retry' && answer.error).toMatch(/more than 64 KB/);
    behaviour = {
      mode: 'answer',
      status: 200,
      headers: {},
      body: `{"accepted":0,"duplicates":0,"note":"${'y'.repeat(1000)}"}`,
    };
    expect(await postToDistrict(endpoint, '/v1/batches', {})).toMatchObject({ kind: 'stored' });
  });

  it('any address in the config: an answer, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileText(60),
          fc.constantFrom('http://[::', 'ftp://127.0.0.1:1', 'http://127.0.0.1:1', 'file:///etc'),
        ),
        async (url) => {
          const endpoint = endpointAt(url, 0.3);
          const answer = await withinMs(
            postToDistrict(endpoint, '/v1/daily-reports', {}),
            3000,
            'postToDistrict',
          );
          expect(['retry', 'refused']).toContain(answer.kind);
          expect(JSON.stringify(answer)).not.toContain(secret);
        },
      ),
      fuzzParameters(100),
    );
  });
});
