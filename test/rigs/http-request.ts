// Test rig: one raw HTTP request to a running server, from a chosen local address if asked
// (127.0.0.2 is loopback, but another caller), with whatever headers the test forges.
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export function sendRequest(
  server: { url: string },
  method: string,
  pathname: string,
  options: { body?: unknown; headers?: Record<string, string>; from?: string } = {},
): Promise<HttpAnswer> {
  const url = new URL(server.url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: pathname,
        localAddress: options.from,
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          }),
        );
        // An event stream does not end: its head is enough.
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: '',
            json: () => ({}),
          });
          outgoing.destroy();
        }
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
