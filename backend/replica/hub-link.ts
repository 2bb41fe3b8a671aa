// A gate's link to its school hub (docs/school-hub.md): one loop pulls the hub's change feed
// (the hub holds the request open until something changes, so a change arrives in about a
// second) and one pushes the gate's own records up, each signed with the gate's secret as the
// district protocol signs. Either loop backs off when the hub is away and resumes from where
// the gate's database says it stands; the gate keeps checking people all along, and shows the
// age of its copy. A refusal (unknown or revoked gate, bad secret, wrong clock, another hub)
// stops the loops until a person fixes it; the status says which.
import { timingSafeEqual } from 'node:crypto';
import { backoffDelay } from '../upload/backoff';
import { signAnswer } from '../hub/hub-gates';
import { signDistrictRequest } from '../upload/district-client';
import type { FeedPage } from '../hub/change-feed';
import type { GateHealth, HubLinkErrorCode, HubLinkStatus } from '../../contract/schemas';
import type { GateRecord } from '../hub/gate-records';
import type { ReplicaStore } from './replica-store';

export interface HubConfig {
  url: string;
  gateId: string;
  secret: string;
  /** The hub's installation id, printed at enrolment: another hub is refused. */
  hubId?: string;
}

export interface HubLinkOptions {
  config: HubConfig;
  replica: ReplicaStore;
  /** The gate's records after `after`, oldest first, and how many wait. */
  records: { read(after: number, limit: number): GateRecord[]; waiting(after: number): number };
  health: () => Omit<GateHealth, 'feedCursor' | 'hubWaiting'>;
  now: () => Date;
  /** A page was applied: the kinds it changed. */
  onApplied: (kinds: Set<string>) => void;
  onStatus: (status: HubLinkStatus) => void;
  /** This gate sends its own entries to the district (so the hub does not). */
  uploadsToDistrict: boolean;
  /** How long the hub may hold a feed request open; tests make it short. */
  waitSeconds?: number;
}

const batchSize = 500;

/** A failure the status names by code (the screen's words), its message the English detail. */
class LinkError extends Error {
  constructor(
    readonly code: HubLinkErrorCode,
    message: string,
  ) {
    super(message);
  }
}
class Refused extends LinkError {}

const hubRefusals = new Set<HubLinkErrorCode>([
  'unknown-gate',
  'revoked',
  'bad-signature',
  'clock',
]);

/** No answer at all: the network, the hub's machine, or this gate's own time limit. */
function unreachable(reason: unknown): never {
  if (reason instanceof Error && reason.name === 'AbortError') {
    throw new LinkError('unreachable', 'the hub did not answer in time');
  }
  const cause = reason instanceof Error ? (reason.cause as { code?: unknown } | undefined) : null;
  const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const message = reason instanceof Error ? reason.message : String(reason);
  throw new LinkError('unreachable', `the hub could not be reached: ${message}${detail}`);
}

