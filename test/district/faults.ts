// Faults a test sets on the reference receiver to play a district that fails the kiosk: an
// error status, no answer at all, a reset connection, records stored but the answer lost, a
// slow answer, any answer at all (a captive portal's 200 page, a receipt with wrong counts, a
// 404 from a wrong path, a redirect), a clock that is off. Each applies to the next `count`
// upload requests, or until cleared.
import { z } from 'zod';

const count = z.int().positive().optional();

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.union([
      z.literal(500),
      z.literal(503),
      z.literal(429),
      z.literal(400),
      z.literal(401),
      z.literal(403),
    ]),
    retryAfterSeconds: z.int().nonnegative().optional(),
    count,
  }),
  z.strictObject({ kind: z.literal('hang'), count }),
  z.strictObject({ kind: z.literal('reset'), count }),
  z.strictObject({ kind: z.literal('drop-response'), count }),
  z.strictObject({ kind: z.literal('slow'), delayMs: z.int().nonnegative(), count }),
  // Whatever a thing that is not the district (or a broken one) says; `afterStoring`: the
  // records are stored first, so only the answer is wrong.
  z.strictObject({
    kind: z.literal('answer'),
    status: z.int().min(200).max(599),
    body: z.string().max(64 * 1024),
    headers: z.record(z.string(), z.string()).optional(),
    afterStoring: z.boolean().optional(),
    count,
  }),
  // The receiver's clock is `offsetMs` off, in its checks and in its Date header (unless
  // `dateHeader` is false: then it sends none).
  z.strictObject({
    kind: z.literal('clock'),
    offsetMs: z.int(),
    dateHeader: z.boolean().optional(),
    count,
  }),
]);

export type Fault = z.infer<typeof faultSchema>;

/** `POST /faults`: the fault (null clears it) and how many requests it lasts. */
export const faultRequestSchema = z.strictObject({ fault: faultSchema.nullable(), count });

/** The JSON body each injected status comes with, in the document's words where it has some. */
export function faultBody(status: Extract<Fault, { kind: 'status' }>['status']): object {
  const reason = 'fault injected by the reference receiver';
  switch (status) {
    case 400:
      return { error: 'malformed', reason };
    case 401:
      return { error: 'bad-signature' };
    case 403:
      return { error: 'forbidden', reason };
    case 429:
      return { error: 'too-many-requests' };
    default:
      return { error: 'unavailable' };
  }
}

/** The fault in force and how many more requests it applies to. */
export class FaultState {
  private current: Fault | null = null;
  private remaining = Infinity;

  set(fault: Fault | null): void {
    this.current = fault;
    this.remaining = fault?.count ?? Infinity;
  }

  get(): Fault | null {
    return this.current;
  }

  /** The fault for this request, counting it against `count`. */
  take(): Fault | null {
    const fault = this.current;
    if (fault && --this.remaining <= 0) this.set(null);
    return fault;
  }
}
