// `npm run bench`: how long a person waits. Starts the kiosk as the README does, with a GY-906
// frame on a real socat pty pair and a wedge scan typed into Chromium, and times each step
// to the result on screen, first with nobody waiting for a retest, then with five people
// waiting aside (the same kiosk, the same run). Prints median and p90 of several runs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { encodeGy906Frame } from '../../native/thermometer/gy906';
import { launchBrowser } from '../rigs/browser';
import { repoRoot, startKioskServer } from '../rigs/kiosk-server';
import { openSocatPair } from '../rigs/socat-pair';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const run = promisify(execFile);

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'kiosk-bench-'));
  const serial = await openSocatPair(work);
  const cards = Array.from(
    { length: 2 * runs },
    (_, index) => `B${String(index).padStart(5, '0')}`,
  );
  const waiting = Array.from({ length: 5 }, (_, index) => `W${String(index).padStart(5, '0')}`);
  await writeFile(
    path.join(work, 'roster.csv'),
    [
      'card,name,kind,class,idNumber',
      ...[...cards, ...waiting].map((card) => `${card},测试${card},student,一年级1班,`),
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
    // Times are epoch milliseconds from both sides (one machine, one clock); the page marks
    // the moment the result element appears with a MutationObserver, so no polling delay.
    const epoch = () => performance.timeOrigin + performance.now();
    const watchFor = (decision: string) =>
      page.evaluate((wanted) => {
        (window as { shownAt?: Promise<number> }).shownAt = new Promise<number>((resolve) => {
          const selector = `[data-testid="result"][data-decision="${wanted}"]`;
          const observer = new MutationObserver(() => {
            if (document.querySelector(selector) === null) return;
            observer.disconnect();
            resolve(performance.timeOrigin + performance.now());
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        });
      }, decision);
    const shownAt = () =>
      page.evaluate(
        () => (window as { shownAt?: Promise<number> }).shownAt ?? Promise.resolve(NaN),
      );
    await page.evaluate(() => {
      window.addEventListener(
        'keydown',
        (event) => {
          if (event.key !== 'Enter') return;
          (window as { enterAt?: number }).enterAt = performance.timeOrigin + performance.now();
        },
        { capture: true },
      );
    });
    const timeChecks = async (batch: string[], offset: number) => {
      const denyTimes: number[] = [];
      const passTimes: number[] = [];
      for (const [position, card] of batch.entries()) {
        const index = offset + position;
        // Unknown card by wedge: from the Enter key to the deny on screen.
        await watchFor('deny');
        await page.keyboard.type(`UNKNOWN${index}`, { delay: 2 });
        await page.keyboard.press('Enter');
        const denied = await shownAt();
        denyTimes.push(
          denied - (await page.evaluate(() => (window as { enterAt?: number }).enterAt ?? NaN)),
        );
        // Known card, then a steady run of GY-906 frames as the forehead is in front, then the
        // lane as the person steps away: from that last frame (which completes the measurement)
        // to the pass on screen.
        await measureAs(card, 36.5, 'pass');
        passTimes.push(lastMeasured);
      }
      return { denyTimes, passTimes };
    };
    let lastMeasured = NaN;
    const measureAs = async (card: string, celsius: number, decision: string) => {
      await page.keyboard.type(card, { delay: 2 });
      await page.keyboard.press('Enter');
      await page.waitForFunction((name) => document.body.innerText.includes(name), `测试${card}`);
      for (let frame = 0; frame < 3; frame += 1) await serial.write(encodeGy906Frame(celsius, 24));
      await watchFor(decision);
      const written = epoch();
      await serial.write(encodeGy906Frame(24, 24));
      lastMeasured = (await shownAt()) - written;
    };
    const none = await timeChecks(cards.slice(0, runs), 0);
    // Five pupils at 38.0 °C, each told to wait aside: their retests stay open (nobody rescans
    // them) through every timed check that follows.
    for (const card of waiting) await measureAs(card, 38.0, 'retest');
    const five = await timeChecks(cards.slice(runs), runs);
    report('wedge scan (unknown card) → deny on screen, nobody waiting', none.denyTimes);
    report('wedge scan (unknown card) → deny on screen, 5 waiting for a retest', five.denyTimes);
    report(
      'GY-906 frame completing a measurement → pass on screen, nobody waiting',
      none.passTimes,
    );
    report('GY-906 frame completing a measurement → pass, 5 waiting for a retest', five.passTimes);
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
