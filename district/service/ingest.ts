// What the district service does with an upload that passed the document's checks
// (district/protocol/intake.ts), on PostgreSQL: which gate may send and with which secret, each
// record stored once (the records table's key decides, not this process), a batch's first
// answer kept for its repeats, a fever referral raised as an alert with the record that brings
// it, and the latest version of each daily report. Everything a request writes is one
// transaction, committed before the answer goes out; two service processes given the same
// request at once wait on each other's keys and give the same answer.
import type pg from 'pg';
import { malformed, type Answer, type BatchAnswer } from '../protocol/intake';
import type { Batch, BatchRecord, DailyReport, Sender } from '../protocol/protocol';
import { inTransaction, schoolDay } from './db';
import { ensurePartitions, forgetPartitions, isMissingPartition } from './partitions';
import { findGateSecret } from './registry';
import type { Keyring } from './secrets';

export interface GateAccess {
  /** The gate's secret; null when there is no such gate or it has none (a bad signature). */
  secret: string | null;
  /** Why it may not send (403): its school closed, its secret revoked; else null. */
  refusal: string | null;
}

/** A time as people at a Chinese school read it: 2026-11-23 16:30 Beijing time. */
function beijingTime(at: string): string {
  return `${new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} Beijing time`;
}

/** The gate's secret and whether it may send, as the registry has them now. */
export async function gateAccess(
  pool: pg.Pool,
  keyring: Keyring,
  sender: Sender,
): Promise<GateAccess> {
  // A secret that does not open (a wrong key file) throws: the service's fault, answered 500,
  // not the gate's (a 401 would stop a kiosk that did nothing wrong).
  const gate = await findGateSecret(pool, keyring, sender.schoolId, sender.gateId);
  if (!gate) return { secret: null, refusal: null };
  if (gate.schoolClosedAt) {
    return {
      secret: gate.secret,
      refusal: `this school was closed on ${beijingTime(gate.schoolClosedAt)}: its gates may no longer send to the education bureau`,
    };
  }
  if (gate.revokedAt) {
    return {
      secret: gate.secret,
      refusal: `this gate's secret was revoked on ${beijingTime(gate.revokedAt)}: ask the education bureau for a new secret`,
    };
  }
  return { secret: gate.secret, refusal: null };
}

const recordColumns = `day date, installation_id uuid, sequence bigint, school_id text, gate_id text,
  at timestamptz, direction text, decision text, reasons text[], card_text text, person_name text,
  person_kind text, class_name text, id_number text, celsius real, temperature_method text,
  temperature_source text, measured_by text, policy_version integer, follows_installation uuid,
  follows_sequence bigint, batch_id uuid, received_at timestamptz`;
const recordNames = recordColumns
  .split(',')
  .map((column) => column.trim().split(' ')[0])
  .join(', ');

/** A record as the records table's row (recordColumns). */
function recordRow(batch: Batch, item: BatchRecord, receivedAt: string) {
  const follows = item.followsRecordId === null ? null : /^(.+):(\d+)$/.exec(item.followsRecordId);
  return {
    day: schoolDay(Date.parse(item.at)),
    installation_id: batch.installationId,
    sequence: item.sequence,
    school_id: batch.schoolId,
    gate_id: item.gateId ?? batch.gateId,
    at: item.at,
    direction: item.direction,
    decision: item.decision,
    reasons: item.reasons,
    card_text: item.cardText,
    person_name: item.person?.name ?? null,
    person_kind: item.person?.kind ?? null,
    class_name: item.person?.className ?? null,
    id_number: item.person?.idNumber ?? null,
    celsius: item.temperature?.celsius ?? null,
    temperature_method: item.temperature?.method ?? null,
    temperature_source: item.temperature?.source ?? null,
    measured_by: item.temperature?.measuredBy ?? null,
    policy_version: item.policyVersion,
    follows_installation: follows?.[1] ?? null,
    follows_sequence: follows ? Number(follows[2]) : null,
    batch_id: batch.batchId,
    received_at: receivedAt,
  };
}

/**
 * Null when this installation may send as this school and gate: it always has, or it is new and
 * is now theirs (in the request's transaction). Otherwise why not: records are keyed by
 * installation and sequence, so a second kiosk under the same installation id (a copy of a
 * kiosk's database at another gate or school) would have its records taken for the first's
 * duplicates and lost, or its daily report would replace the first's.
 */
