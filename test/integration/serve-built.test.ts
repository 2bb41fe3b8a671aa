// Server mode the way the README starts it: `npm run build`, then `npm run serve -- --data-dir
// DIR --port N`, which runs the bundle with node (no tsx). Stopped the way a terminal's Ctrl+C or
// a service manager stops it: a signal to the whole process group (npm, sh and node).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const bundle = path.join(repoRoot, 'dist-server', 'server', 'server-cli.js');
const screen = path.join(repoRoot, 'dist', 'renderer', 'index.html');

let dataDir: string;
const started: ChildProcess[] = [];

beforeAll(() => {
  // `npm test` has built both already; a lone run of this file builds what is missing.
  if (existsSync(bundle) && existsSync(screen)) return;
  const build = spawnSync('npm', ['run', '--silent', 'build', '--', '--logLevel', 'warn'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
}, 180_000);

afterEach(() => {
  // A failed test must not leave a kiosk holding its data folder.
  for (const child of started.splice(0)) {
    const running = child.exitCode === null && child.signalCode === null;
    if (running && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `command` in a process group of its own; resolves with the address it prints. */
async function startGroup(command: string, args: string[]) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-serve-built-'));
  const child = spawn(command, [...args, '--data-dir', dataDir, '--port', '0'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });
  return { pid, url, exited, output: () => output };
}

/** The pids in the tree below `pid`, itself included, with their command lines. */
function processTree(pid: number): { pid: number; argv: string[] }[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  return [{ pid, argv }, ...children.flatMap(processTree)];
}

async function gone(pid: number): Promise<void> {
  for (let waited = 0; existsSync(`/proc/${pid}`); waited += 50) {
    if (waited > 15_000) throw new Error(`process ${pid} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function answersLikeTheKiosk(url: string) {
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<!doctype html>/i);
  const status = await (await fetch(`${url}/api/status`)).json();
  expect(status.thermometer).toMatchObject({ connected: true, driver: 'simulated' });
}

describe.skipIf(process.platform !== 'linux')('server mode from the built bundle', () => {
  it('starts with `npm run serve`, runs no tsx, and stops cleanly on SIGTERM to its group', async () => {
    const kiosk = await startGroup('npm', ['run', 'serve', '--']);
    await answersLikeTheKiosk(kiosk.url);

    const tree = processTree(kiosk.pid);
    expect(tree.flatMap((entry) => entry.argv).join(' ')).not.toMatch(/tsx/);
    const node = tree.find((entry) => entry.argv.some((arg) => arg.endsWith('serve.mjs')));
    if (node === undefined) throw new Error(`no node running serve.mjs: ${JSON.stringify(tree)}`);
    // The database is open (in WAL mode) while the kiosk runs.
    expect(readdirSync(dataDir)).toContain('kiosk.db-wal');

    process.kill(-kiosk.pid, 'SIGTERM');
    await gone(node.pid);
    const { code, signal } = await kiosk.exited;
    // npm reports how its shell ended, and the shell took the group's SIGTERM itself; the
    // kiosk under it closed its server and database (no write-ahead log left) and said nothing.
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
    expect(readdirSync(dataDir)).not.toContain('kiosk.db-wal');
    expect(kiosk.output()).not.toMatch(/error|cannot/i);
  });

  it('runs the bundle itself with node and exits 0 on SIGINT to its group', async () => {
    const kiosk = await startGroup(process.execPath, [bundle]);
    await answersLikeTheKiosk(kiosk.url);
    process.kill(-kiosk.pid, 'SIGINT');
    expect(await kiosk.exited).toEqual({ code: 0, signal: null });
    expect(readdirSync(dataDir)).not.toContain('kiosk.db-wal');
  });

  it('holds no tsx: nothing in the bundle imports it', () => {
    const source = readFileSync(bundle, 'utf8');
    expect(source).not.toMatch(/(?:from\s*|import\(\s*|require\(\s*)["']tsx\b/);
  });

  it('says how to build when the bundle is missing', () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-serve-built-'));
    // The launcher alone in an app folder with nothing built.
    cpSync(path.join(repoRoot, 'scripts', 'serve.mjs'), path.join(dataDir, 'scripts', 'serve.mjs'));
    const result = spawnSync(process.execPath, [path.join(dataDir, 'scripts', 'serve.mjs')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not built yet .*Run: npm run build/);
  });
});
