// The bodies of docs/district-protocol.md, read strictly: every field the document names, of
// the type and within the limits it gives, and the cross-field rules it states (record ids,
// sequence range, headers against the body, zero reports). Unknown fields are refused: the
// document lists what a kiosk sends, and a reference receiver that let extra fields through
// would hide a kiosk leaking more personal data than the district agreed to receive.
import { z } from 'zod';

export const limits = {
  /** Records per batch. */
  records: 500,
  /** JSON before gzip, per request. */
  jsonBytes: 1024 * 1024,
} as const;

const text = z.string().min(1);
const count = z.int().nonnegative();
const recordIdPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9][0-9]*)$/i;

const person = z.strictObject({
  name: text,
  // The document shows only "student"; it lists no kinds, so none is refused.
  kind: text,
  className: z.string().nullable(),
  idNumber: z.string().nullable(),
});

const temperature = z.strictObject({
  celsius: z.number(),
  method: z.enum(['device', 'manual']),
  source: text.nullable(),
  measuredBy: text.nullable(),
});

const record = z.strictObject({
  id: text,
  sequence: z.int().positive(),
  at: z.iso.datetime(),
  // The document shows only "in"; "out" is the one other direction a gate has.
  direction: z.enum(['in', 'out']),
  decision: z.enum(['pass', 'deny', 'retest', 'refer']),
  // Unknown codes are stored as they are: a newer kiosk may send new ones.
  reasons: z.array(text),
  // Empty when nothing was scanned: a visitor's exit the guard recorded, a person looked up.
  cardText: z.string(),
  person: person.nullable(),
  temperature: temperature.nullable(),
  policyVersion: count,
  followsRecordId: z.string().regex(recordIdPattern, 'not a record id').nullable(),
  // A school hub uploading for its gates names the gate a record was made at.
  gateId: text.optional(),
});

export const batchSchema = z.strictObject({
  protocol: z.literal(1),
  schoolId: text,
  gateId: text,
  installationId: z.uuid(),
  batchId: z.uuid(),
  sequence: z.strictObject({ first: z.int().positive(), last: z.int().positive() }),
  records: z.array(record).min(1).max(limits.records),
});

/** A school day as the reports and `GET /missing?date=` write it: a real YYYY-MM-DD. */
export const dateSchema = z.iso.date();

export const reportSchema = z.strictObject({
  protocol: z.literal(1),
  schoolId: text,
  gateId: text,
  installationId: z.uuid(),
  reportId: text,
  date: dateSchema,
  generatedAt: z.iso.datetime(),
  counts: z.strictObject({
    entries: count,
    visitors: count,
    denied: count,
    retests: count,
    feverCases: count,
    // Added to protocol 1 later: optional, so a kiosk that does not send it is still right.
    unresolvedRetests: count.optional(),
    // Added later too, by the kiosk that keeps the absence register (a single kiosk or the
    // school hub; a gate of a hub never sends them): absent ill that day, certificates recorded.
    absentIll: count.optional(),
    returnsCleared: count.optional(),
  }),
  // Added later too: the day's first and last record sequence, null on a day with no entries.
  sequence: z
    .strictObject({ first: z.int().positive(), last: z.int().positive() })
    .nullable()
    .optional(),
  zero: z.boolean(),
});

export type Batch = z.infer<typeof batchSchema>;
export type BatchRecord = Batch['records'][number];
export type DailyReport = z.infer<typeof reportSchema>;

/** Who the headers say is sending: the body must say the same. */
export interface Sender {
  schoolId: string;
  gateId: string;
}

export type Parsed<T> =
  { ok: true; value: T } | { ok: false; status: 400; reason: string } | { ok: false; status: 413 };

const malformed = (reason: string) => ({ ok: false, status: 400, reason }) as const;

/** Decodes the inflated body as strict UTF-8 JSON; a reason when it is not. */
function parseJson(json: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    const source = new TextDecoder('utf-8', { fatal: true }).decode(json);
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : ' (not UTF-8)';
    return { ok: false, reason: `the body is not JSON${detail}` };
  }
}