async function installationProblem(
  client: pg.PoolClient,
  installationId: string,
  sender: Sender,
  at: string,
): Promise<string | null> {
  const select = 'SELECT school_id, gate_id FROM installations WHERE installation_id = $1';
  let owner = (await client.query<{ school_id: string; gate_id: string }>(select, [installationId]))
    .rows[0];
  if (!owner) {
    await client.query(
      `INSERT INTO installations (installation_id, school_id, gate_id, first_seen_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (installation_id) DO NOTHING`,
      [installationId, sender.schoolId, sender.gateId, at],
    );
    // Another process may have claimed it first: its row, committed, is the one that counts.
    owner = (await client.query<{ school_id: string; gate_id: string }>(select, [installationId]))
      .rows[0];
  }
  if (!owner || (owner.school_id === sender.schoolId && owner.gate_id === sender.gateId)) {
    return null;
  }
  return (
    `installationId ${installationId} sends as gate ${owner.gate_id} of school ${owner.school_id}: ` +
    'a second kiosk with a copy of its database cannot send under the same installation id ' +
    '(its records would be taken for the first kiosk’s); ask the education bureau'
  );
}

/** Deadlocks and serialization failures are PostgreSQL asking for the transaction again. */
const retryable = new Set(['40P01', '40001']);

/**
 * Runs a request's transaction, again when PostgreSQL asks for that or when a day's partition
 * went away under this process's cache (detached by another process).
 */
