// The kiosk for the memory soak: `npm run serve`'s program (server/server-cli.ts) run by Node
// itself with tsx as a loader — not npm, not the tsx command — so its pid is the kiosk's, a
// SIGTERM reaches it and /proc/<pid>/status is its memory. It also loads heap-probe.ts and runs
// with --expose-gc, so the soak can ask it over IPC for its V8 heap after a full GC, for what
// malloc holds (malloc-stats.c, compiled here with gcc when there is one) and for heap snapshots
// written where the soak says.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../rigs/kiosk-process';
import type { MallocFigures, ProbeAnswer, ProbeQuestion, ProbeRequest } from './heap-probe';

export interface ProbedKiosk {
  url: string;
  pid: number;
  output(): string;
  /** V8's figures (heapUsed, external…) and malloc's, after a full GC when `gc`. */
  usage(gc: boolean): Promise<{
    usage: NodeJS.MemoryUsage;
    spaces: Record<string, number>;
    malloc: MallocFigures | null;
  }>;
  /** Whether malloc's figures are there (the extension compiled). */
  mallocStats: boolean;
  /** Writes a heap snapshot to `file` (after a full GC); malloc's figures after it. */
  snapshot(file: string): Promise<{ file: string; malloc: MallocFigures | null }>;
  /** SIGTERM: the kiosk closes its server and database; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, for a run that failed half-way. */
  kill(): Promise<void>;
}

/** The node flags the kiosk runs with; exported so the README and the test say the same. */
export function kioskNodeArgs(): string[] {
  const probe = pathToFileURL(path.join(import.meta.dirname, 'heap-probe.ts')).href;
  return ['--expose-gc', '--import', 'tsx', '--import', probe];
}

/**
 * Builds malloc-stats.c into `dir`; null (and the reason logged) without gcc or glibc's
 * mallinfo2: the soak then goes without malloc's figures.
 */
export function buildMallocStats(dir: string, log: (line: string) => void): string | null {
  const output = path.join(dir, 'malloc-stats.so');
  const include = path.join(repoRoot, 'node_modules', 'better-sqlite3', 'deps', 'sqlite3');
  const source = path.join(import.meta.dirname, 'malloc-stats.c');
  try {
    execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-I', include, '-o', output, source], {
      stdio: 'pipe',
    });
    return output;
  } catch (error) {
    log(`  (no malloc figures: malloc-stats.c did not build: ${(error as Error).message})`);
    return null;
  }
}

export async function spawnProbedKiosk(
  dataDir: string,
  configFile: string,
  mallocStats: string | null,
): Promise<ProbedKiosk> {
  const args = [
    ...kioskNodeArgs(),
    'server/server-cli.ts',
    ...['--data-dir', dataDir, '--port', '0', '--config', configFile],
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: mallocStats ? { ...process.env, KIOSK_SOAK_MALLOC_STATS: mallocStats } : process.env,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const pending = new Map<number, (answer: ProbeAnswer) => void>();
  child.on('message', (message: ProbeAnswer) => {
    pending.get(message.probe)?.(message);
    pending.delete(message.probe);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kiosk did not start:\n${output}`));
    }, 30_000);
    child.stdout?.on('data', () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });

  let next = 0;
  function ask(request: ProbeQuestion, timeoutMs: number): Promise<ProbeAnswer> {
    const probe = ++next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(probe);
        reject(new Error(`the kiosk's heap probe did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(probe, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      child.send({ ...request, probe } as ProbeRequest);
    });
  }

  return {
    url,
    pid: child.pid ?? 0,
    output: () => output,
    mallocStats: mallocStats !== null,
    async usage(gc) {
      const answer = await ask({ kind: 'usage', gc }, 30_000);
      if (!answer.ok) throw new Error(`heap probe: ${answer.error}`);
      return { usage: answer.usage, spaces: answer.spaces, malloc: answer.malloc };
    },
    async snapshot(file) {
      const answer = await ask({ kind: 'snapshot', file }, 300_000);
      if (!answer.ok) throw new Error(`heap probe: ${answer.error}`);
      return { file: answer.file ?? file, malloc: answer.malloc };
    },
    async stop() {
      if (isRunning(child)) {
        if (child.connected) child.disconnect();
        child.kill('SIGTERM');
      }
      return exited;
    },
    async kill() {
      if (isRunning(child)) child.kill('SIGKILL');
      await exited;
    },
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
