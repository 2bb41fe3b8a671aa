// Test helper for the district receivers' tests: the reference receiver on a throw-away folder
// (here), or the district service on a throw-away database (district-service/service-rig.ts),
// with a clock the test sets, and uploads to it signed by the helper written from
// docs/district-protocol.md, with their answers in the shape one expect compares. The cases both
// receivers must pass are in protocol-cases.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { DistrictStats } from '../../district/district-store';
import { startDistrictReceiver, type DistrictReceiver } from '../../district/receiver';
import { signedPost, type SignedPostOptions } from '../../district/spec-client';

export const secret = 'district-secret-for-tests';
/** The receiver's clock in these tests: 2026-11-23T00:00:00Z. */
export const clock = 1795392000000;

export type PostOptions = Partial<SignedPostOptions> & { base?: string };

/** Status and JSON body, compared in one expect. */
export async function answer(response: Promise<Response>) {
  const received = await response;
  return { status: received.status, body: (await received.json()) as unknown };
}

export const ok = (accepted: number, duplicates: number) => ({
  status: 200,
  body: { accepted, duplicates },
});
export const refused = (status: number, error: string) => ({ status, body: { error } });
export const malformed = (reason: RegExp) => ({
  status: 400,
  body: { error: 'malformed', reason: expect.stringMatching(reason) },
});

/** What a district keeps, the same shape whichever receiver keeps it. */
export interface StoredReport {
  receivedAt: string;
  report: Record<string, unknown>;
}

/**
 * A receiver under test, one a test, with a clock the test sets: the reference receiver or the
 * district service. The cases both must pass take one of these (protocol-cases.ts).
 */
export interface ReceiverRig {
  readonly kind: 'reference' | 'service';
  /** The receiver's clock, in milliseconds: `clock` at the start of each test. */
  now: number;
  /** The secret of the example's school and gate (example.schoolId, example.gateId). */
  readonly secret: string;
  /** What a kiosk's district.url would be. */
  readonly url: string;
  /** For a file's beforeEach: the clock at `clock`, a receiver started on empty storage. */
  start(): Promise<void>;
  /** For a file's afterEach: the receiver closed, its storage removed. */
  stop(): Promise<void>;
  /** A signed upload to the receiver under test, at its clock unless told otherwise. */
  post(endpoint: string, payload: unknown, options?: PostOptions): Promise<Response>;
  /** A signed batch upload, as `post`. */
  upload(payload: unknown, options?: PostOptions): Promise<Response>;
  /** The receiver's counts. */
  stats(): Promise<DistrictStats>;
  /** The records stored, as they were sent, oldest first. */
  records(): Promise<unknown[]>;
  /** The daily reports stored, by report id. */
  reports(): Promise<StoredReport[]>;
  /** Closes the receiver and starts a new one on the same storage. */
  restart(): Promise<void>;
  /** A second receiver with the same secret and clock, its uploads under a base path. */
  startOther(options: { basePath: string }): Promise<{ url: string; close(): Promise<void> }>;
}

/** The reference receiver's rig: its data folder and the receiver itself, for its own tests. */
export interface ReferenceRig extends ReceiverRig {
  /** The receiver's data folder, removed after the test. */
  readonly dir: string;
  /** The receiver under test; a test may close it and start another on the same folder. */
  receiver: DistrictReceiver;
  /** The receiver's counts (GET /stats), of the receiver under test unless told otherwise. */
  stats(base?: string): Promise<DistrictStats>;
}

/** A rig whose methods may be taken out of it: `const { post, upload, stats } = rig`. */
export function receiverRig(): ReferenceRig {
  let started: { dir: string; receiver: DistrictReceiver } | undefined;
  const current = () => {
    if (started === undefined) throw new Error('The receiver is started in beforeEach.');
    return started;
  };
  const startOn = (dataDir: string, basePath?: string) =>
    startDistrictReceiver({
      dataDir,
      secret,
      now: () => rig.now,
      ...(basePath ? { basePath } : {}),
    });
  const rig: ReferenceRig = {
    kind: 'reference',
    now: clock,
    secret,
    get url() {
      return current().receiver.url;
    },
    get dir() {
      return current().dir;
    },
    get receiver() {
      return current().receiver;
    },
    set receiver(receiver) {
      current().receiver = receiver;
    },
    start: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'district-'));
      rig.now = clock;
      const receiver = await startOn(dir);
      started = { dir, receiver };
    },
    stop: async () => {
      const { dir, receiver } = current();
      started = undefined;
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
    post: (endpoint, payload, options = {}) => {
      const url = `${options.base ?? rig.receiver.url}${endpoint}`;
      return signedPost(url, payload, { secret, timestamp: rig.now, ...options });
    },
    upload: (payload, options) => rig.post('/v1/batches', payload, options),
    stats: async (base = rig.receiver.url) => (await fetch(`${base}/stats`)).json(),
    records: async () => (await fetch(`${rig.receiver.url}/records`)).json(),
    reports: async () => (await fetch(`${rig.receiver.url}/reports`)).json(),
    restart: async () => {
      await rig.receiver.close();
      rig.receiver = await startOn(rig.dir);
    },
    startOther: ({ basePath }) => startOn(path.join(rig.dir, 'other'), basePath),
  };
  return rig;
}
