// A kiosk under heavy check traffic, as a child process a test may SIGKILL at any moment:
// builds the backend with createKiosk on a data folder and makes checks through the contract as
// fast as it can. It prints one line per entry only once the kiosk has announced it saved
// (entry-saved comes after the commit), with a synchronous write, so a line the parent reads is
// a check the kiosk reported as recorded. Run:
//   node --import tsx test/rigs/check-traffic.ts --data-dir DIR --config FILE --clock-start ISO
// Lines out: `ready`, then `recorded <entry id> <check id> <decision> <card>` per entry.
// Lines in: `go` starts the traffic; `stop` closes the kiosk and exits 0.
import { writeSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';

/** The demo roster's cards (loaded into an empty data folder). */
const cards = [
  'S2026001',
  'S2026002',
  'S2026003',
  'S2026004',
  'S2026005',
  'S2026006',
  'S2026007',
  'S2026008',
];

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    config: { type: 'string' },
    'clock-start': { type: 'string' },
  },
});
const dataDir = values['data-dir'];
if (dataDir === undefined || values.config === undefined) {
  throw new Error('usage: check-traffic.ts --data-dir DIR --config FILE [--clock-start ISO]');
}

// The kiosk's clock starts where the last run's entries ended and runs fast: each check moves
// it on, so cards never repeat within the repeat window and a retest's wait takes no time.
const started = Date.now();
let skewMs = 0;
const clockStart = Date.parse(values['clock-start'] ?? '2026-11-23T00:00:00.000Z');
const now = () => new Date(clockStart + (Date.now() - started) + skewMs);

function line(text: string): void {
  writeSync(1, `${text}\n`);
}

// Paths from the repository (the working folder), not from this file: it may run bundled.
const kiosk = await createKiosk({
  dataDir,
  configFile: values.config,
  now,
  migrationsDir: path.resolve('migrations'),
  demoRosterFile: path.resolve('resources', 'demo-roster.csv'),
});
kiosk.events.on('entry-saved', (entry) => {
  line(`recorded ${entry.id} ${entry.checkId} ${entry.decision} ${entry.cardText}`);
});

async function call(target: Kiosk, name: string, input: unknown): Promise<void> {
  const result = await dispatch(target.handlers, name, input);
  // A refused operation is the kiosk's fault, not the kill's: the parent sees it on stderr.
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
}

/**
 * One person after another: mostly a card and a reading from the (simulated) thermometer;
 * sometimes an unknown card (denied at the scan), a guard's typed reading, or a fever —
 * retest, the wait, the card again, then refer (an entry, its outbox row and a fever case in one transaction).
 */
async function run(target: Kiosk): Promise<never> {
  for (let person = 0; ; person += 1) {
    skewMs += 6000;
    const card = cards[person % cards.length] ?? 'S2026001';
    const kind = person % 10;
    if (kind === 3) {
      await call(target, 'scan', { text: `GUEST-${started}-${person}`, source: 'wedge' });
    } else if (kind === 7) {
      await call(target, 'scan', { text: card, source: 'wedge' });
      await call(target, 'simulateReading', { celsius: 38.5 });
      skewMs += 31_000;
      // Back after the wait: the card again, and the retest's reading.
      await call(target, 'scan', { text: card, source: 'wedge' });
      await call(target, 'simulateReading', { celsius: 38.6 });
    } else if (kind === 9) {
      await call(target, 'scan', { text: card, source: 'wedge' });
      await call(target, 'manualReading', {
        celsius: 36.7,
        guardName: '值班保安',
        instrument: 'handheld',
      });
    } else {
      await call(target, 'scan', { text: card, source: 'wedge' });
      await call(target, 'simulateReading', { celsius: 36.4 + (person % 5) / 10 });
    }
    // Lets the kiosk's timers (the check ticker, the storage sampler) run between people.
    await yieldToTimers();
  }
}

let traffic: Promise<never> | null = null;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  const commands = input.split('\n');
  input = commands.pop() ?? '';
  for (const command of commands) {
    if (command === 'go' && traffic === null) {
      traffic = run(kiosk).catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    } else if (command === 'stop') {
      void kiosk.close().then(() => process.exit(0));
    }
  }
});
line('ready');
