// What the district bench reads besides its answers: CPU time of processes from /proc (the
// service's, PostgreSQL's whole process tree, the load generator's), the machine's idle time,
// and the database's size; plus the summary table's formatting.
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/** Clock ticks a second (Linux's USER_HZ is 100 on every common build). */
const hz = 100;

function stat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: split after it.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process, in seconds (fields 14 and 15; index 11, 12 after the name). */
export function cpuSeconds(pid: number, withReapedChildren = false): number {
  const fields = stat(pid);
  if (!fields) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + children) / hz;
}

/** The postmaster listening on this port (its command line names the port). */
export function postmasterPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('/postgres') && cmd.includes(`port=${port}`)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no postgres process for port ${port}`);
}

/**
 * CPU seconds of PostgreSQL as a whole: the postmaster, every live backend and helper (its
 * children), and those already exited (the postmaster reaped them: their time is in its
 * cutime/cstime).
 */
export function postgresCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = stat(Number(entry));
    if (fields && Number(fields[1]) === postmaster) total += cpuSeconds(Number(entry));
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / hz, total: total / hz };
}

export interface CpuProbe {
  /** Share of one core each used since the probe began, in %; and `seconds`, how long. */
  stop(): Record<string, number>;
}

/** Measures named processes' CPU from now until stop(), as % of one core. */
export function cpuProbe(sources: Record<string, () => number>): CpuProbe {
  const started = Date.now();
  const before = Object.fromEntries(Object.entries(sources).map(([name, read]) => [name, read()]));
  const machine = machineCpu();
  return {
    stop() {
      const seconds = (Date.now() - started) / 1000;
      const shares: Record<string, number> = {};
      for (const [name, read] of Object.entries(sources)) {
        shares[name] = Math.round(((read() - (before[name] ?? 0)) / seconds) * 100);
      }
      const now = machineCpu();
      // Of all cores together (200 % on two cores), others' processes included.
      shares.machine = Math.round(((now.busy - machine.busy) / seconds) * 100);
      shares.seconds = seconds;
      return shares;
    },
  };
}

export interface Sizes {
  records: number;
  recordsBytes: number;
  recordsIndexBytes: number;
  batches: number;
  batchesBytes: number;
  dailyReportsBytes: number;
}

/** Rows and bytes of records (all partitions, tables and indexes), batches and daily reports. */
export async function databaseSizes(pool: pg.Pool): Promise<Sizes> {
  const { rows } = await pool.query<{
    records: number;
    table_bytes: number;
    index_bytes: number;
    batches: number;
    batches_bytes: number;
    reports_bytes: number;
  }>(`
    SELECT (SELECT count(*) FROM records)::bigint AS records,
           (SELECT sum(pg_table_size(relid)) FROM pg_partition_tree('records'))::bigint AS table_bytes,
           (SELECT sum(pg_indexes_size(relid)) FROM pg_partition_tree('records'))::bigint AS index_bytes,
           (SELECT count(*) FROM batches)::bigint AS batches,
           pg_total_relation_size('batches')::bigint AS batches_bytes,
           pg_total_relation_size('daily_reports')::bigint AS reports_bytes`);
  const row = rows[0];
  if (!row) throw new Error('no sizes');
  return {
    records: Number(row.records),
    recordsBytes: Number(row.table_bytes),
    recordsIndexBytes: Number(row.index_bytes),
    batches: Number(row.batches),
    batchesBytes: Number(row.batches_bytes),
    dailyReportsBytes: Number(row.reports_bytes),
  };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
}

/** A Markdown table (also readable as printed text). */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
