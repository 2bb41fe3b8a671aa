// One sample of the kiosk under soak: its resident memory from /proc (Linux), the sizes of its
// SQLite file and WAL, the checks so far, and what its status says about the upload and the
// thermometer. Reads only; a kiosk that does not answer shows as nulls, never a crash.
import { stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Status } from '../../contract/api';
import type { TrafficCounts } from './gate-traffic';
import type { Sample } from './soak-report';

/** VmRSS of a process, in MB. */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes / 1024;
}

/** A file's size in bytes; 0 when there is none (a WAL after a clean close). */
export async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

export async function takeSample(input: {
  pid: number;
  dataDir: string;
  atS: number;
  counts: TrafficCounts;
  status: () => Promise<Status>;
  districtFault: string | null;
}): Promise<Sample> {
  const status = await input.status().catch(() => null);
  const dbFile = path.join(input.dataDir, 'kiosk.db');
  return {
    atS: input.atS,
    rssMB: residentMegabytes(input.pid),
    dbBytes: await sizeOf(dbFile),
    walBytes: await sizeOf(`${dbFile}-wal`),
    started: input.counts.started,
    decided: input.counts.decided,
    failed: input.counts.failed,
    pending: status?.upload.pending ?? null,
    uploadState: status?.upload.state ?? null,
    thermometerConnected: status?.thermometer.connected ?? null,
    districtFault: input.districtFault,
  };
}