/** The first problem zod found, as `path: message`, e.g. `records[3].decision: Invalid option…`. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
  return `${where || 'body'}: ${issue.message}`;
}

function checkSender(body: Sender, sender: Sender): string | null {
  if (body.schoolId !== sender.schoolId) {
    return `schoolId "${body.schoolId}" does not match X-School-Id "${sender.schoolId}"`;
  }
  if (body.gateId !== sender.gateId) {
    return `gateId "${body.gateId}" does not match X-Gate-Id "${sender.gateId}"`;
  }
  return null;
}

function checkRecord(
  batch: Batch,
  item: BatchRecord,
  index: number,
  previous: number,
): string | null {
  const where = `records[${index}]`;
  if (item.id !== `${batch.installationId}:${item.sequence}`) {
    return `${where}.id "${item.id}" is not installationId:sequence`;
  }
  // "Records are sent oldest first": sequence numbers count up, so they must rise strictly.
  if (item.sequence <= previous)
    return `${where}.sequence ${item.sequence} is not after ${previous}`;
  const measured = item.temperature;
  if (measured?.method === 'manual' && measured.measuredBy === null) {
    return `${where}.temperature.measuredBy must name the guard for a manual reading`;
  }
  if (measured?.method === 'device' && measured.measuredBy !== null) {
    return `${where}.temperature.measuredBy must be null for a device reading`;
  }
  const follows = item.followsRecordId === null ? null : recordIdPattern.exec(item.followsRecordId);
  // A record continues an earlier one of the same kiosk (the retest before the final decision).
  if (follows && follows[1] === batch.installationId && Number(follows[2]) >= item.sequence) {
    return `${where}.followsRecordId must point at an earlier record`;
  }
  return null;
}

function checkBatch(batch: Batch, sender: Sender): string | null {
  const problem = checkSender(batch, sender);
  if (problem) return problem;
  let previous = 0;
  for (const [index, item] of batch.records.entries()) {
    const recordProblem = checkRecord(batch, item, index, previous);
    if (recordProblem) return recordProblem;
    previous = item.sequence;
  }
  const first = batch.records[0]?.sequence;
  if (batch.sequence.first !== first || batch.sequence.last !== previous) {
    return `sequence ${batch.sequence.first}–${batch.sequence.last} does not match the records (${first}–${previous})`;
  }
  return null;
}

function checkReport(report: DailyReport, sender: Sender): string | null {
  const problem = checkSender(report, sender);
  if (problem) return problem;
  if (report.reportId !== `${report.installationId}:${report.date}`) {
    return `reportId "${report.reportId}" is not installationId:date`;
  }
  const { entries, visitors, denied, retests, feverCases, unresolvedRetests = 0 } = report.counts;
  // The register's counts are not the gate's: someone may be absent ill on a day with no entry.
  const { absentIll = 0, returnsCleared = 0 } = report.counts;
  const logged = entries + visitors + denied + retests + feverCases + unresolvedRetests;
  const nothing = logged + absentIll + returnsCleared === 0;
  if (report.zero !== nothing) {
    return report.zero
      ? 'zero is true but the counts are not all 0'
      : 'zero must be true when every count is 0';
  }
  // Visitors, deny, retest and refer decisions are all among the day's entries.
  if (visitors > entries) return 'counts.visitors is more than counts.entries';
  if (denied + retests + feverCases > entries) {
    return 'counts.denied + retests + feverCases is more than counts.entries';
  }
  // The unresolved retests are some of the day's retests.
  if (unresolvedRetests > retests) return 'counts.unresolvedRetests is more than counts.retests';
  return checkReportSequence(report);
}

/** The day's sequence range against its count of entries, when the report gives one. */
function checkReportSequence({ sequence, counts }: DailyReport): string | null {
  if (sequence === undefined) return null;
  if (sequence === null) {
    return counts.entries === 0 ? null : 'sequence is null but counts.entries is not 0';
  }
  if (counts.entries === 0) return 'sequence is given but counts.entries is 0';
  if (sequence.first > sequence.last) {
    return `sequence.first ${sequence.first} is after sequence.last ${sequence.last}`;
  }
  // Every entry of the day has its own sequence in the range (others' days may fill gaps).
  if (sequence.last - sequence.first + 1 < counts.entries) {
    return `sequence ${sequence.first}–${sequence.last} holds fewer than counts.entries (${counts.entries})`;
  }
  return null;
}

/** A batch from its inflated JSON, or why it is refused (413 over the record limit). */
export function parseBatch(json: Uint8Array, sender: Sender): Parsed<Batch> {
  const parsed = parseJson(json);
  if (!parsed.ok) return malformed(parsed.reason);
  const records = (parsed.value as { records?: unknown } | null)?.records;
  // Over the limit is "too-large" whatever else is wrong with the records.
  if (Array.isArray(records) && records.length > limits.records) return { ok: false, status: 413 };
  const result = batchSchema.safeParse(parsed.value);
  if (!result.success) return malformed(describe(result.error));
  const problem = checkBatch(result.data, sender);
  return problem ? malformed(problem) : { ok: true, value: result.data };
}

/** A daily report from its inflated JSON, or why it is refused. */
export function parseReport(json: Uint8Array, sender: Sender): Parsed<DailyReport> {
  const parsed = parseJson(json);
  if (!parsed.ok) return malformed(parsed.reason);
  const result = reportSchema.safeParse(parsed.value);
  if (!result.success) return malformed(describe(result.error));
  const problem = checkReport(result.data, sender);
  return problem ? malformed(problem) : { ok: true, value: result.data };
}
