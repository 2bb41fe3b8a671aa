// A private PostgreSQL cluster for a test file or a bench: Debian's server binaries, initdb into
// a temporary folder, `postgres` on a free loopback port, trust authentication for the
// superuser `postgres`. Each caller gets its own cluster, so test files run in parallel and a
// test may stop the database under the service (`stop('immediate')` is a crash: no checkpoint,
// the WAL replayed at the next start) and start it again on the same port and files.
// PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user Debian's
// package creates.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export interface PostgresCluster {
  /** The superuser's URL for a database of this cluster (`postgres` unless named). */
  url(database?: string): string;
  /** A fresh empty database; its URL. */
  createDatabase(name: string): Promise<string>;
  port: number;
  /** `fast`: a clean shutdown. `immediate`: a crash, recovered from the WAL at the next start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

export interface PostgresOptions {
  /** fsync off (the default for tests, which do not survive a power cut); on for a bench. */
  fsync?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
}

/** Where Debian puts the server: /usr/lib/postgresql/<version>/bin, newest first. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL is not installed: the district service tests need its server. ' +
        'Install it with: sudo apt-get install -y postgresql',
    );
  }
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a server binary, as `postgres` when this process is root. */
function command(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'district-pg-'));
  const data = path.join(dir, 'data');
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const [initdb, initArgs] = command(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: options.fsync ? 'on' : 'off',
    full_page_writes: options.fsync ? 'on' : 'off',
    max_connections: '200',
    timezone: 'UTC',
    ...options.settings,
  };
  let server: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const [cmd, cmdArgs] = command(path.join(bin, 'postgres'), args);
    // Its own process group, so stop() reaches postgres itself and not only runuser.
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url() });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`PostgreSQL did not start:\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  function url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${port}/${database}`;
  }

  async function stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    // SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one (a crash).
    process.kill(-child.pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
    server = null;
  }

  // A test process that ends without destroy() (a crash, an interrupted run) must not leave a
  // server behind: postgres runs in its own process group, which outlives this process.
  const orphanGuard = () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGQUIT');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', orphanGuard);
  await start();
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
    start,
    async destroy() {
      process.off('exit', orphanGuard);
      await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`there is no "${name}" user to run PostgreSQL as (it refuses to run as root)`);
  }
}
