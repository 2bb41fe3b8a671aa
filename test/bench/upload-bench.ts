// `npm run bench:upload [-- --entries N]` (also part of `npm run bench`): a kiosk that was
// offline for weeks drains its backlog to the reference receiver on loopback. Fills a fresh
// data folder with N entries (default 1,000,000) waiting in the outbox, starts the receiver and
// the kiosk as their own processes, and samples once a second: records at the receiver, the
// kiosk's resident memory, and the time a check takes at the gate meanwhile (an unknown card,
// decided and written while the backlog drains). Prints the figures; asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEntryChain } from '../../backend/integrity/entry-chain';
import { openDatabase } from '../../backend/store/database';
import { insertPolicyRow } from '../fixtures/entry-rows';
import { repoRoot } from '../rigs/kiosk-server';

const secret = 'bench-secret-0123456789';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' } } });
  const entries = Number(values.entries);
  const work = await mkdtemp(path.join(tmpdir(), 'kiosk-upload-bench-'));
  const children: ChildProcess[] = [];
  try {
    const filled = performance.now();
    fillBacklog(work, entries);
    console.log(
      `backlog: ${entries.toLocaleString('en')} entries written in ` +
        `${((performance.now() - filled) / 1000).toFixed(1)} s`,
    );
    await mkdir(path.join(work, 'district'));
    const receiver = await startProcess(
      ['test/district/cli.ts', '--port', '0', '--data-dir', path.join(work, 'district')],
      ['--secret', secret],
      children,
    );
    await writeFile(
      path.join(work, 'config.json'),
      JSON.stringify({
        gate: { id: 'south', name: '南门' },
        district: { url: receiver.url, schoolId: 'bench-school', secret },
      }),
    );
    const started = performance.now();
    const kiosk = await startProcess(
      ['server/server-cli.ts', '--data-dir', work, '--port', '0'],
      ['--config', path.join(work, 'config.json')],
      children,
    );
    await drain(receiver.url, kiosk, entries, started);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
  }
}

/** N pass entries with their outbox rows, as weeks of a school's mornings would leave them. */
function fillBacklog(dataDir: string, count: number): void {
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  try {
    insertPolicyRow(db, 1);
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
      INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text, identity_source,
        name, kind, class_name, temperature_c, temperature_source, temperature_at,
        policy_version, temperature_method)
      SELECT 'check-' || i, strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01', '+' || (i * 2) || ' seconds'),
        'south', 'pass', '["temperature-normal"]', 'S' || (2026000000 + i), 'camera',
        '学生' || i, 'student', '三年级2班', 36.5, 'gy906',
        strftime('%Y-%m-%dT%H:%M:%fZ', '2026-10-01', '+' || (i * 2) || ' seconds'), 1, 'device'
      FROM n;
      INSERT INTO outbox (entry_id, created_at) SELECT id, at FROM entries;
    `);
    // Chained here, as the kiosk would have chained them one by one: the kiosk would otherwise
    // chain a million entries at its first start, and the bench would time that, not the upload.
    createEntryChain(db).chainUnchained();
  } finally {
    db.close();
  }
}

interface Running {
  url: string;
  pid: number;
}

/** Node with tsx's loader, in its own process (no npm or tsx wrapper between: the pid is it). */
async function startProcess(
  args: string[],
  quiet: string[],
  children: ChildProcess[],
): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args, ...quiet], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args[0]} did not start:\n${output}`)),
      60_000,
    );
    const look = (): void => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[0]);
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}:\n${output}`)));
  });
  if (child.pid === undefined) throw new Error(`${args[0]} has no pid`);
  return { url, pid: child.pid };
}

async function drain(
  receiverUrl: string,
  kiosk: Running,
  entries: number,
  started: number,
): Promise<void> {
  const memory: number[] = [];
  const checkMs: number[] = [];
  let first: { at: number; records: number } | null = null;
  let records = 0;
  let card = 0;
  while (records < entries) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    records = ((await (await fetch(`${receiverUrl}/stats`)).json()) as { records: number }).records;
    memory.push(residentMegabytes(kiosk.pid));
    // A check at the gate meanwhile: an unknown card is decided and written at once.
    const asked = performance.now();
    await fetch(`${kiosk.url}/api/op/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: kiosk.url },
      body: JSON.stringify({ text: `BENCH-${(card += 1)}`, source: 'wedge' }),
    });
    checkMs.push(performance.now() - asked);
    if (first === null && records > 0) first = { at: performance.now(), records };
    const elapsed = (performance.now() - started) / 1000;
    if (memory.length % 10 === 0) {
      console.log(
        `  ${elapsed.toFixed(0)} s: ${records.toLocaleString('en')} records, ${memory.at(-1)} MB`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const steady = first ? (records - first.records) / ((performance.now() - first.at) / 1000) : NaN;
  console.log(
    `drained ${entries.toLocaleString('en')} records in ${seconds.toFixed(1)} s from the kiosk's start: ` +
      `${Math.round(entries / seconds).toLocaleString('en')} records/s overall, ` +
      `${Math.round(steady).toLocaleString('en')} records/s once sending`,
  );
  console.log(
    `kiosk resident memory: max ${Math.max(...memory)} MB, median ${median(memory)} MB ` +
      `(${memory.length} samples, once a second)`,
  );
  console.log(
    `a check at the gate during the drain (unknown card → deny, written): median ` +
      `${median(checkMs).toFixed(1)} ms, p95 ${percentile(checkMs, 0.95).toFixed(1)} ms, ` +
      `max ${Math.max(...checkMs).toFixed(1)} ms (${checkMs.length} checks)`,
  );
}

/** VmRSS of a process, in MB, from /proc (Linux). */
function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kilobytes / 1024);
}

function median(values: number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
}

await main();
