// The school hub's side of its gates (docs/school-hub.md): who they are, the change feed they
// pull (held open until something changes, so a change reaches every gate in about a second),
// and the records they push up. Transport-neutral: server/hub-routes.ts carries it over HTTP.
// Every request is signed by an enrolled gate; nothing here answers anyone else.
import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { EntryView } from '../../contract/api';
import { gateHealthSchema } from '../../contract/schemas';
import type { EntryLog } from '../entries/entry-log';
import type { FieldCipher } from '../privacy/field-cipher';
import { createChangeFeed } from './change-feed';
import { gateRecordSchema } from './gate-records';
import { createHubGates, type SignedRequest } from './hub-gates';
import { createHubIntake } from './hub-intake';
import { createPassOveruse } from './pass-overuse';

export interface HubServiceOptions {
  db: Database;
  cipher: FieldCipher;
  entryLog: EntryLog;
  passKeys: () => Map<string, KeyObject>;
  now: () => Date;
  /** Entries stored from a gate, after their commit: for the hub's screens. */
  onEntries: (entries: EntryView[]) => void;
}

export interface HubAnswer {
  status: number;
  body: unknown;
  /** The answer's signature for the gate that asked, over the body as sent; absent: refused. */
  sign?: (bytes: Uint8Array) => string;
}

const feedRequestSchema = z
  .object({
    cursor: z.number().int().min(0),
    /** The last of its records the gate believes the hub holds. */
    sentThrough: z.number().int().min(0).default(0),
    waitSeconds: z.number().min(0).max(60).default(0),
    health: gateHealthSchema.nullable().default(null),
  })
  .strict();

const recordsRequestSchema = z
  .object({
    after: z.number().int().min(0),
    records: z.array(gateRecordSchema).max(2000),
    /** The gate uploads its own entries to the district; the hub then does not. */
    gateUploads: z.boolean(),
  })
  .strict();

const feedPageSize = 1000;

export function createHubService(options: HubServiceOptions) {
  const { db, cipher, now } = options;
  const gates = createHubGates(db, cipher, now);
  const feed = createChangeFeed({ db, cipher, passKeys: options.passKeys });
  const intake = createHubIntake({ db, cipher, entryLog: options.entryLog, now });
  feed.seed();

  // Feed requests waiting for a change, each with the cursor it waits beyond; one timer looks
  // at the head while any wait and wakes those the head has passed.
  const waiting = new Map<() => void, number>();
  let watcher: NodeJS.Timeout | null = null;
  function watchHead(): void {
    if (watcher !== null) return;
    watcher = setInterval(() => {
      const head = feed.head();
      for (const [wake, cursor] of waiting) if (head > cursor) wake();
      // Often: this look is most of the time a change takes to reach the gates (bench:school),
      // and the largest change number is one step down an index.
    }, 20);
  }
  async function changeAfter(cursor: number, waitMs: number): Promise<void> {
    if (feed.head() > cursor || waitMs <= 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        if (waiting.size === 0 && watcher !== null) {
          clearInterval(watcher);
          watcher = null;
        }
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      waiting.set(done, cursor);
      watchHead();
    });
  }

  function parse<T>(schema: z.ZodType<T>, body: Uint8Array): T | HubAnswer {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body).toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'bad-input', message: 'The body is not JSON.' } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      return { status: 400, body: { error: 'bad-input', message: z.prettifyError(parsed.error) } };
    }
    return parsed.data;
  }
  const isAnswer = (value: unknown): value is HubAnswer =>
    typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

  /** A verified gate's request, answered (signed by handle()). */
  async function answerGate(
    route: 'feed' | 'records',
    gateId: string,
    request: SignedRequest,
  ): Promise<HubAnswer> {
    if (route === 'records') {
      const input = parse(recordsRequestSchema, request.body);
      if (isAnswer(input)) return input;
      const answer = intake.take(gateId, input.after, input.records, input.gateUploads);
      if (!answer.ok) return { status: 409, body: answer };
      if (answer.entries.length > 0) options.onEntries(answer.entries);
      return {
        status: 200,
        body: { receivedThrough: answer.receivedThrough, stored: answer.stored },
      };
    }
    const input = parse(feedRequestSchema, request.body);
    if (isAnswer(input)) return input;
    gates.contact(gateId, input.health, input.cursor);
    // A hub restored from a backup lacks records the gate believes it sent: the answer says
    // how far the hub has them, and the gate sends the rest again.
    const receivedThrough = intake.receivedThrough(gateId);
    if (input.sentThrough > receivedThrough) {
      gates.notice(gateId, {
        code: 'records-restored',
        gateHad: input.sentThrough,
        hubHas: receivedThrough,
      });
    }
    const head = feed.head();
    if (input.cursor > head) {
      // The gate keeps what it has; changes made here after the backup and before the
      // restore are lost and must be made again.
      gates.notice(gateId, { code: 'changes-restored', gateHad: input.cursor, hubHas: head });
      return {
        status: 200,
        body: { hubId: feed.hubId, head, cursor: head, changes: [], receivedThrough },
      };
    }
    await changeAfter(input.cursor, input.waitSeconds * 1000);
    // Read together with the page, synchronously: the visits in a page that reaches the head
    // count exactly this gate's records up to this number (visitors-on-campus.ts).
    const page = feed.page(input.cursor, feedPageSize);
    return { status: 200, body: { ...page, receivedThrough: intake.receivedThrough(gateId) } };
  }

  return {
    gates,
    /** Passes the hub found used beyond their allowance (for the office, in status). */
    passOveruse: createPassOveruse(db),
    hubId: feed.hubId,
    /** A signed request from a gate, answered; `route` is 'feed' or 'records'. */
    async handle(route: 'feed' | 'records', request: SignedRequest): Promise<HubAnswer> {
      const verified = gates.verify(request);
      if (!verified.ok) return { status: 401, body: { refusal: verified.refusal } };
      const { gateId } = verified;
      const answer = await answerGate(route, gateId, request);
      const signature = request.signature ?? '';
      return {
        ...answer,
        sign: (bytes) => gates.signAnswer(gateId, request.path, signature, bytes),
      };
    },
    close(): void {
      for (const wake of [...waiting.keys()]) wake();
    },
  };
}

export type HubService = ReturnType<typeof createHubService>;
