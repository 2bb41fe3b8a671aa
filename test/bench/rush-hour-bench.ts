// `npm run bench:upload` (second part; alone: `tsx test/bench/rush-hour-bench.ts`): the morning
// rush as the district sees it. 1,000 checks in 10 minutes reach the reference receiver through
// the kiosk's uploader, once sending each check on its own (batchMaxWaitSeconds 0, as before)
// and once filling batches for up to batchMaxWaitSeconds (10 s by default), in the same run;
// it counts the requests and measures how long each record took from the check to the
// district's commit. Time is compressed by --scale (default 10: 60 s of checks with a 1 s wait
// stand for 10 minutes with 10 s; the request count does not depend on it); --scale 1 plays the
// real ten minutes. Prints the figures; asserts nothing.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { startDistrictReceiver } from '../district/receiver';
import { startKioskServer } from '../rigs/kiosk-server';

const secret = 'bench-secret-0123456789';

interface RushResult {
  requests: number;
  records: number;
  /** Check to the district's commit, in rush-hour seconds (scaled back). */
  latency: { median: number; p99: number; max: number };
}

async function rush(waitSeconds: number, checks: number, minutes: number, scale: number) {
  const work = await mkdtemp(path.join(tmpdir(), 'kiosk-rush-bench-'));
  await mkdir(path.join(work, 'district'));
  const district = await startDistrictReceiver({ dataDir: path.join(work, 'district'), secret });
  const kiosk = await startKioskServer(work, {
    gate: { id: 'south', name: '南门' },
    district: {
      url: district.url,
      schoolId: 'bench-school',
      secret,
      batchMaxWaitSeconds: waitSeconds / scale,
    },
  });
  try {
    const gapMs = (minutes * 60_000) / checks / scale;
    const started = Date.now();
    for (let card = 1; card <= checks; card += 1) {
      // On schedule, not after the previous answer: the queue does not wait for the uploader.
      const due = started + (card - 1) * gapMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const answer = await fetch(`${kiosk.url}/api/op/scan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: kiosk.url },
        body: JSON.stringify({ text: `RUSH-${card}`, source: 'wedge' }),
      });
      if (!answer.ok) throw new Error(`scan ${card}: ${answer.status} ${await answer.text()}`);
    }
    while (district.stats().records < checks) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { requests: district.stats().batches, ...latencies(work, scale), records: checks };
  } finally {
    await kiosk.stop();
    await district.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** From each record's own time at the gate to the district's commit, scaled back to real time. */
function latencies(work: string, scale: number): Pick<RushResult, 'latency'> {
  const db = new Database(path.join(work, 'district', 'district.db'), { readonly: true });
  try {
    const rows = db
      .prepare<[], { at: string; received_at: string }>(
        "SELECT json_extract(body, '$.at') AS at, received_at FROM records",
      )
      .all();
    const seconds = rows
      .map((row) => ((Date.parse(row.received_at) - Date.parse(row.at)) * scale) / 1000)
      .sort((a, b) => a - b);
    const at = (share: number) =>
      seconds[Math.min(seconds.length - 1, Math.floor(share * seconds.length))] ?? NaN;
    return { latency: { median: at(0.5), p99: at(0.99), max: seconds.at(-1) ?? NaN } };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      checks: { type: 'string', default: '1000' },
      minutes: { type: 'string', default: '10' },
      scale: { type: 'string', default: '10' },
      wait: { type: 'string', default: '10' },
    },
  });
  const checks = Number(values.checks);
  const minutes = Number(values.minutes);
  const scale = Number(values.scale);
  const wait = Number(values.wait);
  console.log(
    `rush hour: ${checks.toLocaleString('en')} checks in ${minutes} minutes` +
      (scale === 1 ? '' : ` (played ${scale}× faster: ${(minutes * 60) / scale} s)`),
  );
  for (const seconds of [0, wait]) {
    const result = await rush(seconds, checks, minutes, scale);
    const { median, p99, max } = result.latency;
    console.log(
      `  batchMaxWaitSeconds ${String(seconds).padStart(2)}: ${result.requests} requests for ` +
        `${result.records} records (${(result.records / result.requests).toFixed(1)} per request); ` +
        `check → district commit median ${median.toFixed(1)} s, p99 ${p99.toFixed(1)} s, ` +
        `max ${max.toFixed(1)} s`,
    );
  }
}

await main();
