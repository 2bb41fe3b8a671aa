// The upload's transport against the reference receiver over real HTTPS, with the test CA and
// certificates of test/fixtures/tls (pins computed there by openssl, not by the kiosk): an
// untrusted or wrongly pinned district gets nothing and a reason in words, a trusted one stores;
// plain http leaves this computer never; redirects are answers, not followed; an oversized
// answer is not read; a district that never answers is a timeout.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttpsServer,
  type Server as HttpsServer,
  type ServerOptions,
} from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDistrictTransport,
  isLoopbackHost,
  kioskVersion,
  userAgent,
  type DistrictTransport,
  type TransportOptions,
  type TransportResult,
} from '../../../backend/upload/district-transport';
import { startDistrictReceiver, type DistrictReceiver } from '../../district/receiver';
import { batch, example, records, sign } from '../../district/spec-client';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url), 'utf8');
const caPem = fixture('ca.pem');
const district = { cert: fixture('server.pem'), key: fixture('server.key') };
const other = { cert: fixture('other.pem'), key: fixture('other.key') };
/** test/fixtures/tls/README.md: base64 SHA-256 of each SubjectPublicKeyInfo, by openssl. */
const pins = {
  ca: 'gbCZbn1s0hh5dPtex5pOLZL0SYSLBmkWwMnt78flEKs=',
  server: 'WbfiRijAH1/wJH3GIOmeQVR6LmmzaJ+h8H8v+A1mPrI=',
  other: 'si853JCiZafvgnN5I7f8hITZvdEBonCKAya9BjT7p/Y=',
};

const secret = 'district-secret-for-tests';
const maxAnswerBytes = 64 * 1024;

let receivers: DistrictReceiver[];
let servers: HttpsServer[];
let transports: DistrictTransport[];

beforeEach(() => {
  receivers = [];
  servers = [];
  transports = [];
});

afterEach(async () => {
  for (const transport of transports) transport.close();
  for (const server of servers) server.closeAllConnections();
  await Promise.all([
    ...receivers.map((receiver) => receiver.close()),
    ...servers.map((server) => new Promise((resolve) => server.close(resolve))),
  ]);
  removeTempDirs();
});

function transport(options: Partial<TransportOptions> = {}): DistrictTransport {
  const made = createDistrictTransport({
    timeoutMs: 10_000,
    caPem: null,
    pins: [],
    userAgent: userAgent(kioskVersion(), example.gateId),
    maxAnswerBytes,
    ...options,
  });
  transports.push(made);
  return made;
}

/** The reference receiver, over HTTPS with this certificate (null: plain HTTP). */
async function receiver(tls: { cert: string; key: string } | null = district) {
  const started = await startDistrictReceiver({
    dataDir: makeTempDir('district-'),
    secret,
    tls: tls ?? undefined,
  });
  receivers.push(started);
  return started;
}

/** A batch of one record, signed as the protocol says, for `base`/v1/batches. */
function signedBatch(base: string) {
  const target = new URL(`${base}/v1/batches`);
  const body = gzipSync(JSON.stringify(batch(records(1))));
  const timestamp = String(Date.now());
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Encoding': 'gzip',
    'X-School-Id': example.schoolId,
    'X-Gate-Id': example.gateId,
    'X-Timestamp': timestamp,
    'X-Signature': sign(secret, target.pathname, timestamp, body),
  };
  return { target, headers, body };
}

function upload(through: DistrictTransport, base: string): Promise<TransportResult> {
  const { target, headers, body } = signedBatch(base);
  return through.post(target, headers, body);
}

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTPS server answering with `answer` (it may leave the answer open), and what it saw. */
async function oddDistrict(
  answer: (res: ServerResponse, req: IncomingMessage) => void,
  options: ServerOptions & { host?: string } = district,
) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createHttpsServer(options, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      answer(res, req);
    });
  });
  server.on('secureConnection', () => (connections += 1));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return { url: `https://${address}:${port}`, seen, connections: () => connections };
}

const stored = (result: TransportResult) =>
  result.kind === 'answer'
    ? { status: result.status, body: JSON.parse(result.text ?? 'null') as unknown }
    : result;

