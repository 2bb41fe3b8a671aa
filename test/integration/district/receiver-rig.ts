// Test helper for the reference district receiver's tests (receiver.test.ts,
// receiver-reports.test.ts): a receiver on a throw-away folder with a clock the test sets, and
// uploads to it signed by the helper written from docs/district-protocol.md, with their answers
// in the shape one expect compares.
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

/** One receiver a test, with its clock and its data folder. */
export interface ReceiverRig {
  /** The receiver's clock, in milliseconds: `clock` at the start of each test. */
  now: number;
  /** The receiver's data folder, removed after the test. */
  readonly dir: string;
  /** The receiver under test; a test may close it and start another on the same folder. */
  receiver: DistrictReceiver;
  /** For a file's beforeEach: a new folder, the clock at `clock`, a receiver started. */
  start(): Promise<void>;
  /** For a file's afterEach: the receiver closed, its folder removed. */
  stop(): Promise<void>;
  /** A signed upload to the receiver under test, at its clock unless told otherwise. */
  post(endpoint: string, payload: unknown, options?: PostOptions): Promise<Response>;
  /** A signed batch upload, as `post`. */
  upload(payload: unknown, options?: PostOptions): Promise<Response>;
  /** The receiver's counts (GET /stats), of the receiver under test unless told otherwise. */
  stats(base?: string): Promise<DistrictStats>;
}

/** A rig whose methods may be taken out of it: `const { post, upload, stats } = rig`. */
export function receiverRig(): ReceiverRig {
  let started: { dir: string; receiver: DistrictReceiver } | undefined;
  const current = () => {
    if (started === undefined) throw new Error('The receiver is started in beforeEach.');
    return started;
  };
  const rig: ReceiverRig = {
    now: clock,
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
      const receiver = await startDistrictReceiver({ dataDir: dir, secret, now: () => rig.now });
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
  };
  return rig;
}
