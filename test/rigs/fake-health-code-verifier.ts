// Test rig: a health-code verifier that speaks the wire format in the README (POST { code },
// answer { result }) on 127.0.0.1, told what to answer next: any result, a 500, garbage, or
// nothing at all (hang). It records the codes it was asked about. For tests only.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | 'green'
  | 'yellow'
  | 'red'
  | 'expired'
  | 'not-found'
  | 'server-error'
  | 'garbage'
  | 'unknown-result'
  | 'hang';

export interface FakeVerifier {
  url: string;
  /** What every following request gets. */
  answer(next: FakeAnswer): void;
  /** The codes asked about, oldest first. */
  codes: string[];
  close(): Promise<void>;
}

export async function startFakeVerifier(initial: FakeAnswer = 'green'): Promise<FakeVerifier> {
  let mode: FakeAnswer = initial;
  const codes: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      try {
        codes.push(String((JSON.parse(body) as { code?: unknown }).code));
      } catch {
        codes.push('(not JSON)');
      }
      reply(response, mode);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/verify`,
    answer: (next) => (mode = next),
    codes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(response: ServerResponse, mode: FakeAnswer): void {
  switch (mode) {
    case 'hang':
      return;
    case 'server-error':
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"result":"green"}');
      return;
    case 'garbage':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html>not json');
      return;
    case 'unknown-result':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"result":"purple"}');
      return;
    default:
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ result: mode }));
  }
}
