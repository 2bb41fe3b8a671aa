// The one contract between the renderer and the backend: every operation, its input and its
// output, as zod schemas. The IPC bridge and the HTTP router both serve this table; nothing
// here may import node:, electron or the DOM. Each area lists its operations in operations/.
import { z } from 'zod';
import {
  checkViewSchema,
  entryViewSchema,
  policySummarySchema,
  readingSchema,
  relayStatusSchema,
  retestCountsSchema,
  hubLinkStatusSchema,
  storageStatusSchema,
  thermometerStatusSchema,
  uploadStatusSchema,
  type Access,
  type ActorView,
} from './schemas';
import { accountOperations } from './operations/account-operations';
import { deviceOperations } from './operations/device-operations';
import { districtOperations } from './operations/district-operations';
import { gateOperations } from './operations/gate-operations';
import { gateFlowOperations } from './operations/gate-flow-operations';
import { visitorOperations } from './operations/visitor-operations';
import { policyOperations } from './operations/policy-operations';
import { courierOperations } from './operations/courier-operations';
import { caseOperations } from './operations/case-operations';
import { todayOperations } from './operations/today-operations';
import { rosterOperations } from './operations/roster-operations';
import { exportOperations } from './operations/export-operations';
import { retestOperations } from './operations/retest-operations';
import { lookupOperations } from './operations/lookup-operations';
import { absenceOperations } from './operations/absence-operations';

export * from './schemas';
export * from './operations/retest-operations';
export * from './operations/lookup-operations';
export * from './operations/absence-operations';

/** The operations, by name. Input is parsed at the boundary; handlers trust it. */
export const operations = {
  ...gateOperations,
  ...gateFlowOperations,
  ...accountOperations,
  ...visitorOperations,
  ...policyOperations,
  ...courierOperations,
  ...deviceOperations,
  ...districtOperations,
  ...todayOperations,
  ...caseOperations,
  ...rosterOperations,
  ...exportOperations,
  ...retestOperations,
  ...lookupOperations,
  ...absenceOperations,
} as const;

export type Operations = typeof operations;

/** Who may call `name`; operations without an `access` are open at the gate screen. */
/**
 * Admin operations that only show something (a list, a page). They are audited too — the audit
 * log says who saw what — but a page that refreshes itself is recorded once in a while, not at
 * every refresh.
 */
export function isView(name: OperationName): boolean {
  const operation = operations[name];
  return 'view' in operation && operation.view;
}

export function accessOf(name: OperationName): Access {
  const operation = operations[name];
  return 'access' in operation ? operation.access : 'gate';
}
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.infer<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.infer<Operations[N]['output']>;

/** Who is calling, as the transport found out: the signed-in account (if any) and from where. */
export interface Caller {
  actor: ActorView | null;
  /** The session token the transport received, for signing out. */
  session: string | null;
  /** "server 127.0.0.1" or "kiosk window": the audit log's "from where". */
  origin: string | null;
}

export const anonymousCaller: Caller = { actor: null, session: null, origin: null };

export type Handlers = {
  [N in OperationName]: (input: OperationInput<N>, caller: Caller) => Promise<OperationOutput<N>>;
};

/** Events pushed from the backend (server-sent events or IPC messages). */
export const eventSchemas = {
  reading: readingSchema,
  thermometer: thermometerStatusSchema,
  relay: relayStatusSchema,
  upload: uploadStatusSchema,
  check: checkViewSchema,
  'entry-saved': entryViewSchema,
  /** Another policy version took effect (saved on the policy screen, or its time came). */
  policy: policySummarySchema,
  /** Something the guard must know at once (a decision that could not be saved). */
  fault: z.object({ code: z.string(), message: z.string() }),
  /** The storage alarm rose or cleared, or free space crossed the warning level. */
  storage: storageStatusSchema,
  /** Someone began or ended waiting for a retest, or a retest became overdue: no names. */
  retests: retestCountsSchema,
  /** A gate's link to its school hub changed (online, offline, a newer copy). */
  hub: hubLinkStatusSchema,
} as const;
export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
