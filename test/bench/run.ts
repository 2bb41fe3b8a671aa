// `npm run bench`: how long a person waits. Starts the kiosk as the README does, with a GY-906
// frame on a real socat pty pair and a wedge scan typed into Chromium, and times each step
// to the result on screen. Prints median and p90 of several runs; asserts nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { encodeGy906Frame } from '../../native/gy906';
import { launchBrowser } from '../rigs/browser';
import { repoRoot, startKioskServer } from '../rigs/kiosk-server';
import { openSocatPair } from '../rigs/socat-pair';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const run = promisify(execFile);

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'kiosk-bench-'));
  const serial = await openSocatPair(work);
  const cards = Array.from({ length: runs }, (_, index) => `B${String(index).padStart(5, '0')}`);
  await writeFile(
    path.join(work, 'roster.csv'),
    [
      'card,name,kind,class,idNumber',
      ...cards.map((card) => `${card},测试${card},student,一年级1班,`),
    ].join('\n'),
  );
  await run(
    'npm',
    ['run', '--silent', 'import-roster', '--', '--data-dir', work, path.join(work, 'roster.csv')],
    {
      cwd: repoRoot,
    },
  );
  const kiosk = await startKioskServer(work, {
    thermometer: { driver: 'gy906', path: serial.kioskPath, baudRate: 9600 },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(kiosk.url);
    await page.waitForLoadState('networkidle');
    const shown = () =>
      page.waitForFunction(
        (previous) => {
          const element = document.querySelector('[data-testid="result"][data-decision]');
          return element !== null && element !== previous ? performance.now() : false;
        },
        null,
        { polling: 'raf' },
      );
    const denyTimes: number[] = [];
    const passTimes: number[] = [];
    for (const [index, card] of cards.entries()) {
      // Unknown card by wedge: from the Enter key to the deny on screen, in the page's clock.
      await page.evaluate(() => {
        window.addEventListener(
          'keydown',
          (event) => {
            if (event.key === 'Enter') (window as { enterAt?: number }).enterAt = performance.now();
          },
          { once: true, capture: true },
        );
      });
      await page.keyboard.type(`UNKNOWN${index}`, { delay: 2 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="result"][data-decision="deny"]');
      denyTimes.push(
        await page.evaluate(
          () => performance.now() - ((window as { enterAt?: number }).enterAt ?? 0),
        ),
      );
      // Known card, then the thermometer frame: from the write to the pass on screen.
      await page.keyboard.type(card, { delay: 2 });
      await page.keyboard.press('Enter');
      await page.waitForFunction((name) => document.body.innerText.includes(name), `测试${card}`);
      const started = performance.now();
      await serial.write(encodeGy906Frame(36.5, 24));
      await page.waitForSelector('[data-testid="result"][data-decision="pass"]');
      passTimes.push(performance.now() - started);
      await shown().catch(() => undefined);
    }
    report('wedge scan (unknown card) → deny on screen', denyTimes);
    report('GY-906 frame on the serial line → pass on screen', passTimes);
  } finally {
    await browser.close();
    await kiosk.stop();
    await serial.close();
    await rm(work, { recursive: true, force: true });
  }
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  console.log(
    `${label}: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, ` +
      `min ${at(0).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (${samples.length} runs)`,
  );
}

await main();
