// The load generator's own process (forked by district-load.ts, so its CPU is not the
// service's): every gate of the district as a kiosk's uploader — records gathered for up to
// `batchWaitMs` then sent as one batch, one request at a time per gate, gzipped and signed as
// docs/district-protocol.md says (test/district/spec-client.ts's sign()), over keep-alive HTTP
// with at most `concurrency` requests in flight across the district. Answers the parent with
// each phase's counts and latencies.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { sign } from '../district/spec-client';
import { dailyReport, nextChecks, uuidFrom, type Installation, type Json } from './district-people';

export interface GateSetup {
  schoolId: string;
  gateId: string;
  secret: string;
  url: string;
}

export type Phase =
  | { kind: 'rush'; seconds: number; rate: number; batchWaitMs: number }
  | { kind: 'backlog'; gates: number; records: number; days: string[] }
  | { kind: 'reports'; generatedAt: string };

export interface PhaseResult {
  requests: number;
  records: number;
  accepted: number;
  duplicates: number;
  statuses: Record<string, number>;
  notReceipts: number;
  latencyMs: { median: number; p99: number; max: number };
  seconds: number;
  /** Records newly stored a second over the phase's steady part (a rush: after its first batch interval, until its end). */
  storedPerSecond: number;
  gzippedBytes: number;
  /** Records per batch: median, max. */
  batchRecords: { median: number; max: number };
}

interface Gate extends GateSetup {
  rush: Installation;
  backlog: Installation;
  pending: Json[];
  owed: number;
}

const gatesPerSchool = 3;
let gates: Gate[] = [];
let concurrency = 64;
let inFlight = 0;
const waiting: (() => void)[] = [];
/** The simulated morning: 07:10 Beijing of the bench's day, advanced as records are written. */
let simAt = 0;
let day = '';

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

