// One signed request to the district and what its answer means for the uploader, as
// docs/district-protocol.md says: gzip the JSON, sign method, path, timestamp and body digest
// with the gate's secret, and sort the answer into stored / try again / set aside / stop.
// The secret is used here and nowhere else; it never appears in an error or a log line.
import { createHash, createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export interface DistrictEndpoint {
  url: string;
  schoolId: string;
  gateId: string;
  secret: string;
  timeoutSeconds: number;
}

/** What went wrong, for the screen to say in the guard's language (upload.error.<code>). */
export type UploadErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'server'
  | 'busy'
  | 'malformed'
  | 'credentials'
  | 'clock'
  | 'forbidden'
  | 'storage';

export type DistrictAnswer =
  /** Stored (or already had); `body` is the district's JSON answer. */
  | { kind: 'stored'; body: unknown }
  /** Network trouble, a timeout, 429 or 5xx: try again later (after retryAfterMs if given). */
  | { kind: 'retry'; code: UploadErrorCode; error: string; retryAfterMs: number | null }
  /** The district says the body is malformed: set it aside with the reason. */
  | { kind: 'malformed'; reason: string }
  /** Wrong secret, a clock off, or not allowed: stop until someone fixes it. */
  | { kind: 'refused'; code: UploadErrorCode; error: string };

/** The protocol's signature: "v1=" + hex HMAC-SHA256 over method, path, timestamp, digest. */
export function signDistrictRequest(
  secret: string,
  method: string,
  path: string,
  timestamp: string,
  body: Uint8Array,
): string {
  const digest = createHash('sha256').update(body).digest('hex');
  const hmac = createHmac('sha256', secret).update(`${method}\n${path}\n${timestamp}\n${digest}`);
  return `v1=${hmac.digest('hex')}`;
}

export async function postToDistrict(
  endpoint: DistrictEndpoint,
  route: '/v1/batches' | '/v1/daily-reports',
  payload: unknown,
  now: () => number = Date.now,
): Promise<DistrictAnswer> {
  let target: URL;
  try {
    target = new URL(`${endpoint.url.replace(/\/+$/, '')}${route}`);
  } catch {
    return {
      kind: 'refused',
      code: 'unreachable',
      error: `The district address "${endpoint.url}" is not a URL`,
    };
  }
  const body = await gzipAsync(Buffer.from(JSON.stringify(payload)), { level: 6 });
  const timestamp = String(now());
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Encoding': 'gzip',
        'X-School-Id': endpoint.schoolId,
        'X-Gate-Id': endpoint.gateId,
        'X-Timestamp': timestamp,
        'X-Signature': signDistrictRequest(
          endpoint.secret,
          'POST',
          target.pathname,
          timestamp,
          body,
        ),
      },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutSeconds * 1000),
    });
  } catch (error) {
    return networkTrouble(error, endpoint);
  }
  let text: string | null;
  try {
    text = await readCapped(response, maxAnswerBytes);
  } catch (error) {
    return networkTrouble(error, endpoint);
  }
  if (text === null) {
    return {
      kind: 'retry',
      code: 'server',
      error: `The district answered ${response.status} with more than ${maxAnswerBytes / 1024} KB; the answer was not read`,
      retryAfterMs: null,
    };
  }
  return classify(response.status, text, response.headers.get('retry-after'));
}

/** The protocol's answers are a few hundred bytes; a server sending more is not read into memory. */
export const maxAnswerBytes = 64 * 1024;

/** The answer's text, or null (and the rest not read) once it passes `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string | null> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function classify(status: number, text: string, retryAfter: string | null): DistrictAnswer {
  const body = parseJson(text);
  const field = (name: string): string | null => {
    const value = typeof body === 'object' && body !== null ? Reflect.get(body, name) : null;
    // An empty field says nothing: fall through to the next one, or to the status.
    return typeof value === 'string' && value.trim() !== '' ? value.slice(0, 300) : null;
  };
  if (status >= 200 && status < 300) return { kind: 'stored', body };
  if (status === 400 || status === 413 || status === 422) {
    return {
      kind: 'malformed',
      reason: field('reason') ?? field('error') ?? `the district answered ${status}`,
    };
  }
  if (status === 401) {
    return field('error') === 'stale-timestamp'
      ? {
          kind: 'refused',
          code: 'clock',
          error: 'The district refused the time of the request: check the kiosk clock',
        }
      : {
          kind: 'refused',
          code: 'credentials',
          error: 'The district refused the credentials: check the school id, gate id and secret',
        };
  }
  if (status === 403) {
    return {
      kind: 'refused',
      code: 'forbidden',
      error: `The district does not accept this school or gate${field('reason') ? `: ${field('reason')}` : ''}`,
    };
  }
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return {
    kind: 'retry',
    code: status === 429 ? 'busy' : 'server',
    error: `The district answered ${status}${field('error') ? ` (${field('error')})` : ''}`,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null,
  };
}

function networkTrouble(error: unknown, endpoint: DistrictEndpoint): DistrictAnswer {
  const name = error instanceof Error ? error.name : '';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return {
    kind: 'retry',
    code: timedOut ? 'timeout' : 'unreachable',
    error: describeNetworkError(error, endpoint),
    retryAfterMs: null,
  };
}

function describeNetworkError(error: unknown, endpoint: DistrictEndpoint): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `The district did not answer within ${endpoint.timeoutSeconds} s`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String(cause.code) : '';
  const host = safeHost(endpoint.url);
  if (code === 'ECONNREFUSED') return `The district server at ${host} refused the connection`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot find ${host}: no network?`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return `The connection to ${host} was cut`;
  }
  return `Cannot reach ${host}: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
