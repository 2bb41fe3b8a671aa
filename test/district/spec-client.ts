// A kiosk's side of docs/district-protocol.md, written from the document alone and sharing no
// code with the receiver (signature.ts, protocol.ts), so that tests signing with it check the
// receiver against the document rather than against itself. Also the example bodies.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const example = {
  schoolId: '4403050001',
  gateId: 'south',
  installationId: '6f1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c6a',
} as const;

/** X-Signature for a POST of these (gzipped) bytes to this full path. */
export function sign(secret: string, signedPath: string, timestamp: string, body: Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const text = `POST\n${signedPath}\n${timestamp}\n${bodyHash}`;
  return `v1=${createHmac('sha256', secret).update(text).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Milliseconds since 1970. */
  timestamp: number;
  /** The gzipped body as sent, instead of the payload gzipped. */
  raw?: Buffer;
  /** Signs this path instead of the URL's. */
  signedPath?: string;
  /** Header overrides; null leaves the header out. */
  headers?: Record<string, string | null>;
  /** Changes the bytes after signing. */
  tamper?: (body: Buffer) => Buffer;
  signal?: AbortSignal;
}

/** POSTs the payload as the document says a kiosk does: gzipped, signed, with its headers. */
export function signedPost(url: string, payload: unknown, options: SignedPostOptions) {
  const body = options.raw ?? gzipSync(JSON.stringify(payload));
  const timestamp = String(options.timestamp);
  const signedPath = options.signedPath ?? new URL(url).pathname;
  const headers: Record<string, string | null> = {
    'content-type': 'application/json; charset=utf-8',
    'content-encoding': 'gzip',
    'x-school-id': example.schoolId,
    'x-gate-id': example.gateId,
    'x-timestamp': timestamp,
    'x-signature': sign(options.secret, signedPath, timestamp, body),
    ...options.headers,
  };
  const sent = Object.entries(headers).filter((entry): entry is [string, string] => !!entry[1]);
  return fetch(url, {
    method: 'POST',
    headers: sent,
    body: new Uint8Array(options.tamper ? options.tamper(body) : body),
    signal: options.signal ?? null,
  });
}

export type Json = Record<string, unknown>;

/** An entry record as in the document's example (no ID number), with changes. */
export function record(sequence: number, changes: Json = {}): Json {
  return {
    id: `${example.installationId}:${sequence}`,
    sequence,
    at: new Date(Date.UTC(2026, 10, 23, 0, 5, 1, 123) + sequence).toISOString(),
    direction: 'in',
    decision: 'pass',
    reasons: ['temperature-normal'],
    cardText: 'S2026001',
    person: { name: '王小明', kind: 'student', className: '三年级2班', idNumber: null },
    temperature: { celsius: 36.6, method: 'device', source: 'gy906', measuredBy: null },
    policyVersion: 3,
    followsRecordId: null,
    ...changes,
  };
}

export const records = (...sequences: number[]) => sequences.map((sequence) => record(sequence));

/** A batch of these records under a new batch id, its sequence range taken from them. */
export function batch(items: Json[], changes: Json = {}): Json {
  const sequences = items.map((item) => Number(item.sequence));
  return {
    protocol: 1,
    ...example,
    batchId: randomUUID(),
    sequence: { first: Math.min(...sequences), last: Math.max(...sequences) },
    records: items,
    ...changes,
  };
}

/** The document's example daily report (2026-11-23), with changed counts or fields. */
export function report(counts: Json = {}, changes: Json = {}): Json {
  return {
    protocol: 1,
    ...example,
    reportId: `${example.installationId}:2026-11-23`,
    date: '2026-11-23',
    generatedAt: '2026-11-23T08:30:00.000Z',
    counts: {
      entries: 812,
      visitors: 0,
      denied: 3,
      retests: 2,
      feverCases: 0,
      unresolvedRetests: 1,
      ...counts,
    },
    zero: false,
    ...changes,
  };
}
