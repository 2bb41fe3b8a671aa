// The soak's figures and its verdict: memory over time (min, median, max, and the least-squares
// slope over the second half), file growth per 1000 checks, and the accounting. Pure: the run
// hands over its samples and counts; this turns them into a JSON report and a plain table.
import type { Accounting } from './soak-accounting';

export interface Sample {
  /** Seconds since the checks began. */
  atS: number;
  rssMB: number;
  dbBytes: number;
  walBytes: number;
  started: number;
  decided: number;
  failed: number;
  pending: number | null;
  uploadState: string | null;
  thermometerConnected: boolean | null;
  districtFault: string | null;
}

export interface UnplugRecord {
  unplugAtS: number;
  /** How long the kiosk took to say the thermometer is gone; null: it never did. */
  detectedAfterMs: number | null;
  replugAtS: number;
  /** How long until it was connected again by itself; null: it never was. */
  reconnectedAfterMs: number | null;
}

export interface PhaseRecord {
  kind: string;
  startS: number;
  endS: number;
  /** Entries waiting when the district came back. */
  pendingAtEnd: number | null;
  /** Seconds from the district's return until nothing was pending; null: not within the run. */
  drainedAfterS: number | null;
}

export interface MemoryFigures {
  minMB: number;
  medianMB: number;
  maxMB: number;
  /** Least squares over the samples of the second half of the run. */
  slopeMBPerHour: number;
  secondHalfHours: number;
  /** The fitted line's rise over the second half, and what is allowed (see memoryAllowance). */
  riseMB: number;
  allowedRiseMB: number;
  /** Standard deviation of the second half's samples around the line: the GC's sawtooth. */
  residualMB: number;
}

export interface SoakReport {
  startedAt: string;
  minutes: number;
  intervalMs: number;
  dataDir: string;
  checks: { started: number; decided: number; failed: number; fevers: number; manual: number };
  memory: MemoryFigures;
  files: {
    /** Database file and WAL before the kiosk started (after the roster import). */
    beforeBytes: number;
    /** Database file and WAL after it stopped. */
    afterBytes: number;
    /** The largest sizes sampled while it ran. */
    maxDbBytes: number;
    maxWalBytes: number;
    growthBytesPer1000Checks: number;
  };
  unplugs: UnplugRecord[];
  districtPhases: PhaseRecord[];
  drain: { drained: boolean; afterS: number; pending: number | null };
  accounting: Accounting;
  failures: string[];
  samples: Sample[];
  verdict: { ok: boolean; problems: string[] };
}

/**
 * Memory is flat when the fitted line rises no more than 10 MB an hour over the second half
 * (the first half is start-up: the JIT, the page cache and V8's heap reaching their size). At a
 * check every 500 ms that is 7,200 checks an hour, so 10 MB/h is under 1.5 KB kept per check:
 * less than one check's view, entry and event, so any per-check leak exceeds it, while a
 * 10-hour school day grows at most 100 MB. A short run cannot resolve 10 MB/h under V8's
 * sawtooth of a few MB, so the allowance is never less than 8 MB of rise: a 15-minute run
 * catches ~64 MB/h and worse; runs of 2 hours and more are judged at the 10 MB/h itself.
 */
export function memoryAllowance(secondHalfHours: number): number {
  return Math.max(8, 10 * secondHalfHours);
}

export function memoryFigures(samples: readonly Sample[]): MemoryFigures {
  const rss = samples.map((sample) => sample.rssMB);
  const last = samples.at(-1)?.atS ?? 0;
  const second = samples.filter((sample) => sample.atS >= last / 2);
  const points = second.map((sample) => ({ x: sample.atS / 3600, y: sample.rssMB }));
  const { slope, residual } = leastSquares(points);
  const secondHalfHours = points.length > 1 ? (points.at(-1)?.x ?? 0) - (points[0]?.x ?? 0) : 0;
  return {
    minMB: Math.min(...rss),
    medianMB: median(rss),
    maxMB: Math.max(...rss),
    slopeMBPerHour: slope,
    secondHalfHours,
    riseMB: slope * secondHalfHours,
    allowedRiseMB: memoryAllowance(secondHalfHours),
    residualMB: residual,
  };
}