async function slot(): Promise<void> {
  if (inFlight < concurrency) {
    inFlight += 1;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else inFlight -= 1;
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** Keep-alive sockets the server closed while idle, on which a request was tried again. */
let retriedOnClosedSocket = 0;

async function post(
  gate: Gate,
  path: string,
  payload: unknown,
): Promise<Answer & { bytes: number }> {
  const body = gzipSync(JSON.stringify(payload));
  await slot();
  try {
    for (;;) {
      const started = performance.now();
      const answer = await request(gate, path, body).catch((error: unknown) => error as Error);
      if (!(answer instanceof Error)) {
        return { ...answer, ms: performance.now() - started, bytes: body.length };
      }
      // The server closes a keep-alive socket idle for 5 s; one taken from the pool at that very
      // moment fails before the request was read. As Node's documentation advises: try again.
      if ((answer as { reused?: boolean }).reused) {
        retriedOnClosedSocket += 1;
        continue;
      }
      return { status: 0, body: String(answer), ms: NaN, bytes: body.length };
    }
  } finally {
    release();
  }
}

function request(gate: Gate, path: string, body: Buffer): Promise<Omit<Answer, 'ms'>> {
  const timestamp = String(Date.now());
  const url = new URL(path, gate.url);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-encoding': 'gzip',
          'content-length': body.length,
          'x-school-id': gate.schoolId,
          'x-gate-id': gate.gateId,
          'x-timestamp': timestamp,
          'x-signature': sign(gate.secret, url.pathname, timestamp, body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    // Safe to send again whatever the server had read: every request of the protocol is idempotent.
    outgoing.on('error', (error) =>
      reject(Object.assign(error, { reused: outgoing.reusedSocket })),
    );
    outgoing.end(body);
  });
}

class Tally {
  latencies: number[] = [];
  sizes: number[] = [];
  statuses: Record<string, number> = {};
  requests = 0;
  records = 0;
  accepted = 0;
  duplicates = 0;
  notReceipts = 0;
  bytes = 0;
  started = performance.now();
  lastAnswer = performance.now();
  firstError: string | null = null;
  retriedBefore = retriedOnClosedSocket;
  /** When each receipt came and how many records it newly stored. */
  stored: [number, number][] = [];
  /** The steady part of the phase the stored rate is taken over (the whole phase unless set). */
  window: { from: number; to: number } | null = null;

  /** `timed`: false for the flush at a phase's end (every gate at once), kept out of the latencies. */
  add(answer: Answer & { bytes: number }, records: number, timed = true): void {
    this.requests += 1;
    this.records += records;
    this.bytes += answer.bytes;
    this.statuses[answer.status] = (this.statuses[answer.status] ?? 0) + 1;
    if (timed && Number.isFinite(answer.ms)) this.latencies.push(answer.ms);
    if (timed) this.sizes.push(records);
    this.lastAnswer = performance.now();
    if (answer.status !== 200) this.firstError ??= `${answer.status} ${answer.body.slice(0, 200)}`;
  }

  receipt(answer: Answer, records: number): void {
    if (answer.status !== 200) return;
    try {
      const json = JSON.parse(answer.body) as { accepted?: number; duplicates?: number };
      if (json.accepted === undefined || json.accepted + (json.duplicates ?? NaN) !== records) {
        throw new Error('counts do not add up');
      }
      this.accepted += json.accepted;
      this.stored.push([performance.now(), json.accepted]);
      this.duplicates += json.duplicates ?? 0;
    } catch {
      this.notReceipts += 1;
      this.firstError ??= `200 without a receipt: ${answer.body.slice(0, 120)}`;
    }
  }

  result(): PhaseResult & { firstError: string | null; retriedOnClosedSocket: number } {
    const q = (values: number[], share: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
    };
    return {
      requests: this.requests,
      records: this.records,
      accepted: this.accepted,
      duplicates: this.duplicates,
      statuses: this.statuses,
      notReceipts: this.notReceipts,
      latencyMs: {
        median: q(this.latencies, 0.5),
        p99: q(this.latencies, 0.99),
        max: Math.max(...this.latencies),
      },
      seconds: (this.lastAnswer - this.started) / 1000,
      gzippedBytes: this.bytes,
      batchRecords: { median: q(this.sizes, 0.5), max: Math.max(...this.sizes) },
      firstError: this.firstError,
      retriedOnClosedSocket: retriedOnClosedSocket - this.retriedBefore,
      storedPerSecond: this.storedPerSecond(),
    };
  }

  storedPerSecond(): number {
    const { from, to } = this.window ?? { from: this.started, to: this.lastAnswer };
    const inWindow = this.stored.filter(([at]) => at >= from && at <= to);
    return inWindow.reduce((sum, [, count]) => sum + count, 0) / ((to - from) / 1000);
  }
}

function batchOf(gate: Gate, inst: Installation, records: Json[]): Json {
  return {
    protocol: 1,
    schoolId: gate.schoolId,
    gateId: gate.gateId,
    installationId: inst.installationId,
    batchId: randomUUID(),
    sequence: {
      first: records[0]?.sequence,
      last: records.at(-1)?.sequence,
    },
    records,
  };
}

async function sendBatch(
  gate: Gate,
  inst: Installation,
  records: Json[],
  tally: Tally,
  timed = true,
) {
  const answer = await post(gate, '/v1/batches', batchOf(gate, inst, records));
  tally.add(answer, records.length, timed);
  tally.receipt(answer, records.length);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The rush: each gate writes `rate` records a second and sends them in batches, as the kiosk does. */
async function rush(phase: Extract<Phase, { kind: 'rush' }>, tally: Tally): Promise<void> {
  const end = performance.now() + phase.seconds * 1000;
  // Gates start at random points of their first batch interval: steady from its end.
  tally.window = { from: performance.now() + phase.batchWaitMs, to: end };
  const startedSim = simAt;
  const startedAt = performance.now();
  // The simulated clock runs `rate` times real time, so each gate writes a record a second of it.
  const clock = () => startedSim + (performance.now() - startedAt) * phase.rate;
  await Promise.all(
    gates.map(async (gate) => {
      let due = performance.now() + Math.random() * phase.batchWaitMs;
      let last = performance.now();
      while (performance.now() < end) {
        await sleep(due - performance.now());
        const now = performance.now();
        gate.owed += ((now - last) / 1000) * phase.rate;
        last = now;
        while (gate.owed >= 1) {
          gate.owed -= 1;
          const records = nextChecks(gate.rush, clock(), day, gatesPerSchool);
          gate.pending.push(...records);
        }
        const records = gate.pending.splice(0, 500);
        if (records.length > 0) await sendBatch(gate, gate.rush, records, tally);
        due = Math.max(due + phase.batchWaitMs, performance.now());
      }
      // What the gate wrote in the phase and has not sent yet goes now: the phase's stored rate
      // is all its records over the time until the last of them was stored.
      while (gate.pending.length > 0) {
        await sendBatch(gate, gate.rush, gate.pending.splice(0, 500), tally, false);
      }
    }),
  );
  simAt = clock();
}

/** Gates back after days offline: each sends its days' records in 500-record batches, back to back. */
async function backlog(phase: Extract<Phase, { kind: 'backlog' }>, tally: Tally): Promise<void> {
  const perDay = Math.ceil(phase.records / phase.days.length);
  await Promise.all(
    gates.slice(0, phase.gates).map(async (gate) => {
      for (const backDay of phase.days) {
        // 07:00 to 17:00 Beijing of that day.
        const from = Date.parse(`${backDay}T07:00:00+08:00`);
        const step = (10 * 3600 * 1000) / perDay;
        let written = 0;
        while (written < perDay) {
          const records: Json[] = [];
          while (records.length < 499 && written < perDay) {
            const made = nextChecks(gate.backlog, from + written * step, backDay, gatesPerSchool);
            records.push(...made);
            written += made.length;
          }
          await sendBatch(gate, gate.backlog, records, tally);
        }
      }
    }),
  );
}

async function reports(phase: Extract<Phase, { kind: 'reports' }>, tally: Tally): Promise<void> {
  await Promise.all(
    gates.flatMap((gate) =>
      [gate.rush, gate.backlog].flatMap((inst) =>
        [...inst.days.keys()].map(async (reportDay) => {
          const at = reportDay === day ? phase.generatedAt : `${reportDay}T08:30:00.000Z`;
          const answer = await post(
            gate,
            '/v1/daily-reports',
            dailyReport(inst, gate.schoolId, gate.gateId, reportDay, at),
          );
          tally.add(answer, 0);
        }),
      ),
    ),
  );
}

process.on('message', (message: Json) => {
  void (async () => {
    if (message.type === 'setup') {
      concurrency = message.concurrency as number;
      day = message.day as string;
      simAt = Date.parse(`${day}T07:10:00+08:00`);
      gates = (message.gates as GateSetup[]).map((setup, index) => {
        const school = Math.floor(index / gatesPerSchool);
        const gate = index % gatesPerSchool;
        const inst = (role: string): Installation => ({
          school,
          gate,
          installationId: uuidFrom(`${role}:${setup.schoolId}:${setup.gateId}:${message.run}`),
          sequence: 0,
          arrival: 0,
          days: new Map(),
        });
        return { ...setup, rush: inst('rush'), backlog: inst('backlog'), pending: [], owed: 0 };
      });
      process.send?.({ type: 'ready' });
      return;
    }
    const phase = message.phase as Phase;
    const tally = new Tally();
    if (phase.kind === 'rush') await rush(phase, tally);
    else if (phase.kind === 'backlog') await backlog(phase, tally);
    else await reports(phase, tally);
    process.send?.({ type: 'done', result: tally.result() });
  })().catch((error: unknown) => {
    process.send?.({ type: 'failed', error: String((error as Error).stack ?? error) });
  });
});
process.on('disconnect', () => process.exit(0));