function parseJson(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function sameText(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createHubLink(options: HubLinkOptions) {
  const { config, replica, now } = options;
  const base = config.url.replace(/\/+$/, '');
  const waitSeconds = options.waitSeconds ?? 20;
  let running = false;
  let state: HubLinkStatus['state'] = 'connecting';
  let error: string | null = null;
  let errorCode: HubLinkErrorCode | null = null;
  let lastContactAt: string | null = null;
  const wakers: Record<'pull' | 'push', (() => void) | null> = { pull: null, push: null };
  // Every wait, to end them all on close.
  const stoppers = new Set<() => void>();
  const controllers = new Set<AbortController>();
  const stopped: Promise<void>[] = [];

  function status(): HubLinkStatus {
    const meta = replica.meta();
    return {
      url: config.url,
      state,
      syncedAt: meta.syncedAt,
      lastContactAt,
      waiting: options.records.waiting(meta.sentThrough),
      errorCode,
      error,
    };
  }
  const report = () => options.onStatus(status());

  async function post(path: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(payload));
    const timestamp = now().toISOString();
    const requestSignature = signDistrictRequest(config.secret, 'POST', path, timestamp, body);
    const controller = new AbortController();
    controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        body,
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'x-gate-id': config.gateId,
          'x-timestamp': timestamp,
          'x-signature': requestSignature,
        },
      }).catch(unreachable);
      const bytes = Buffer.from(await response.arrayBuffer().catch(unreachable));
      const answer = parseJson(bytes);
      if (response.status === 401 || response.status === 403) {
        // A refusal is not signed (the gate may not know its secret); one the hub never makes
        // came from something else at its address.
        const refusal = String(answer?.refusal ?? response.status);
        const code = hubRefusals.has(refusal as HubLinkErrorCode)
          ? (refusal as HubLinkErrorCode)
          : 'unsigned-answer';
        throw new Refused(code, `the hub refused this gate: ${refusal}`);
      }
      if (!response.ok && response.status !== 409) {
        const code = response.status >= 500 ? 'unreachable' : 'sync-failed';
        throw new LinkError(code, `the hub answered ${response.status}`);
      }
      // Only the hub holds this gate's secret: an answer it did not sign (another machine at
      // its address, a proxy's page) is not taken, whatever it says.
      const signature = response.headers.get('x-signature') ?? '';
      const expected = signAnswer(config.secret, path, requestSignature, bytes);
      if (answer === null || !sameText(signature, expected)) {
        throw new LinkError(
          'unsigned-answer',
          'the answer at the hub address was not signed by the hub',
        );
      }
      if (response.status === 409) return answer;
      lastContactAt = now().toISOString();
      return answer;
    } finally {
      clearTimeout(timer);
      controllers.delete(controller);
    }
  }

  function failed(reason: unknown): boolean {
    const refused = reason instanceof Refused;
    state = refused ? 'refused' : 'offline';
    error = reason instanceof Error ? reason.message : String(reason);
    // Anything else went wrong here, with an answer in hand (a page that would not apply).
    errorCode = reason instanceof LinkError ? reason.code : 'sync-failed';
    report();
    return refused;
  }

  /**
   * Waits `ms`; an idle wait ends early when woken (a record written), a wait after a failure
   * does not: while the hub is away a rush of checks must not become a rush of retries.
   */
  async function pause(loop: 'pull' | 'push', ms: number, idle: boolean): Promise<void> {
    let wake = (): void => {};
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
      wakers[loop] = idle ? wake : null;
      stoppers.add(wake);
    });
    stoppers.delete(wake);
    wakers[loop] = null;
  }

  async function pullOnce(): Promise<boolean> {
    const meta = replica.meta();
    const health: GateHealth = {
      ...options.health(),
      feedCursor: meta.cursor,
      hubWaiting: options.records.waiting(meta.sentThrough),
    };
    const answer = (await post(
      '/hub/v1/feed',
      { cursor: meta.cursor, sentThrough: meta.sentThrough, waitSeconds, health },
      (waitSeconds + 15) * 1000,
    )) as FeedPage & { receivedThrough: number };
    const expected = config.hubId ?? meta.hubId;
    if (expected !== null && expected !== undefined && answer.hubId !== expected) {
      throw new Refused(
        'another-hub',
        `${config.url} is another hub (${answer.hubId}), not this gate's (${expected})`,
      );
    }
    if (answer.receivedThrough < meta.sentThrough) {
      // The hub lost records this gate sent (restored from a backup): send them again.
      replica.setSentThrough(answer.receivedThrough);
      wakers.push?.();
    }
    if (answer.head < meta.cursor) {
      // The hub lost changes this gate holds: keep them, follow the hub from its head on.
      replica.rewindFeed(answer.head);
      errorCode = 'hub-restored';
      error = `the hub's changes end at ${answer.head}, before this gate's ${meta.cursor}: restored from an older backup? This gate keeps what it has.`;
      return true;
    }
    replica.apply(answer, now());
    state = 'online';
    if (errorCode !== 'hub-restored') {
      error = null;
      errorCode = null;
    }
    if (answer.changes.length > 0) options.onApplied(new Set(answer.changes.map((c) => c.kind)));
    report();
    return answer.cursor < answer.head;
  }

  async function pushOnce(): Promise<boolean> {
    const after = replica.meta().sentThrough;
    const records = options.records.read(after, batchSize);
    if (records.length === 0) return false;
    const answer = (await post(
      '/hub/v1/records',
      { after, records, gateUploads: options.uploadsToDistrict },
      60_000,
    )) as {
      receivedThrough: number;
    };
    replica.setSentThrough(answer.receivedThrough);
    report();
    return true;
  }

  async function loop(
    name: 'pull' | 'push',
    step: () => Promise<boolean>,
    idleMs: number,
  ): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const more = await step();
        failures = 0;
        if (!more && running) await pause(name, idleMs, true);
      } catch (reason) {
        if (!running) return;
        // A refusal waits for a person; the hub being away is tried again soon, with jitter, so
        // that a school's gates do not all come back in the same second.
        const ms = failed(reason)
          ? 60_000
          : 250 + backoffDelay(++failures, Math.random, { baseMs: 1000, capMs: 30_000 });
        await pause(name, ms, false);
      }
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      report();
      stopped.push(loop('pull', pullOnce, 0), loop('push', pushOnce, 2000));
    },
    /** One pull of the whole feed, before the loops start: a new gate's first copy. */
    async copyOnce(): Promise<void> {
      while (await pullOnce()) {
        // more pages
      }
    },
    /** A record was written: push it now rather than at the next idle check. */
    notify(): void {
      wakers.push?.();
    },
    status,
    async close(): Promise<void> {
      running = false;
      for (const controller of controllers) controller.abort();
      for (const stop of stoppers) stop();
      await Promise.all(stopped);
    },
  };
}

export type HubLink = ReturnType<typeof createHubLink>;
