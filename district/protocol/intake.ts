// One upload request checked in the order docs/district-protocol.md gives under "The order of
// checks" (steps 2 to 11; the path and method, step 1, are the server's routing): the size of the
// gzipped body, the query string, the headers, the signature over the bytes as received, the
// timestamp, whether this school and gate may send, gzip with its 1 MiB cap, the body against the
// document and the headers, and the store's answer. The reference receiver (test/district/) and
// the district service both answer through here, so they cannot drift apart; each brings its own
// secrets, its own 403 rule and its own store.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import {
  limits,
  parseBatch,
  parseReport,
  type Batch,
  type DailyReport,
  type Sender,
} from './protocol';
import { verifySignature } from './signature';

/** Gzipped bytes accepted per request: the 1 MiB JSON limit plus room for gzip's overhead. */
export const rawBodyLimit = 2 * 1024 * 1024;
/** Past this the rest of an oversized body is not even drained: the connection is cut. */
const drainLimit = 16 * rawBodyLimit;

export interface Answer {
  status: number;
  body: object;
}

export const tooLarge: Answer = { status: 413, body: { error: 'too-large' } };
export const malformed = (reason: string): Answer => ({
  status: 400,
  body: { error: 'malformed', reason },
});
const badSignature: Answer = { status: 401, body: { error: 'bad-signature' } };
const staleTimestamp: Answer = { status: 401, body: { error: 'stale-timestamp' } };

export function send(res: ServerResponse, answer: Answer, headers: Record<string, string> = {}) {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** The whole body, or 'too-large' once past the limit (the rest is read and thrown away). */
export function readBody(
  req: IncomingMessage,
  limit: number = rawBodyLimit,
): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) req.socket.destroy();
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the request was cut off'));
    });
  });
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** What is wrong with the headers the document requires, before any look at the body. */
function headerProblem(req: IncomingMessage): string | null {
  const [type, ...parameters] = (header(req, 'content-type') ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (type !== 'application/json' || parameters.join(';') !== 'charset=utf-8') {
    return 'Content-Type must be application/json; charset=utf-8';
  }
  if (header(req, 'content-encoding')?.trim().toLowerCase() !== 'gzip') {
    return 'Content-Encoding must be gzip';
  }
  for (const name of ['X-School-Id', 'X-Gate-Id']) {
    if (!header(req, name.toLowerCase())) return `the ${name} header is missing`;
  }
  return null;
}

/** SHA-256 of the parsed body: "the same records" are the same values, not the same bytes. */
export const digestOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

export interface BatchAnswer {
  accepted: number;
  duplicates: number;
}

/** Who may send, and where a checked upload is kept. Each is asked only when its step comes. */
export interface Intake {
  /** The gate's secret, or null when the receiver knows no such gate (answered as a bad signature). */
  secretOf(sender: Sender): Promise<string | null>;
  /** Why this school or gate may not send here (403), or null; asked once the signature holds. */
  refusalOf(sender: Sender): Promise<string | null>;
  /**
   * Stores the batch's new records (committed before it returns) and gives the answer a repeat
   * must get too; 'conflict' when the batch id came before with other records; an Answer when
   * the receiver refuses it for a reason of its own (400, nothing stored).
   */
  storeBatch(
    batch: Batch,
    digest: string,
    receivedAt: string,
  ): Promise<BatchAnswer | 'conflict' | Answer>;
  /** Stores or replaces the report; the receivedAt to acknowledge (the first one for a repeat). */
  storeReport(report: DailyReport, digest: string, receivedAt: string): Promise<string | Answer>;
}

export interface UploadRequest {
  req: IncomingMessage;
  /** The full path on the request line, without query string: the signed path. */
  path: string;
  /** The body as read by readBody. */
  raw: Buffer | 'too-large';
  /** The receiver's time now, milliseconds since 1970. */
  clock: number;
  skewMs: number;
}

/** The answer to a signed upload (to /v1/batches when the path ends so, else a daily report). */
export async function answerUpload(request: UploadRequest, intake: Intake): Promise<Answer> {
  const { req, path, raw, clock } = request;
  if (raw === 'too-large') return tooLarge;
  if ((req.url ?? '').includes('?')) {
    return malformed('the request has a query string; the protocol has none');
  }
  const problem = headerProblem(req);
  if (problem) return malformed(problem);
  const sender: Sender = {
    schoolId: header(req, 'x-school-id') ?? '',
    gateId: header(req, 'x-gate-id') ?? '',
  };
  const timestamp = header(req, 'x-timestamp') ?? '';
  const secret = await intake.secretOf(sender);
  // The signature first: a wrong secret is reported as such even when the clock is off too.
  const signed = { method: 'POST', path, timestamp, body: raw };
  if (secret === null || !verifySignature(secret, signed, header(req, 'x-signature'))) {
    return badSignature;
  }
  if (!/^[0-9]+$/.test(timestamp) || Math.abs(Number(timestamp) - clock) > request.skewMs) {
    return staleTimestamp;
  }
  const refusal = await intake.refusalOf(sender);
  if (refusal !== null) return { status: 403, body: { error: 'forbidden', reason: refusal } };
  let json: Buffer;
  try {
    // The cap bounds memory: a gzip bomb stops inflating at 1 MiB + 1 byte.
    json = gunzipSync(raw, { maxOutputLength: limits.jsonBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge;
    return malformed(`the body is not gzip: ${(error as Error).message}`);
  }
  const receivedAt = new Date(clock).toISOString();
  if (path.endsWith('/v1/batches')) {
    const batch = parseBatch(json, sender);
    if (!batch.ok) return batch.status === 413 ? tooLarge : malformed(batch.reason);
    const stored = await intake.storeBatch(batch.value, digestOf(batch.value), receivedAt);
    if (stored === 'conflict') {
      return malformed(`batchId ${batch.value.batchId} was received before with other contents`);
    }
    if ('status' in stored) return stored;
    return { status: 200, body: stored };
  }
  const report = parseReport(json, sender);
  if (!report.ok) return report.status === 413 ? tooLarge : malformed(report.reason);
  const acknowledged = await intake.storeReport(report.value, digestOf(report.value), receivedAt);
  if (typeof acknowledged !== 'string') return acknowledged;
  return { status: 200, body: { acknowledged: true, receivedAt: acknowledged } };
}