describe('trust', () => {
  it('refuses a district it cannot trust, with the reason and the fix, and sends nothing', async () => {
    const district = await receiver();
    const result = await upload(transport(), district.url);
    expect(result).toEqual({
      kind: 'failed',
      code: 'certificate',
      error:
        `The district's certificate at ${new URL(district.url).host} is not trusted: ` +
        "unable to verify the first certificate (set district.caFile to the district's CA)",
    });
    expect(district.stats().records).toBe(0);
  });

  it("stores through the district's private CA, trusted besides the system's", async () => {
    const district = await receiver();
    const result = await upload(transport({ caPem }), district.url);
    expect(stored(result)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect(result.kind === 'answer' && result.date).toMatch(/GMT$/);
    expect(district.stats().records).toBe(1);
  });

  it.each([
    ['the certificate', pins.server],
    ['the CA (not sent by the server: the chain as verified)', pins.ca],
  ])("stores when one pin is %s's key", async (_, pin) => {
    const district = await receiver();
    const result = await upload(transport({ caPem, pins: [pins.other, pin] }), district.url);
    expect(stored(result)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect(district.stats().records).toBe(1);
  });

  it('refuses a trusted district whose keys are not pinned, every time, storing nothing', async () => {
    const district = await receiver();
    const pinned = transport({ caPem, pins: [pins.other] });
    const refusal = {
      kind: 'failed',
      code: 'certificate',
      error: `The district's certificate at ${new URL(district.url).host} does not match the pinned keys (district.publicKeyPins)`,
    };
    // The second attempt is a new connection too: no session of the first lets it skip the check.
    expect(await upload(pinned, district.url)).toEqual(refusal);
    expect(await upload(pinned, district.url)).toEqual(refusal);
    expect(district.stats().records).toBe(0);
  });

  it('a pin adds to the normal checks: an untrusted certificate is refused though pinned', async () => {
    const impostor = await receiver(other);
    const result = await upload(transport({ pins: [pins.other] }), impostor.url);
    expect(result).toMatchObject({ kind: 'failed', code: 'certificate' });
    expect(result.kind === 'failed' && result.error).toContain('is not trusted: self-signed');
    expect(impostor.stats().records).toBe(0);
  });

  it('refuses another certificate for the same address when the CA is configured', async () => {
    const impostor = await receiver(other);
    const result = await upload(transport({ caPem }), impostor.url);
    expect(result).toEqual({
      kind: 'failed',
      code: 'certificate',
      error:
        `The district's certificate at ${new URL(impostor.url).host} is not trusted: ` +
        "self-signed certificate (is district.caFile the district's CA?)",
    });
    expect(impostor.stats().records).toBe(0);
  });

  it('pins an RSA key too (that certificate trusted as its own CA)', async () => {
    const rsa = await receiver(other);
    const result = await upload(transport({ caPem: other.cert, pins: [pins.other] }), rsa.url);
    expect(stored(result)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
  });

  it('refuses a certificate made for another address', async () => {
    // 127.0.0.2 is this machine too, but the certificate names only 127.0.0.1 and localhost.
    const elsewhere = await oddDistrict((res) => res.end('{}'), { ...district, host: '127.0.0.2' });
    const result = await upload(transport({ caPem }), elsewhere.url);
    expect(result).toMatchObject({ kind: 'failed', code: 'certificate' });
    expect(result.kind === 'failed' && result.error).toMatch(
      /^The district's certificate is not for 127\.0\.0\.2:\d+: IP: 127\.0\.0\.2 is not in the cert's list/,
    );
    expect(elsewhere.seen).toEqual([]);
  });

  it('says when the CA text holds no certificate, instead of "not trusted"', async () => {
    const district = await receiver();
    const result = await upload(transport({ caPem: 'not a certificate' }), district.url);
    expect(result).toMatchObject({ kind: 'failed', code: 'certificate' });
    expect(result.kind === 'failed' && result.error).toContain('holds no readable certificate');
  });
});

describe('plain http', () => {
  it('never leaves this computer: refused before any connection is tried', async () => {
    // TEST-NET-1: nothing answers there, so a connection attempt would end as a timeout.
    const { target, headers, body } = signedBatch('http://192.0.2.1');
    const result = await transport({ timeoutMs: 10_000 }).post(target, headers, body);
    expect(result).toEqual({
      kind: 'failed',
      code: 'insecure',
      error:
        'The district address http://192.0.2.1 is not encrypted: records go only over https ' +
        '(plain http only to this computer)',
    });
  });

  it('goes to a receiver on this computer', async () => {
    const local = await receiver(null);
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await upload(transport(), local.url.replace('127.0.0.1', 'localhost'));
    expect(stored(result)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
  });

  it.each([
    ['127.0.0.1', true],
    ['127.9.8.7', true],
    ['localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['192.0.2.1', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['::2', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('the request and the answer', () => {
  it('sends the headers, its User-Agent and the body, and keeps the connection for the next', async () => {
    const server = await oddDistrict((res) => res.end('{}'));
    const sender = transport({ caPem });
    const { target, headers, body } = signedBatch(server.url);
    await sender.post(target, headers, body);
    await sender.post(target, headers, body);
    const packageJson = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(packageJson) as { version: string };
    expect(server.seen[0]?.headers).toMatchObject({
      'user-agent': `campus-gate-kiosk/${version} (gate south)`,
      'content-length': String(body.length),
      'x-signature': headers['X-Signature'],
      'content-encoding': 'gzip',
    });
    expect(server.seen.map((request) => request.body)).toEqual([body, body]);
    expect(server.connections()).toBe(1);
  });

  it('names the gate in ASCII, so any gate id can travel in the User-Agent', async () => {
    const server = await oddDistrict((res) => res.end('{}'));
    const gate = '南门 (east) 100%';
    const expected = `campus-gate-kiosk/0.1.0 (gate ${encodeURIComponent('南门')} %28east%29 100%25)`;
    expect(userAgent('0.1.0', gate)).toBe(expected);
    const result = await upload(
      transport({ caPem, userAgent: userAgent('0.1.0', gate) }),
      server.url,
    );
    expect(result).toMatchObject({ kind: 'answer', status: 200 });
    expect(server.seen[0]?.headers['user-agent']).toBe(expected);
  });

  it('returns a redirect as an answer, with its Location, and does not follow it', async () => {
    const server = await oddDistrict((res, req) => {
      if (req.url === '/v1/batches') {
        res.writeHead(302, { location: '/moved/v1/batches', 'retry-after': '120' }).end();
      } else res.end('{"accepted":1,"duplicates":0}');
    });
    const result = await upload(transport({ caPem }), server.url);
    expect(result).toMatchObject({
      kind: 'answer',
      status: 302,
      location: '/moved/v1/batches',
      retryAfter: '120',
      text: '',
    });
    expect(server.seen.map((request) => request.url)).toEqual(['/v1/batches']);
  });

  it('reads the answer up to the cap, and stops reading past it', async () => {
    const server = await oddDistrict((res, req) => {
      const size = req.url === '/big/v1/batches' ? maxAnswerBytes + 1 : maxAnswerBytes;
      // Sent in chunks without a Content-Length; the big one then never ends.
      res.writeHead(200, { 'content-type': 'text/plain' });
      if (size > maxAnswerBytes) res.write('x'.repeat(size));
      else res.end('x'.repeat(size));
    });
    const sender = transport({ caPem });
    const full = await upload(sender, server.url);
    expect(full.kind === 'answer' && full.text?.length).toBe(maxAnswerBytes);
    // Resolved without waiting for an end that never comes (that would be the timeout).
    expect(await upload(sender, `${server.url}/big`)).toMatchObject({
      kind: 'answer',
      status: 200,
      text: null,
    });
  });

  it('does not read an answer that says up front it is too long', async () => {
    const server = await oddDistrict((res) => {
      res.writeHead(500, { 'content-length': String(maxAnswerBytes + 1) });
      res.write('x');
    });
    expect(await upload(transport({ caPem }), server.url)).toMatchObject({
      kind: 'answer',
      status: 500,
      text: null,
    });
  });
});

describe('a district that does not answer', () => {
  it('gives up after the timeout', async () => {
    const hanging = await receiver();
    hanging.setFault({ kind: 'hang' });
    const result = await upload(transport({ caPem, timeoutMs: 300 }), hanging.url);
    expect(result).toEqual({
      kind: 'failed',
      code: 'timeout',
      error: `The district at ${new URL(hanging.url).host} did not answer within 0.3 s`,
    });
  });

  it('says when nothing listens there', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await upload(transport({ caPem }), `https://127.0.0.1:${port}`);
    expect(result).toEqual({
      kind: 'failed',
      code: 'unreachable',
      error: `The district server at 127.0.0.1:${port} refused the connection`,
    });
  });

  it('says when the connection is cut before the answer', async () => {
    const cutting = await receiver();
    cutting.setFault({ kind: 'reset' });
    expect(await upload(transport({ caPem }), cutting.url)).toEqual({
      kind: 'failed',
      code: 'unreachable',
      error: `The connection to ${new URL(cutting.url).host} was cut`,
    });
  });
});

describe('npm run district --tls-cert --tls-key', () => {
  it('serves HTTPS with the given certificate', async () => {
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const tls = path.resolve('test/fixtures/tls');
    const child = spawn(process.execPath, [
      ...[tsx, 'test/district/cli.ts', '--port', '0', '--data-dir', makeTempDir('district-')],
      ...['--secret', secret, '--tls-cert', path.join(tls, 'server.pem')],
      ...['--tls-key', path.join(tls, 'server.key')],
    ]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /District receiver listening on (https:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (found?.[1]) resolve(found[1]);
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    try {
      expect(stored(await upload(transport({ caPem }), url))).toEqual({
        status: 200,
        body: { accepted: 1, duplicates: 0 },
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