export function leastSquares(points: readonly { x: number; y: number }[]): {
  slope: number;
  residual: number;
} {
  const n = points.length;
  if (n < 2) return { slope: 0, residual: 0 };
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const point of points) {
    sxy += (point.x - meanX) * (point.y - meanY);
    sxx += (point.x - meanX) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const squares = points.reduce((sum, p) => sum + (p.y - meanY - slope * (p.x - meanX)) ** 2, 0);
  return { slope, residual: Math.sqrt(squares / n) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Bytes the database gained per 1000 checks: the file (and WAL) before the kiosk started, after
 * the roster import, against the file after it stopped, when the WAL has been written back.
 * Sizes taken while it runs would count the WAL's own churn.
 */
export function growthPer1000(beforeBytes: number, afterBytes: number, checks: number): number {
  return checks === 0 ? 0 : ((afterBytes - beforeBytes) / checks) * 1000;
}

/** Everything that makes the soak fail; empty when it passed. */
export function problemsOf(report: Omit<SoakReport, 'verdict'>, judgeMemory: boolean): string[] {
  const problems: string[] = [...report.failures];
  const { accounting, memory } = report;
  if (judgeMemory && memory.riseMB > memory.allowedRiseMB) {
    problems.push(
      `memory is not flat: ${memory.slopeMBPerHour.toFixed(1)} MB/h over the second half, ` +
        `a rise of ${memory.riseMB.toFixed(1)} MB (allowed ${memory.allowedRiseMB.toFixed(1)})`,
    );
  }
  if (report.checks.failed > 0) problems.push(`${report.checks.failed} checks got no decision`);
  problems.push(...accounting.problems);
  for (const unplug of report.unplugs) {
    if (unplug.detectedAfterMs === null)
      problems.push(`unplug at ${unplug.unplugAtS} s: the kiosk never said disconnected`);
    if (unplug.reconnectedAfterMs === null)
      problems.push(`replug at ${unplug.replugAtS} s: the kiosk did not reconnect by itself`);
  }
  if (!report.drain.drained) {
    problems.push(`the upload did not drain: ${report.drain.pending} still pending`);
  }
  return problems;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

export function formatReport(report: SoakReport): string {
  const lines: string[] = [];
  const { memory, checks, files } = report;
  lines.push(
    `Soak: ${report.minutes} min, a check every ${report.intervalMs} ms (${report.dataDir})`,
  );
  lines.push('');
  lines.push(
    '   time    RSS MB   db MB   wal MB   checks  decided  failed  pending  thermometer  district',
  );
  const every = report.minutes >= 3 ? 60 : 0;
  let next = 0;
  for (const sample of report.samples) {
    if (sample.atS < next && sample !== report.samples.at(-1)) continue;
    next = sample.atS + every;
    lines.push(
      [
        `${(sample.atS / 60).toFixed(1).padStart(5)} min`,
        sample.rssMB.toFixed(1).padStart(8),
        mb(sample.dbBytes).padStart(7),
        mb(sample.walBytes).padStart(8),
        String(sample.started).padStart(8),
        String(sample.decided).padStart(8),
        String(sample.failed).padStart(7),
        String(sample.pending ?? '-').padStart(8),
        (sample.thermometerConnected ? 'connected' : 'out').padStart(12),
        `  ${sample.districtFault ?? 'ok'}`,
      ].join(' '),
    );
  }
  lines.push('');
  lines.push(
    `checks: ${checks.started} started, ${checks.decided} decided, ${checks.failed} failed ` +
      `(${checks.fevers} fevers with a retest, ${checks.manual} typed in while unplugged)`,
  );
  lines.push(
    `kiosk RSS: min ${memory.minMB.toFixed(1)} MB, median ${memory.medianMB.toFixed(1)} MB, ` +
      `max ${memory.maxMB.toFixed(1)} MB; second half ${memory.slopeMBPerHour.toFixed(1)} MB/h ` +
      `(rise ${memory.riseMB.toFixed(1)} MB over ${(memory.secondHalfHours * 60).toFixed(1)} min, ` +
      `allowed ${memory.allowedRiseMB.toFixed(1)} MB, scatter ±${memory.residualMB.toFixed(1)} MB)`,
  );
  lines.push(
    `files: kiosk.db ${mb(files.beforeBytes)} MB before, ${mb(files.afterBytes)} MB after ` +
      `(largest while running: db ${mb(files.maxDbBytes)} MB, WAL ${mb(files.maxWalBytes)} MB); ` +
      `${(files.growthBytesPer1000Checks / 1024).toFixed(0)} KB per 1000 checks`,
  );
  for (const unplug of report.unplugs) {
    lines.push(
      `thermometer out at ${unplug.unplugAtS.toFixed(0)} s: disconnected after ` +
        `${unplug.detectedAfterMs ?? 'never'} ms; back at ${unplug.replugAtS.toFixed(0)} s, ` +
        `reconnected after ${unplug.reconnectedAfterMs ?? 'never'} ms`,
    );
  }
  for (const phase of report.districtPhases) {
    lines.push(
      `district ${phase.kind} from ${phase.startS.toFixed(0)} s to ${phase.endS.toFixed(0)} s: ` +
        `${phase.pendingAtEnd ?? '?'} pending at its return, drained after ` +
        `${phase.drainedAfterS === null ? 'the run' : `${phase.drainedAfterS.toFixed(0)} s`}`,
    );
  }
  const a = report.accounting;
  lines.push(
    `accounting: ${a.decidedChecks} checks decided = ${a.finalEntriesInDb} final entries in the ` +
      `database; ${a.entriesSeen} entries the kiosk announced, ${a.entriesInDb} in the database; ` +
      `${a.outboxPending} waiting in the outbox, ${a.districtRecords} records at the district; ` +
      `quick_check ${a.quickCheck}`,
  );
  lines.push(
    `upload drain after the run: ${report.drain.drained ? 'done' : 'NOT done'} in ` +
      `${report.drain.afterS.toFixed(0)} s`,
  );
  lines.push('');
  lines.push(
    report.verdict.ok
      ? 'PASS'
      : `FAIL:\n${report.verdict.problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  return lines.join('\n');
}
