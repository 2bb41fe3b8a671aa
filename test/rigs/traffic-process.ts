// Starts check-traffic.ts (a kiosk making checks as fast as it can) as a child process that a
// test may SIGKILL at any moment, and reads the checks it reported as recorded. The script is
// bundled once with esbuild (a dependency of tsx and vite): a kill test restarts the kiosk
// hundreds of times, and the bundle starts in a third of the time tsx needs to compile the tree.
// Without esbuild it runs through tsx as a loader, like kiosk-process.ts.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import { repoRoot } from './kiosk-process';

/** One line of the child's: an entry the kiosk announced as saved. */
export interface RecordedCheck {
  entryId: number;
  checkId: string;
  decision: string;
  card: string;
}

export interface TrafficScript {
  /** node's arguments before the script's own. */
  nodeArgs: string[];
  bundled: boolean;
  remove(): Promise<void>;
}

const entry = path.join(repoRoot, 'test', 'rigs', 'check-traffic.ts');

/** Bundles check-traffic.ts into a temp folder that sees the repository's node_modules. */
export async function buildTrafficScript(): Promise<TrafficScript> {
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return { nodeArgs: ['--import', 'tsx', entry], bundled: false, remove: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-traffic-'));
  // Native modules stay outside the bundle and load from here (and so does their .node file).
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const outfile = path.join(dir, 'check-traffic.mjs');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'serialport', '@serialport/*', 'pdfkit'],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      // Aliased: a bundled package (pdfkit) imports createRequire under its own name.
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return {
    nodeArgs: [outfile],
    bundled: true,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface TrafficChild {
  pid: number | undefined;
  /** Every complete `recorded` line so far; a line cut by the kill is not one. */
  recorded: RecordedCheck[];
  /** Resolves when the kiosk is built and waits for `go`; rejects if it exits before. */
  ready: Promise<void>;
  /** Starts the traffic. */
  go(): void;
  /** SIGKILL; resolves once it has exited and everything it wrote has been read. */
  kill(): Promise<void>;
  /** Asks it to close the kiosk and exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** What it wrote to stderr. */
  errors(): string;
}

export interface TrafficOptions {
  dataDir: string;
  configFile: string;
  /** The kiosk's clock starts here (it then runs fast); after the last run's entries. */
  clockStart: Date;
}

export function spawnTraffic(script: TrafficScript, options: TrafficOptions): TrafficChild {
  const child = spawn(
    process.execPath,
    [
      ...script.nodeArgs,
      '--data-dir',
      options.dataDir,
      '--config',
      options.configFile,
      '--clock-start',
      options.clockStart.toISOString(),
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const recorded: RecordedCheck[] = [];
  let errors = '';
  let pending = '';
  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announceReady = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [word, id, checkId, decision, card] = line.split(' ');
      if (word === 'ready') announceReady();
      if (word === 'recorded' && card !== undefined) {
        recorded.push({
          entryId: Number(id),
          checkId: checkId ?? '',
          decision: decision ?? '',
          card,
        });
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (errors += chunk));
  // Its stdin closes with it; a write after that must not throw in the test.
  child.stdin.on('error', () => undefined);
  // 'close' comes after the exit and after the last byte of its output has been read.
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const readyOrExit = Promise.race([
    ready,
    closed.then((code) => {
      throw new Error(`the traffic kiosk exited with ${code} before it was ready:\n${errors}`);
    }),
  ]);
  // A kill during start-up may come before ready: nobody need wait for it then.
  readyOrExit.catch(() => undefined);
  return {
    pid: child.pid,
    recorded,
    ready: readyOrExit,
    go: () => child.stdin.write('go\n'),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    },
    stop: async () => {
      child.stdin.write('stop\n');
      return closed;
    },
    errors: () => errors,
  };
}
