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
}

const feedRequestSchema = z
  .object({
    cursor: z.number().int().min(0),
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

  // Feed requests waiting for a change; one timer looks at the head while any wait.
  const waiting = new Set<() => void>();
  let watcher: NodeJS.Timeout | null = null;
  let lastHead = feed.head();
  function watchHead(): void {
    if (watcher !== null) return;
    watcher = setInterval(() => {
      const head = feed.head();
      if (head === lastHead) return;
      lastHead = head;
      for (const wake of waiting) wake();
    }, 100);
  }
  function stopWatching(): void {
    if (waiting.size === 0 && watcher !== null) {
      clearInterval(watcher);
      watcher = null;
    }
  }
  async function changeAfter(cursor: number, waitMs: number): Promise<void> {
    if (feed.head() > cursor || waitMs <= 0) return;
    lastHead = feed.head();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiting.delete(done);
        stopWatching();
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      waiting.add(done);
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

  return {
    gates,
    hubId: feed.hubId,
    /** A signed request from a gate, answered; `route` is 'feed' or 'records'. */
    async handle(route: 'feed' | 'records', request: SignedRequest): Promise<HubAnswer> {
      const verified = gates.verify(request);
      if (!verified.ok) return { status: 401, body: { refusal: verified.refusal } };
      const { gateId } = verified;
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
      const head = feed.head();
      if (input.cursor > head) {
        gates.notice(
          gateId,
          `the gate holds changes through ${input.cursor}, this hub only through ${head}: ` +
            'restored from an older backup? The gate keeps what it has; changes made here ' +
            'after the backup and before the restore are lost and must be made again.',
        );
        return { status: 200, body: { hubId: feed.hubId, head, cursor: head, changes: [] } };
      }
      await changeAfter(input.cursor, input.waitSeconds * 1000);
      return { status: 200, body: feed.page(input.cursor, feedPageSize) };
    },
    close(): void {
      for (const wake of waiting) wake();
      if (watcher !== null) clearInterval(watcher);
    },
  };
}

export type HubService = ReturnType<typeof createHubService>;
