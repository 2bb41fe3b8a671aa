// One signed request to the district and what its answer means for the uploader, as
// docs/district-protocol.md says: gzip the JSON, sign method, path, timestamp and body digest
// with the gate's secret, and sort the answer into stored / try again / set aside / stop.
// "Stored" needs a receipt: a 200 whose JSON counts the batch's records (or acknowledges the
// report). Anything else that says 200 — a captive portal's page, a firewall's block page, a
// proxy's `{"ok":true}` — is not one, and the records stay waiting.
// The secret is used here and nowhere else; it never appears in an error or a log line.
import { createHash, createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { UploadErrorCode } from '../../contract/schemas';
import type { DistrictTransport, TransportResult } from './district-transport';

const gzipAsync = promisify(gzip);

export interface DistrictEndpoint {
  url: string;
  schoolId: string;
  gateId: string;
  secret: string;
  /** HTTPS with the district's trust settings (district-transport.ts). */
  transport: DistrictTransport;
}

export type DistrictAnswer =
  /** Stored (or already had): the district's receipt. */
  | { kind: 'stored'; body: unknown }
  /**
   * Network trouble, a timeout, 429, 5xx or a 200 without a receipt: try again later (after
   * retryAfterMs if given).
   */
  | { kind: 'retry'; code: UploadErrorCode; error: string; retryAfterMs: number | null }
  /** The district says the body is malformed: set it aside with the reason. */
  | { kind: 'malformed'; reason: string }
  /**
   * Something only a person can fix — the secret, a clock, the address, the certificate — so
   * sending more is pointless until then: stop (and look again now and then). `clockSkewMs`:
   * this kiosk's clock minus the district's (its `Date` header), when a clock was refused.
   */
  | { kind: 'refused'; code: UploadErrorCode; error: string; clockSkewMs?: number | null };

export type DistrictRoute = '/v1/batches' | '/v1/daily-reports';

/** How far the district lets a request's time be from its own clock (the protocol's 300 s). */
export const allowedSkewMs = 300_000;

/** The protocol's answers are a few hundred bytes; a server sending more is not read into memory. */
export const maxAnswerBytes = 64 * 1024;

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
  route: DistrictRoute,
  payload: unknown,
  now: () => number = Date.now,
): Promise<DistrictAnswer> {
  let target: URL;
  try {
    target = new URL(`${endpoint.url.replace(/\/+$/, '')}${route}`);
  } catch {
    return {
      kind: 'refused',
      code: 'address',
      error: `The district address "${endpoint.url}" is not a URL`,
    };
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return {
      kind: 'refused',
      code: 'address',
      error: `The district address "${endpoint.url}" is not an https address`,
    };
  }
  const body = await gzipAsync(Buffer.from(JSON.stringify(payload)), { level: 6 });
  const timestamp = String(now());
  const result = await endpoint.transport.post(
    target,
    {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Encoding': 'gzip',
      'X-School-Id': endpoint.schoolId,
      'X-Gate-Id': endpoint.gateId,
      'X-Timestamp': timestamp,
      'X-Signature': signDistrictRequest(endpoint.secret, 'POST', target.pathname, timestamp, body),
    },
    body,
  );
  return readAnswer(route, payload, result, now(), `${target.origin}${target.pathname}`);
}

/**
 * What the transport's result means, by the document's table of answers. Pure: `now` is the
 * kiosk's clock when the answer came, to compare with the district's `Date`; `where` is the
 * address asked, for the words.
 */
