// Server mode over real HTTP: the contract's operations, the events stream, the static
// screen, and the requests it must refuse.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import { startServer, type RunningServer } from '../../server/server';

let dir: string;
let kiosk: Kiosk;
let server: RunningServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-server-'));
  const staticDir = path.join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the browser');
  kiosk = await createKiosk({ dataDir: dir });
  server = await startServer({ kiosk, staticDir, port: 0 });
});

afterEach(async () => {
  await server.close();
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

function post(name: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

/** A raw request, for paths and headers fetch() would normalise away. */
function raw(pathname: string, headers: Record<string, string> = {}) {
  const url = new URL(server.url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: pathname, headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('server mode', () => {
  it('answers GET /api/status with the thermometer state', async () => {
    const status = await (await fetch(`${server.url}/api/status`)).json();
    expect(status.thermometer).toMatchObject({
      connected: true,
      silentSeconds: null,
      driver: 'simulated',
      mode: 'triggered',
      simulated: true,
      path: null,
      error: null,
      problem: null,
      lastReading: null,
    });
    expect(status.relay).toBeNull();
    await post('simulateReading', '{"celsius":36.6}');
    const after = await (await fetch(`${server.url}/api/status`)).json();
    expect(after.thermometer.lastReading).toMatchObject({ celsius: 36.6 });
  });

  it('serves an operation and streams its events', async () => {
    const controller = new AbortController();
    const events = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body?.getReader();
    if (reader === undefined) throw new Error('the event stream has no body');
    const response = await post('scan', JSON.stringify({ text: 'NOBODY', source: 'wedge' }));
    expect(response.status).toBe(200);
    expect((await response.json()).entry.decision).toBe('deny');
    let text = '';
    while (!text.includes('event: entry-saved')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toMatch(/event: entry-saved\ndata: \{.*"decision":"deny"/);
    controller.abort();
  });

  it.each([
    ['malformed JSON', 'scan', '{"text":', 400, 'bad-input'],
    ['a missing field', 'scan', '{"source":"wedge"}', 400, 'bad-input'],
    ['an unknown field', 'scan', '{"text":"A","source":"wedge","admin":true}', 400, 'bad-input'],
    ['an unknown operation', 'dropTables', '{}', 404, 'unknown-operation'],
    [
      'a huge body',
      'scan',
      JSON.stringify({ text: 'x'.repeat(9_000_000), source: 'wedge' }),
      413,
      'bad-input',
    ],
  ])('refuses %s with a typed error', async (_, name, body, status, code) => {
    const response = await post(name, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });

  it('refuses a cross-origin call (another site in the same browser)', async () => {
    const response = await post('cancelCheck', '{}', { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await raw('/api/status', { host: 'evil.example:80' });
    expect(response.status).toBe(421);
  });

  it('serves the screen and never a file outside it', async () => {
    expect((await raw('/')).body).toContain('<title>kiosk</title>');
    for (const attack of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const response = await raw(attack);
      expect(response.status, attack).toBeGreaterThanOrEqual(400);
      expect(response.body, attack).not.toContain('not for the browser');
    }
  });
});