async function withRetries<T>(pool: pg.Pool, days: string[], run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensurePartitions(pool, days);
      return await run();
    } catch (error) {
      if (attempt >= 3) throw error;
      if (isMissingPartition(error)) forgetPartitions(pool, days);
      else if (!retryable.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

/**
 * Stores the batch's new records and its answer in one transaction; a repeat of the batch id gets
 * the first answer, or 'conflict' when its records differ (by digest, SHA-256 hex of the parsed
 * batch).
 */
export function storeBatch(
  pool: pg.Pool,
  batch: Batch,
  digest: string,
  receivedAt: string,
): Promise<BatchAnswer | 'conflict' | Answer> {
  const rows = batch.records.map((item) => recordRow(batch, item, receivedAt));
  const days = [...new Set(rows.map((row) => row.day))];
  return withRetries(pool, days, () =>
    inTransaction(pool, async (client) => {
      const problem = await installationProblem(client, batch.installationId, batch, receivedAt);
      if (problem) return malformed(problem);
      // The batch row first: a second process given the same batch waits here on the first's
      // uncommitted key, then reads its answer.
      const claimed = await client.query(
        `INSERT INTO batches (batch_id, school_id, gate_id, installation_id, digest, records,
                              accepted, duplicates, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7) ON CONFLICT (batch_id) DO NOTHING`,
        [
          batch.batchId,
          batch.schoolId,
          batch.gateId,
          batch.installationId,
          Buffer.from(digest, 'hex'),
          batch.records.length,
          receivedAt,
        ],
      );
      if (claimed.rowCount === 0) {
        const known = await client.query<{ digest: Buffer } & BatchAnswer>(
          'SELECT digest, accepted, duplicates FROM batches WHERE batch_id = $1',
          [batch.batchId],
        );
        const first = known.rows[0];
        if (!first || first.digest.toString('hex') !== digest) return 'conflict';
        return { accepted: first.accepted, duplicates: first.duplicates };
      }
      // Sorted by sequence, so two batches sharing records lock them in the same order.
      const stored = await client.query<{ sequence: number }>(
        `INSERT INTO records (${recordNames})
         SELECT ${recordNames} FROM jsonb_to_recordset($1::jsonb) AS r(${recordColumns})
          ORDER BY sequence
         ON CONFLICT DO NOTHING RETURNING sequence`,
        [JSON.stringify(rows)],
      );
      const accepted = stored.rowCount ?? 0;
      const answer = { accepted, duplicates: batch.records.length - accepted };
      await client.query('UPDATE batches SET accepted = $2, duplicates = $3 WHERE batch_id = $1', [
        batch.batchId,
        answer.accepted,
        answer.duplicates,
      ]);
      const fresh = new Set(stored.rows.map((row) => Number(row.sequence)));
      await raiseFeverAlerts(client, batch, (item) => fresh.has(item.sequence), receivedAt);
      return answer;
    }),
  );
}

/** A `fever` alert for each newly stored referral, once by its record id. */
async function raiseFeverAlerts(
  client: pg.PoolClient,
  batch: Batch,
  isNew: (item: BatchRecord) => boolean,
  raisedAt: string,
): Promise<void> {
  const alerts = batch.records
    .filter((item) => item.decision === 'refer' && isNew(item))
    .map((item) => ({
      school_id: batch.schoolId,
      gate_id: item.gateId ?? batch.gateId,
      day: schoolDay(Date.parse(item.at)),
      record_id: item.id,
      detail: {
        name: item.person?.name ?? null,
        className: item.person?.className ?? null,
        celsius: item.temperature?.celsius ?? null,
        gateId: item.gateId ?? batch.gateId,
        at: item.at,
        reasons: item.reasons,
      },
    }));
  if (alerts.length === 0) return;
  await client.query(
    `INSERT INTO alerts (kind, school_id, gate_id, day, record_id, detail, raised_at)
     SELECT 'fever', school_id, gate_id, day, record_id, detail, $2
       FROM jsonb_to_recordset($1::jsonb)
         AS a(school_id text, gate_id text, day date, record_id text, detail jsonb)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(alerts), raisedAt],
  );
}

/** The daily_reports row's values for a report, in the order reportValues's SQL names them. */
function reportValues(report: DailyReport, digest: string, receivedAt: string): unknown[] {
  const { counts, sequence } = report;
  return [
    report.reportId,
    report.schoolId,
    report.gateId,
    report.installationId,
    report.date,
    report.generatedAt,
    counts.entries,
    counts.visitors,
    counts.denied,
    counts.retests,
    counts.feverCases,
    counts.unresolvedRetests ?? null,
    counts.absentIll ?? null,
    counts.returnsCleared ?? null,
    sequence?.first ?? null,
    sequence?.last ?? null,
    report.zero,
    Buffer.from(digest, 'hex'),
    receivedAt,
  ];
}

const reportColumns = `report_id, school_id, gate_id, installation_id, date, generated_at, entries,
  visitors, denied, retests, fever_cases, unresolved_retests, absent_ill, returns_cleared,
  sequence_first, sequence_last, zero, digest, received_at`;

/**
 * Stores a report, or replaces the stored version with one of a later (or the same) generatedAt
 * and other values; the time to acknowledge: the first arrival's for the same report again, this
 * answer's for an older version (acknowledged, not stored). A `reason` when the installation
 * sends as another school or gate (installationProblem: the report id is the installation's).
 */
export function storeReport(
  pool: pg.Pool,
  report: DailyReport,
  digest: string,
  receivedAt: string,
): Promise<string | { reason: string }> {
  const values = reportValues(report, digest, receivedAt);
  return withRetries(pool, [], () =>
    inTransaction(pool, async (client) => {
      const problem = await installationProblem(client, report.installationId, report, receivedAt);
      if (problem) return { reason: problem };
      const inserted = await client.query(
        `INSERT INTO daily_reports (${reportColumns}, first_received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $19)
         ON CONFLICT (report_id) DO NOTHING`,
        values,
      );
      if (inserted.rowCount === 1) return receivedAt;
      // Locked, so two processes with two versions of one report apply them one after the other.
      const found = await client.query<{
        digest: Buffer;
        generated_at: Date;
        received_at: Date;
      }>(
        `SELECT digest, generated_at, received_at FROM daily_reports
          WHERE report_id = $1 FOR UPDATE`,
        [report.reportId],
      );
      const stored = found.rows[0];
      if (!stored) throw new Error(`report ${report.reportId} vanished while being replaced`);
      if (stored.digest.toString('hex') === digest) return stored.received_at.toISOString();
      // A late retry of an older version must not undo a correction: acknowledged, not stored.
      if (stored.generated_at.getTime() > Date.parse(report.generatedAt)) return receivedAt;
      await client.query(
        `UPDATE daily_reports SET (${reportColumns}) =
           ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19),
           versions = versions + 1
         WHERE report_id = $1`,
        values,
      );
      return receivedAt;
    }),
  );
}