export function readAnswer(
  route: DistrictRoute,
  payload: unknown,
  result: TransportResult,
  now: number,
  where: string = route,
): DistrictAnswer {
  if (result.kind === 'failed') {
    if (result.code === 'unreachable' || result.code === 'timeout') {
      return { kind: 'retry', code: result.code, error: result.error, retryAfterMs: null };
    }
    return { kind: 'refused', code: result.code, error: result.error };
  }
  const { status, text } = result;
  if (text === null) {
    return {
      kind: 'retry',
      code: 'server',
      error: `The district answered ${status} with more than ${maxAnswerBytes / 1024} KB; the answer was not read`,
      retryAfterMs: null,
    };
  }
  const body = parseJson(text);
  const field = (name: string): string | null => {
    const value = typeof body === 'object' && body !== null ? Reflect.get(body, name) : null;
    // An empty field says nothing: fall through to the next one, or to the status.
    return typeof value === 'string' && value.trim() !== '' ? value.slice(0, 300) : null;
  };
  if (status === 200) {
    const problem = receiptProblem(route, payload, body);
    if (problem === null) return { kind: 'stored', body };
    return {
      kind: 'retry',
      code: 'no-receipt',
      error: `The district answered 200 without a receipt (${problem}): ${firstBytes(text)}`,
      retryAfterMs: null,
    };
  }
  if (status > 200 && status < 300) {
    return {
      kind: 'retry',
      code: 'no-receipt',
      error: `The district answered ${status}, not 200 with a receipt: ${firstBytes(text)}`,
      retryAfterMs: null,
    };
  }
  if (status >= 300 && status < 400) {
    const location = result.location === null ? '' : ` to ${firstBytes(result.location)}`;
    return {
      kind: 'refused',
      code: 'address',
      error: `The district address redirects (${status})${location}: set district.url to the address the district gave`,
    };
  }
  if (status === 400 || status === 413) {
    return {
      kind: 'malformed',
      reason: field('reason') ?? field('error') ?? `the district answered ${status}`,
    };
  }
  if (status === 401) {
    return field('error') === 'stale-timestamp'
      ? clockRefused(result.date, now)
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
  if (status === 404 || status === 405 || status === 410) {
    return {
      kind: 'refused',
      code: 'address',
      error: `The district answered ${status} at ${where}: the district address is wrong`,
    };
  }
  if (status === 429 || status >= 500 || status === 408) {
    return {
      kind: 'retry',
      code: status === 429 ? 'busy' : status === 408 ? 'timeout' : 'server',
      error: `The district answered ${status}${field('error') ? ` (${field('error')})` : ''}`,
      retryAfterMs: retryAfterMs(result.retryAfter, result.date),
    };
  }
  // Any other 4xx (and anything stranger) is not in the protocol: something between the kiosk
  // and the district, or the address, is not what the protocol expects. A person must look.
  return {
    kind: 'refused',
    code: 'protocol',
    error: `The district answered ${status}, which the upload protocol does not use: check the district address. ${firstBytes(text)}`,
  };
}

/** Null when `body` is the receipt the route's 200 must carry, else what is wrong with it. */
function receiptProblem(route: DistrictRoute, payload: unknown, body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not a JSON object';
  if (route === '/v1/daily-reports') {
    return Reflect.get(body, 'acknowledged') === true ? null : 'no "acknowledged": true';
  }
  const accepted: unknown = Reflect.get(body, 'accepted');
  const duplicates: unknown = Reflect.get(body, 'duplicates');
  const count = (value: unknown): value is number =>
    Number.isSafeInteger(value) && Number(value) >= 0;
  if (!count(accepted) || !count(duplicates)) return 'no "accepted" and "duplicates" counts';
  const records = recordCount(payload);
  return accepted + duplicates === records
    ? null
    : `${accepted} accepted + ${duplicates} duplicates for a batch of ${records}`;
}

function recordCount(payload: unknown): number {
  const records: unknown =
    typeof payload === 'object' && payload !== null ? Reflect.get(payload, 'records') : null;
  return Array.isArray(records) ? records.length : 0;
}

/** A stale-timestamp refusal, naming which clock is off and by how much when the district says. */
function clockRefused(date: string | null, now: number): DistrictAnswer {
  const theirs = date === null ? Number.NaN : Date.parse(date);
  if (!Number.isFinite(theirs)) {
    return {
      kind: 'refused',
      code: 'clock',
      error:
        "The district refused the time of the request and did not say its own: this kiosk's clock or the district's is more than 5 minutes off",
      clockSkewMs: null,
    };
  }
  const skew = now - theirs;
  const words =
    Math.abs(skew) <= allowedSkewMs
      ? `the district's Date (${new Date(theirs).toISOString()}) agrees with this kiosk's clock, so the district's own checking clock is off`
      : `this kiosk's clock is ${describeDuration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} the district's (${new Date(theirs).toISOString()})`;
  return {
    kind: 'refused',
    code: 'clock',
    error: `The district refused the time of the request: ${words}`,
    clockSkewMs: skew,
  };
}

function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds} s` : `${minutes} min ${seconds % 60} s`;
}

/** Retry-After in seconds or as an HTTP date (against the district's own Date); else null. */
function retryAfterMs(value: string | null, date: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  const from = date === null ? Number.NaN : Date.parse(date);
  return Number.isFinite(at) && Number.isFinite(from) ? Math.max(0, at - from) : null;
}

/** The start of what came back, on one line, for whoever fixes it. */
function firstBytes(text: string): string {
  const line = text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line === '') return '(an empty answer)';
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
